// The portal's billing: the customer's contracts, their issued invoices
// with the PDF of each, and their support hours (included time left this
// month, the flex balance and when it expires). The API scopes all of it to
// the contact's customer and never answers drafts.
import { useContracts, useInvoices } from '../api/billing';
import { InvoiceTable } from '../components/BillingBits';
import { ContractCard, HoursCard } from '../components/BillingCards';
import { Card, Empty, ErrorBox, Loading, PageHeader, StatusBadge } from '../components/ui';
import { balanceCents } from '../lib/billing';
import { formatCents, formatDate } from '../lib/format';

export function PortalBilling({ customerId }: { customerId: number }) {
  const invoices = useInvoices();
  const contracts = useContracts();
  const issued = (invoices.data ?? []).filter((i) => i.status !== 'draft');
  const owed = issued.reduce((s, i) => s + Math.max(0, balanceCents(i)), 0);
  const list = contracts.data ?? [];
  return (
    <>
      <PageHeader
        title="Billing"
        subtitle={owed > 0 ? `${formatCents(owed)} to pay` : 'Your contract, invoices and support hours'}
      />
      <div className="grid-2">
        <ContractCard customerId={customerId} basePath={null} />
        <HoursCard customerId={customerId} id="portal-hours" basePath="/portal" />
      </div>
      <Card title={`Invoices (${issued.length})`} id="portal-invoices">
        {invoices.isLoading ? (
          <Loading />
        ) : invoices.error ? (
          <ErrorBox error={invoices.error} />
        ) : issued.length === 0 ? (
          <Empty>No invoices yet.</Empty>
        ) : (
          <InvoiceTable invoices={issued} basePath={null} pdf label="Your invoices" />
        )}
      </Card>
      <Card title={`Contracts (${list.length})`} id="portal-contracts">
        {contracts.isLoading ? (
          <Loading />
        ) : contracts.error ? (
          <ErrorBox error={contracts.error} />
        ) : list.length === 0 ? (
          <Empty>No contracts.</Empty>
        ) : (
          <div className="table-wrap">
            <table className="table" aria-label="Your contracts">
              <thead>
                <tr>
                  <th scope="col">Contract</th>
                  <th scope="col">Status</th>
                  <th scope="col">Start</th>
                  <th scope="col">Term</th>
                  <th scope="col">Renews</th>
                  <th scope="col">Ends</th>
                </tr>
              </thead>
              <tbody>
                {list.map((c) => (
                  <tr key={c.id} data-contract-id={c.id}>
                    <td>
                      <strong>Contract #{c.id}</strong>
                    </td>
                    <td>
                      <StatusBadge status={c.status} />
                    </td>
                    <td className="nowrap">{formatDate(c.start_date)}</td>
                    <td>{c.term_months} months</td>
                    <td>
                      {c.renews_contract_id != null
                        ? `Renews contract #${c.renews_contract_id}`
                        : c.auto_renew
                          ? 'Automatically'
                          : 'No'}
                    </td>
                    <td className="nowrap">{formatDate(c.terminated_on ?? c.ends_on)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
