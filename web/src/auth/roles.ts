// What each role sees in the navigation. The server enforces every rule;
// this only hides what a role could not open anyway.
import type { Role } from '../api/types';

export type Section =
  | 'dashboard'
  | 'customers'
  | 'devices'
  | 'alerts'
  | 'tickets'
  | 'problems'
  | 'changes'
  | 'patch_policy'
  | 'kb'
  | 'search'
  | 'billing'
  | 'audit';

const STAFF_SECTIONS: Record<Exclude<Role, 'portal'>, Section[]> = {
  owner: ['dashboard', 'customers', 'devices', 'alerts', 'tickets', 'problems', 'changes', 'patch_policy', 'kb', 'search', 'billing', 'audit'],
  service_manager: ['dashboard', 'customers', 'devices', 'alerts', 'tickets', 'problems', 'changes', 'patch_policy', 'kb', 'search'],
  technician: ['dashboard', 'customers', 'devices', 'alerts', 'tickets', 'problems', 'changes', 'patch_policy', 'kb', 'search'],
  change_manager: ['dashboard', 'customers', 'devices', 'alerts', 'tickets', 'problems', 'changes', 'patch_policy', 'kb', 'search'],
  billing_admin: ['dashboard', 'customers', 'kb', 'search', 'billing'],
  account_manager: ['dashboard', 'customers', 'alerts', 'tickets', 'changes', 'kb', 'search', 'billing'],
};

export function isPortal(role: Role): boolean {
  return role === 'portal';
}

export function sectionsFor(role: Role): Section[] {
  return role === 'portal' ? [] : STAFF_SECTIONS[role] ?? ['dashboard'];
}

// Roles the server lets acknowledge alerts (monitoring_routes.cc writers).
export function canAcknowledge(role: Role): boolean {
  return role === 'owner' || role === 'service_manager' || role === 'technician';
}

export function roleLabel(role: Role): string {
  return (
    {
      owner: 'Owner',
      service_manager: 'Service manager',
      technician: 'Technician',
      change_manager: 'Change manager',
      billing_admin: 'Billing admin',
      account_manager: 'Account manager',
      portal: 'Customer portal',
    } as Record<Role, string>
  )[role];
}

// Roles the server lets change, escalate and log time on tickets
// (servicedesk_routes.cc kWorkers).
export function canWorkTickets(role: Role): boolean {
  return role === 'owner' || role === 'service_manager' || role === 'technician';
}

// Roles that may open a ticket (kOpeners, staff side).
export function canOpenTickets(role: Role): boolean {
  return canWorkTickets(role) || role === 'account_manager';
}

// Roles the server lets write knowledge articles (knowledge_routes.cc kWorkers).
export function canEditKb(role: Role): boolean {
  return canWorkTickets(role);
}

// Roles that manage agents (approve, revoke, the remote-command switch) and
// read command runs and the script library (agent_routes.cc kAgentAdmins).
export function canManageAgents(role: Role): boolean {
  return role === 'owner' || role === 'service_manager' || role === 'technician';
}

// Roles that may run code on a customer's machine (kCommandRunners).
export function canRunCommands(role: Role): boolean {
  return role === 'owner' || role === 'technician';
}

// Billing (billing_routes.cc): owners and billing admins write — the run,
// issuing, payments, voids, plans, rates, terminations.
export function canWriteBilling(role: Role): boolean {
  return role === 'owner' || role === 'billing_admin';
}

// Contracts, invoices and hours for staff (kContractReaders without the
// portal): the billing roles, account managers and service managers.
export function canReadContracts(role: Role): boolean {
  return canWriteBilling(role) || role === 'account_manager' || role === 'service_manager';
}

// The billing desk's ledger: AR aging and the accounting export.
export function canReadLedger(role: Role): boolean {
  return canWriteBilling(role) || role === 'account_manager';
}

// Who may draw a customer's flex hours (4-hour blocks).
export function canDrawFlex(role: Role): boolean {
  return canWriteBilling(role) || role === 'service_manager';
}

// Who approves or rejects a device's updates (patch_routes.cc kApprovers;
// SPEC §4: the change manager decides changes).
export function canDecideUpdates(role: Role): boolean {
  return role === 'owner' || role === 'service_manager' || role === 'change_manager';
}

// The update approval policy (patch_routes.cc): technicians read it
// (kPolicyReaders); owners, service managers and change managers set it
// (kApprovers).
export function canReadApprovalPolicy(role: Role): boolean {
  return canDecideUpdates(role) || role === 'technician';
}

export function canEditApprovalPolicy(role: Role): boolean {
  return canDecideUpdates(role);
}

// Who keeps the change calendar (change_window_routes.cc kWindowWriters).
export function canEditChangeWindows(role: Role): boolean {
  return role === 'owner' || role === 'service_manager' || role === 'change_manager';
}

// Change management (change_routes.cc): who raises, edits and moves
// requests for change — the desk and the change managers.
export function canRequestChanges(role: Role): boolean {
  return role === 'owner' || role === 'service_manager' || role === 'technician' || role === 'change_manager';
}

// Who declares and lifts change freezes (SPEC §6: the change calendar's keepers).
export function canManageFreezes(role: Role): boolean {
  return canEditChangeWindows(role);
}

// Patch deployments (deployment_routes.cc): owners and technicians deploy a
// change's updates (kDeployers, the roles that run code on machines) and
// give a deployment its second approval; these and the service and change
// managers read them (kDeploymentReaders).
export function canDeployUpdates(role: Role): boolean {
  return canRunCommands(role);
}

export function canReadDeployments(role: Role): boolean {
  return canDeployUpdates(role) || role === 'service_manager' || role === 'change_manager';
}
