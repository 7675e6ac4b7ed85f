// Shapes of the API's JSON, as the route docs and handlers define them
// (src/server/api/*_routes.cc). Only the fields the console reads.

export type Role =
  | 'owner'
  | 'service_manager'
  | 'technician'
  | 'change_manager'
  | 'billing_admin'
  | 'account_manager'
  | 'portal';

export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  customer_id?: number | null;
  contact_id?: number | null;
  totp_enabled?: boolean;
}

export interface LoginResponse {
  csrf_token: string;
  user: User;
  mfa_setup_required: boolean;
}

export interface MeResponse {
  user: User;
  csrf_token?: string;
  mfa_setup_required: boolean;
}

export interface Paged {
  total: number;
  limit: number;
  offset: number;
}

export interface Customer {
  id: number;
  name: string;
  code: string | null;
  status: string;
  phone: string | null;
  website: string | null;
  notes: string | null;
  sla_policy: string | null;
  created_at: string;
  updated_at: string;
}

export interface Site {
  id: number;
  customer_id: number;
  name: string;
  address: string | null;
  city: string | null;
  postal_code: string | null;
  country: string | null;
  phone: string | null;
}

export interface Contact {
  id: number;
  customer_id: number;
  site_id: number | null;
  name: string;
  email: string | null;
  phone: string | null;
  title: string | null;
  is_primary: boolean;
}

export interface Ci {
  id: number;
  customer_id: number;
  site_id: number | null;
  kind: string;
  name: string;
  serial_number: string | null;
  make: string | null;
  model: string | null;
  hardware: Record<string, unknown> | null;
  os_name: string | null;
  os_version: string | null;
  installed_software?: Array<{ name: string; version?: string; publisher?: string }> | null;
  warranty_vendor: string | null;
  warranty_expires: string | null;
  criticality: string | null;
  status: string;
  notes: string | null;
  responsible_user_id: number | null;
  created_at?: string;
  updated_at?: string;
}

export interface CiHistoryEntry {
  id?: number;
  at: string;
  actor?: string | null;
  action?: string;
  changes?: Record<string, { from: unknown; to: unknown }> | Array<{ field: string; from: unknown; to: unknown }>;
  [key: string]: unknown;
}

export interface DocumentMeta {
  id: number;
  customer_id: number;
  kind: string;
  title: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  created_at: string;
}

export type Severity = 'critical' | 'warning' | 'info';

export interface Alert {
  id: number;
  customer_id: number;
  device_id: number;
  device_name: string;
  condition: string;
  severity: Severity;
  status: 'open' | 'resolved';
  message: string;
  opened_at: string;
  last_event_at: string;
  repeat_count: number;
  acknowledged_at: string | null;
  acknowledged_by: number | null;
  resolved_at: string | null;
  ticket_id: number | null;
  events?: Array<{ kind?: string; event?: string; at: string; message?: string; [k: string]: unknown }>;
}

export interface MetricPoint {
  ts: string;
  value: number;
  min: number;
  max: number;
  count: number;
}

export interface MetricSeries {
  labels?: Record<string, string>;
  points: MetricPoint[];
}

export interface MetricResponse {
  device_id: number;
  metric: string;
  resolution: string;
  from: string;
  to: string;
  step: number;
  series: MetricSeries[];
}

export interface DeviceMetricList {
  device_id: number;
  metrics: Array<{ metric: string; labels?: Record<string, string> }>;
}

export interface DeviceStatus {
  device_id: number;
  customer_id: number;
  name: string;
  last_seen_at: string | null;
  open_alerts: number;
}

export interface SearchResult {
  type?: string;
  kind?: string;
  id: number;
  customer_id?: number | null;
  title?: string;
  name?: string;
  snippet?: string;
  [key: string]: unknown;
}

export interface VolumeForecast {
  labels: Record<string, string>;
  free_bytes: number;
  slope_bytes_per_day: number;
  days_until_full: number | null;
  full_at: string | null;
}

// ---------- service desk (src/server/servicedesk/tickets.cc) ----------

export type TicketStatus =
  | 'new'
  | 'open'
  | 'hold_research'
  | 'hold_resolution'
  | 'pending_fix'
  | 'rfc_submitted'
  | 'closed';

export type Priority = 'critical' | 'high' | 'normal' | 'low';

export interface Ticket {
  id: number;
  customer_id: number;
  contact_id: number | null;
  subject: string;
  description: string;
  symptoms: string | null;
  steps_to_reproduce: string | null;
  recent_changes: string | null;
  priority: Priority;
  status: TicketStatus;
  source: string;
  tags: string[];
  assignee_id: number;
  reported_by: number | null;
  sla_policy: string;
  calendar_id: number | null;
  response_due: string | null;
  resolution_due: string | null;
  // The target running now: the response until it happened, then the resolution.
  next_due: string | null;
  first_response_at: string | null;
  sla_paused: boolean;
  resolution: string | null;
  resolved_at: string | null;
  resolved_by: number | null;
  closed_at: string | null;
  alert_id: number | null;
  created_at: string;
  updated_at: string;
  ci_ids?: number[];
  // Queue rows only: a target has been missed at some point.
  breached?: boolean;
}

export interface TicketReply {
  id: number;
  parent_id: number | null;
  author_user_id: number | null;
  author: string;
  from_staff: boolean;
  internal: boolean;
  body: string;
  created_at: string;
}

export interface TicketEvent {
  at: string;
  kind: string;
  actor: string | null;
  old_value: string | null;
  new_value: string | null;
  note: string | null;
}

export interface TicketTransfer {
  at: string;
  from_user_id: number | null;
  to_user_id: number | null;
  by_user_id: number | null;
}

export interface TicketDetail extends Ticket {
  ci_ids: number[];
  replies: TicketReply[];
  history: TicketEvent[];
  transfers: TicketTransfer[];
  technical_escalations?: Array<{ at: string; to_user_id: string | null; vendor: string | null; note: string | null }>;
  escalations: Array<{ level: number; at: string; notified: string }>;
  breaches: Array<{ kind: string; at: string; due: string }>;
  rfc: { id: number; status: string } | null;
  // Knowledge (kb branch): linked articles for everyone (the portal sees
  // public published ones); the problem for staff only.
  kb_articles?: LinkedArticle[];
  problem?: TicketProblem | null;
  closure: {
    reported_at: string;
    reported_by: number | null;
    contact_id: number | null;
    details: string;
    actions_taken: string | null;
    resolved_by: number | null;
    resolved_at: string | null;
    closed_at: string;
    minutes_to_resolve: number;
    sla_met: boolean;
  } | null;
}

export interface TimeEntry {
  id: number;
  ticket_id: number;
  user_id: number;
  minutes: number;
  work_type: string;
  billable: boolean;
  note: string | null;
  // Billing (issue 13): the day the work was done, the invoice that billed
  // it, and how much of it the customer's included hours covered.
  work_date?: string | null;
  invoice_id?: number | null;
  included_minutes?: number | null;
  invoiced_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface StaffMember {
  id: number;
  name: string;
  role: string;
  email: string;
  phone: string | null;
  on_call: boolean;
  cis: Array<{ id: number; customer_id: number; name: string }>;
}

export interface LinkedArticle {
  id: number;
  title: string;
  status: string;
  public: boolean;
}

export interface TicketProblem {
  id: number;
  title: string;
  status: string;
  known_error: boolean;
  workaround: string | null;
}
