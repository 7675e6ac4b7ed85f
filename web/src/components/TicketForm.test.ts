import { describe, expect, it } from 'vitest';
import { draftBody, parseTags, validateDraft } from './TicketForm';
import type { TicketDraft } from './TicketForm';

const draft: TicketDraft = {
  customer_id: '3',
  contact_id: '',
  source: 'phone',
  subject: 'VPN drops',
  description: 'Every night at 02:00.',
  priority: 'high',
  symptoms: '  ',
  steps_to_reproduce: '',
  recent_changes: 'Firmware 7.4',
  ci_ids: [11],
  tags: 'vpn, network, vpn',
};

describe('new-ticket validation', () => {
  it('accepts a complete draft', () => {
    expect(validateDraft(draft, false)).toEqual({});
  });
  it('names every missing required field', () => {
    const e = validateDraft({ ...draft, customer_id: '', subject: ' ', description: '', priority: '' }, false);
    expect(Object.keys(e).sort()).toEqual(['customer_id', 'description', 'priority', 'subject']);
  });
  it('does not ask a portal user for the customer', () => {
    expect(validateDraft({ ...draft, customer_id: '' }, true)).toEqual({});
  });
  it('limits subject length and tags', () => {
    expect(validateDraft({ ...draft, subject: 'x'.repeat(201) }, false).subject).toBeTruthy();
    expect(validateDraft({ ...draft, tags: 'y'.repeat(51) }, false).tags).toBeTruthy();
  });
});

describe('new-ticket body', () => {
  it('drops empty optional fields, dedupes tags and types the ids', () => {
    expect(parseTags(' a, b ,,a ')).toEqual(['a', 'b']);
    expect(draftBody(draft, false)).toEqual({
      customer_id: 3,
      source: 'phone',
      subject: 'VPN drops',
      description: 'Every night at 02:00.',
      priority: 'high',
      recent_changes: 'Firmware 7.4',
      ci_ids: [11],
      tags: ['vpn', 'network'],
    });
  });
  it('sends no customer, contact, source or tags from the portal', () => {
    const b = draftBody({ ...draft, contact_id: '5' }, true);
    expect(b).not.toHaveProperty('customer_id');
    expect(b).not.toHaveProperty('contact_id');
    expect(b).not.toHaveProperty('source');
    expect(b).not.toHaveProperty('tags');
    expect(b.ci_ids).toEqual([11]);
  });
});
