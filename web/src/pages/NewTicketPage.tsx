// Staff open a ticket (a phone call, an e-mail typed in) and land on it.
import { useNavigate, useSearchParams } from 'react-router-dom';
import { TicketForm } from '../components/TicketForm';
import { PageHeader } from '../components/ui';
import { useUser } from '../auth/AuthContext';
import { canWorkTickets } from '../auth/roles';

export function NewTicketPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const initial = Number(params.get('customer') ?? '');
  const user = useUser();
  return (
    <>
      <PageHeader title="New ticket" subtitle={
          canWorkTickets(user.role)
            ? 'You become responsible for it until you hand it on'
            : 'The dispatcher (the on-call technician) becomes responsible for it'
        } />
      <TicketForm
        portal={false}
        initialCustomerId={Number.isInteger(initial) && initial > 0 ? initial : undefined}
        onCreated={(t) => navigate(`/tickets/${t.id}`, { replace: true })}
      />
    </>
  );
}
