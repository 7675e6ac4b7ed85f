// Update approval (SPEC §4): the global approval policy, and how the levels
// combine. Customers and devices set their own rules on their pages.
import { Link } from 'react-router-dom';
import { GlobalApprovalPolicyCard } from '../components/ApprovalPolicyCards';
import { Card, PageHeader } from '../components/ui';

export function PatchPolicyPage() {
  return (
    <>
      <PageHeader
        title="Update approval"
        subtitle="Per update class: approve automatically (after an optional soak delay), wait for a person, or reject."
      />
      <GlobalApprovalPolicyCard />
      <Card title="How the levels combine" id="policy-levels">
        <ul className="list policy-levels">
          <li>
            Rules are set at four levels: global (here), a customer and a device (on their pages, from{' '}
            <Link to="/customers">Customers</Link> and <Link to="/devices">Devices</Link>), and a device group (through the API for now).
          </li>
          <li>For each class, the most specific level with a rule decides: device, then group, then customer, then global.</li>
          <li>
            Within one level — a device in two groups — the most cautious rule wins: reject over manual over automatic,
            then the longest delay.
          </li>
          <li>Without a rule at any level, a person decides.</li>
          <li>
            A delay counts from when the update was first seen. A change reaches the updates no person decided with
            their device's next scan; a person's decision stays.
          </li>
        </ul>
      </Card>
    </>
  );
}
