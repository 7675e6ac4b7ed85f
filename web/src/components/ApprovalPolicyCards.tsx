// The approval policy editor at each level the console has a page for:
// global (the Update approval page), a customer (its page) and a device (its
// page, inheriting from its device groups, its customer and global).
import { groupsOfDevice, useDeviceGroups } from '../api/deviceGroups';
import { ApprovalPolicyEditor } from './ApprovalPolicyEditor';
import type { InheritedLevel } from './ApprovalPolicyEditor';
import { Card, ErrorBox, Loading } from './ui';

const GLOBAL: InheritedLevel = { level: 'global', label: 'Global' };

export function GlobalApprovalPolicyCard() {
  return (
    <ApprovalPolicyEditor
      id="global-approval-policy"
      title="Global rules"
      level="global"
      parents={[]}
      intro="The MSP-wide default for every customer. A customer, a device group or a device can set its own rule for a class."
    />
  );
}

export function CustomerApprovalPolicyCard({ customerId }: { customerId: number }) {
  return (
    <ApprovalPolicyEditor
      id="cust-approval-policy"
      level="customer"
      targetId={customerId}
      parents={[GLOBAL]}
      intro="Rules for this customer's devices. A class left to inherit follows the global policy; device groups and devices can still set their own."
    />
  );
}

export function DeviceApprovalPolicyCard({ deviceId, customerId }: { deviceId: number; customerId: number }) {
  const groups = useDeviceGroups(customerId);
  if (groups.isLoading || groups.error || !groups.data) {
    return (
      <Card title="Update approval" id="dev-approval-policy">
        {groups.isLoading ? <Loading /> : <ErrorBox error={groups.error} />}
      </Card>
    );
  }
  const mine = groupsOfDevice(groups.data, deviceId);
  const parents: InheritedLevel[] = [
    GLOBAL,
    { level: 'customer', targetId: customerId, label: 'Customer' },
    ...mine.map((g) => ({ level: 'group' as const, targetId: g.id, label: `Group “${g.name}”` })),
  ];
  const inGroups =
    mine.length === 0
      ? 'It is in no device group.'
      : `It is in ${mine.map((g) => `“${g.name}”`).join(', ')}${mine.length > 1 ? '; of its groups, the most cautious rule applies' : ''}.`;
  return (
    <ApprovalPolicyEditor
      id="dev-approval-policy"
      level="device"
      targetId={deviceId}
      parents={parents}
      intro={`Rules for this device only. A class left to inherit follows the most specific level with a rule: its groups, then its customer, then global. ${inGroups}`}
    />
  );
}
