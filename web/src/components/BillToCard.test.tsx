import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, json } from '../test-utils';
import type { BillingProfile } from '../api/billing';
import { BillToCard, localityLine, profileBody } from './BillToCard';

function wrap(children: ReactNode) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return <QueryClientProvider client={qc}>{children}</QueryClientProvider>;
}

const FROM_SITE: BillingProfile = {
  customer_id: 4,
  contact_id: null,
  address_lines: [],
  city: '',
  region: '',
  postal_code: '',
  country: '',
  bill_to: {
    customer_name: 'Harbor Dental',
    contact_id: 11,
    contact_name: 'Dana Whitfield',
    contact_email: 'dana@harbor.example',
    contact_source: 'primary',
    address_source: 'site',
    address_lines: ['Harbor Plaza', '1200 Bay Street'],
    city: 'Tampa',
    region: '',
    postal_code: '33602',
    country: 'USA',
  },
};

const CONTACTS = [
  { id: 11, name: 'Dana Whitfield', email: 'dana@harbor.example' },
  { id: 12, name: 'Accounts Payable', email: 'ap@harbor.example' },
];

afterEach(() => vi.unstubAllGlobals());

describe('BillToCard', () => {
  it('formats the locality as the PDF does', () => {
    expect(localityLine({ city: 'Tampa', region: 'FL', postal_code: '33602' })).toBe('Tampa, FL 33602');
    expect(localityLine({ city: 'Tampa', region: '', postal_code: '33602' })).toBe('Tampa 33602');
    expect(localityLine({ city: '', region: '', postal_code: '' })).toBe('');
  });

  it('turns the form into the PUT body, one line per address line', () => {
    expect(
      profileBody({ contactId: '12', lines: ' PO Box 7 \n\n Suite 4', city: ' St. Petersburg ', region: 'FL', postalCode: '33701', country: 'USA' }),
    ).toEqual({
      contact_id: 12,
      address_lines: ['PO Box 7', 'Suite 4'],
      city: 'St. Petersburg',
      region: 'FL',
      postal_code: '33701',
      country: 'USA',
    });
    expect(profileBody({ contactId: '', lines: '', city: '', region: '', postalCode: '', country: '' }).contact_id).toBeNull();
  });

  it('shows the fallback address and contact, and says where they come from', async () => {
    fakeApi({ 'GET /api/v1/customers/4/billing-profile': () => json(FROM_SITE) });
    render(wrap(<BillToCard customerId={4} contacts={CONTACTS} canEdit={false} />));
    expect(await screen.findByText('1200 Bay Street')).toBeTruthy();
    expect(screen.getByText('Tampa 33602')).toBeTruthy();
    expect(screen.getByText(/from the customer's first site/)).toBeTruthy();
    expect(screen.getByText('Dana Whitfield')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
  });

  it('saves an edit and shows a server field error under its field', async () => {
    let puts = 0;
    const calls = fakeApi({
      'GET /api/v1/customers/4/billing-profile': () => json(FROM_SITE),
      'PUT /api/v1/customers/4/billing-profile': () => {
        puts += 1;
        return puts === 1
          ? json({ error: { code: 'invalid_argument', message: 'at most 100 characters on one line', field: 'city' } }, 400)
          : json(FROM_SITE);
      },
    });
    render(wrap(<BillToCard customerId={4} contacts={CONTACTS} canEdit />));
    fireEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    fireEvent.change(screen.getByLabelText('Billing contact'), { target: { value: '12' } });
    fireEvent.change(screen.getByLabelText(/Street address/), { target: { value: 'PO Box 7' } });
    fireEvent.change(screen.getByLabelText('City'), { target: { value: 'St. Petersburg' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save billing address' }));
    expect(await screen.findByText('at most 100 characters on one line')).toBeTruthy();
    expect(screen.getByLabelText('City').getAttribute('aria-describedby')).toBe('billto-city-error');
    const put = calls.find((c) => c.method === 'PUT');
    expect(put?.body).toEqual({
      contact_id: 12,
      address_lines: ['PO Box 7'],
      city: 'St. Petersburg',
      region: '',
      postal_code: '',
      country: '',
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save billing address' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Save billing address' })).toBeNull());
    expect(puts).toBe(2);
  });

  it('refuses a fifth address line before asking the server', async () => {
    const calls = fakeApi({ 'GET /api/v1/customers/4/billing-profile': () => json(FROM_SITE) });
    render(wrap(<BillToCard customerId={4} contacts={CONTACTS} canEdit />));
    fireEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    fireEvent.change(screen.getByLabelText(/Street address/), { target: { value: '1\n2\n3\n4\n5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save billing address' }));
    expect(await screen.findByText('At most 4 address lines.')).toBeTruthy();
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);
  });
});
