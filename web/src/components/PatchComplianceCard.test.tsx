import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PatchCompliance } from '../api/patching';
import { fakeApi, json } from '../test-utils';
import { formatPercent, PatchComplianceCard } from './PatchComplianceCard';

const NONE_OVERDUE = { critical: 0, important: 0, moderate: 0, low: 0, service_release: 0, major_revision: 0 };

function show(c: PatchCompliance | null) {
  fakeApi({
    'GET /api/v1/customers/7/patch-compliance': () =>
      c ? json(c) : json({ error: { code: 'forbidden', message: 'not allowed' } }, 403),
  });
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={qc}>
      <PatchComplianceCard customerId={7} />
    </QueryClientProvider>,
  );
  return screen.findByRole('region', { name: 'Patch compliance' });
}

const figure = (card: HTMLElement, name: string) => card.querySelector(`[data-compliance="${name}"]`)?.textContent;

afterEach(() => vi.unstubAllGlobals());

describe('PatchComplianceCard', () => {
  it('shows the managed devices, compliant with the percent, fully patched, unknown and "Nothing overdue"', async () => {
    const card = await show({
      devices: 12,
      compliant: 9,
      fully_patched: 4,
      unknown: 1,
      percent: 75.0,
      overdue_by_class: NONE_OVERDUE,
    });
    await within(card).findByText('Managed devices');
    expect(figure(card, 'devices')).toBe('12');
    expect(figure(card, 'compliant')).toBe('9');
    expect(figure(card, 'percent')).toBe('75 %');
    expect(figure(card, 'fully-patched')).toBe('4');
    expect(figure(card, 'unknown')).toBe('1');
    expect(within(card).getByText('Nothing overdue')).toBeTruthy();
    expect(within(card).getByText(/no scan within 48 h/)).toBeTruthy();
  });

  it('lists only the classes with overdue updates', async () => {
    const card = await show({
      devices: 3,
      compliant: 1,
      fully_patched: 0,
      unknown: 1,
      percent: 33.3,
      overdue_by_class: { ...NONE_OVERDUE, critical: 2, low: 1 },
    });
    const list = await within(card).findByRole('list');
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Critical: 2', 'Low: 1']);
    expect(figure(card, 'percent')).toBe('33.3 %');
    expect(within(card).queryByText('Nothing overdue')).toBeNull();
    expect(within(card).queryByText(/Important/)).toBeNull();
  });

  it('says so when the customer has no managed devices', async () => {
    const card = await show({ devices: 0, compliant: 0, fully_patched: 0, unknown: 0, percent: null, overdue_by_class: NONE_OVERDUE });
    expect(await within(card).findByText('No managed servers or workstations.')).toBeTruthy();
  });

  it("shows the server's refusal", async () => {
    const card = await show(null);
    expect((await within(card).findByRole('alert')).textContent).toBe('not allowed');
  });

  it('formats percentages with at most one decimal', () => {
    expect(formatPercent(100)).toBe('100 %');
    expect(formatPercent(66.66)).toBe('66.7 %');
    expect(formatPercent(null)).toBe('—');
  });
});
