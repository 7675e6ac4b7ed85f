// Staff open a ticket (a phone call, an e-mail typed in) and land on it.
import { useNavigate, useSearchParams } from 'react-router-dom';
import { TicketForm } from '../components/TicketForm';
import { PageHeader } from '../components/ui';

export function NewTicketPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const initial = Number(params.get('customer') ?? '');
  return (
    <>
      <PageHeader title="New ticket" subtitle="You become responsible for it until you hand it on" />
      <TicketForm
        portal={false}
        initialCustomerId={Number.isInteger(initial) && initial > 0 ? initial : undefined}
        onCreated={(t) => navigate(`/tickets/${t.id}`, { replace: true })}
      />
    </>
  );
}
