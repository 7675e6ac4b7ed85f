// Billing's API shapes and TanStack Query hooks (src/server/api/billing_*.cc):
// plans, contracts, invoices, the billing run, included and flex hours, the
// rate card, AR aging. Money is integer cents everywhere. Every write
// invalidates 'billing' so the desk, the invoice and the cards agree.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from './client';

export interface PriceTier {
  max_units: number;
  unit_cents: number;
}

export interface Plan {
  id: number;
  name: string;
  unit: string;
  price_cents: number;
  tiers: PriceTier[];
  included_support_minutes: number;
  flex_minutes: number;
  discountable: boolean;
  emergency_onsite_hourly_cents: number;
  covers: string;
  active: boolean;
}

export interface Contract {
  id: number;
  customer_id: number;
  start_date: string;
  term_months: number;
  setup_fee_cents: number;
  payment_days: number;
  damages_months: number;
  notice_days: number;
  auto_renew: boolean;
  status: string;
  // The first day no longer in force when it will not renew (notice given,
  // signed without auto-renewal, or renewed by renewed_by).
  ends_on: string | null;
  renews_contract_id: number | null;
  terminated_on: string | null;
  damages_cents: number | null;
  sla: SlaTerms | null;
}

export type SlaTarget = { minutes: number } | { business_days: number } | null;
export interface SlaTerms {
  critical?: { response?: SlaTarget; resolution?: SlaTarget };
  high?: { response?: SlaTarget; resolution?: SlaTarget };
  normal?: { response?: SlaTarget; resolution?: SlaTarget };
  low?: { response?: SlaTarget; resolution?: SlaTarget };
  escalation?: Array<{ percent: number; notify_role: string }>;
}

export interface ContractLine {
  id: number;
  plan_id: number;
  quantity: number | null;
  devices: Array<{ ci_id: number; from: string; to: string | null }>;
  starts_on: string;
  ends_on: string | null;
}

export interface Reduction {
  id: number;
  line_id: number;
  date: string;
  description: string;
  removed_monthly_cents: number;
  damages_cents: number;
  invoice_id: number | null;
}

export interface ContractDetail extends Contract {
  renewed_by: number | null;
  lines: ContractLine[];
  reductions: Reduction[];
  term: { number: number; start: string; end: string; notice_by: string; renews_on: string };
  this_month: {
    servers: number;
    discount_bp: number;
    lines: Array<{ line_id: number; plan_id: number; units: number; gross_cents: number; discount_cents: number }>;
    total_cents: number;
  };
}

export interface InvoiceLine {
  kind: string;
  description: string;
  quantity: number;
  unit_cents: number;
  amount_cents: number;
}

export interface Invoice {
  id: number;
  number: number | null;
  customer_id: number;
  contract_id: number;
  month: string;
  sequence: number;
  status: string;
  issue_date: string | null;
  due_date: string | null;
  total_cents: number;
  paid_cents: number;
  accrued_late_fee_cents: number;
  credited_by?: { credit_note_id: number; number: number | null; href: string } | null;
}

export interface InvoiceDetail extends Invoice {
  lines: InvoiceLine[];
  payments: Array<{ id: number; amount_cents: number; date: string }>;
}

export interface FlexLedgerEntry {
  id: number;
  kind: 'earn' | 'draw';
  minutes: number;
  earned_month: string | null;
  ticket_id: number | null;
  note: string | null;
  created_at: string;
}

export interface Hours {
  customer_id: number;
  month: string;
  included_minutes: number;
  covered_minutes: number;
  included_left_minutes: number;
  billable_minutes: number;
  flex_year: number;
  flex_balance_minutes: number;
  flex_expires_at: string | null;
  flex_ledger: FlexLedgerEntry[];
}

export interface Rate {
  work_type: string;
  hourly_cents: number;
  draws_included: boolean;
}

export interface AgingBuckets {
  current_cents: number;
  days_1_30_cents: number;
  days_31_60_cents: number;
  days_61_90_cents: number;
  days_90_plus_cents: number;
  total_cents: number;
}

export interface Aging {
  as_of: string;
  customers: Array<AgingBuckets & { customer_id: number; customer_name: string }>;
  totals: AgingBuckets;
}

export function usePlans(enabled = true) {
  return useQuery({
    queryKey: ['billing', 'plans'],
    queryFn: () => api.get<Plan[]>('/api/v1/plans'),
    enabled,
    retry: false,
  });
}

export function useContracts(customerId?: number, opts: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: ['billing', 'contracts', customerId ?? 'all'],
    queryFn: () => api.get<{ contracts: Contract[] }>(withQuery('/api/v1/contracts', { customer_id: customerId })),
    select: (d) => d.contracts,
    enabled: opts.enabled ?? true,
    retry: false,
  });
}

export function useContract(id: number, opts: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: ['billing', 'contract', id],
    queryFn: () => api.get<ContractDetail>(`/api/v1/contracts/${id}`),
    enabled: opts.enabled ?? true,
    retry: false,
  });
}

export function useInvoices(customerId?: number, opts: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: ['billing', 'invoices', customerId ?? 'all'],
    queryFn: () => api.get<{ invoices: Invoice[] }>(withQuery('/api/v1/invoices', { customer_id: customerId })),
    select: (d) => d.invoices,
    enabled: opts.enabled ?? true,
    retry: false,
  });
}

export function invoiceQuery(id: number) {
  return {
    queryKey: ['billing', 'invoice', id],
    queryFn: () => api.get<InvoiceDetail>(`/api/v1/invoices/${id}`),
    retry: false,
  } as const;
}

export function useInvoice(id: number) {
  return useQuery(invoiceQuery(id));
}

// Included hours this month and the flex balance. `month` defaults to the
// server's current month.
export function useHours(customerId: number, opts: { month?: string; enabled?: boolean } = {}) {
  return useQuery({
    queryKey: ['billing', 'hours', customerId, opts.month ?? ''],
    queryFn: () => api.get<Hours>(withQuery(`/api/v1/customers/${customerId}/hours`, { month: opts.month })),
    enabled: (opts.enabled ?? true) && customerId > 0,
    retry: false,
  });
}

// Who a customer's invoices are addressed to (GET/PUT
// /customers/{id}/billing-profile): the profile as set and the effective
// bill-to, with where each part came from.
export interface PostalAddress {
  address_lines: string[];
  city: string;
  region: string;
  postal_code: string;
  country: string;
}

export interface BillingProfileBody extends PostalAddress {
  contact_id: number | null;
}

export interface BillingProfile extends BillingProfileBody {
  customer_id: number;
  bill_to: PostalAddress & {
    customer_name: string;
    contact_id: number | null;
    contact_name: string | null;
    contact_email: string | null;
    contact_source: 'profile' | 'primary' | 'none';
    address_source: 'profile' | 'site' | 'none';
  };
}

export function useBillingProfile(customerId: number, opts: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: ['billing', 'profile', customerId],
    queryFn: () => api.get<BillingProfile>(`/api/v1/customers/${customerId}/billing-profile`),
    enabled: (opts.enabled ?? true) && customerId > 0,
    retry: false,
  });
}

export function useSaveBillingProfile(customerId: number) {
  return useBillingWrite((body: BillingProfileBody) =>
    api.put<BillingProfile>(`/api/v1/customers/${customerId}/billing-profile`, body),
  );
}

export function useRates(enabled = true) {
  return useQuery({
    queryKey: ['billing', 'rates'],
    queryFn: () => api.get<Rate[] | { rates: Rate[] }>('/api/v1/billing/rates'),
    select: (d) => (Array.isArray(d) ? d : d.rates),
    enabled,
    retry: false,
  });
}

export function useAging(asOf?: string, enabled = true) {
  return useQuery({
    queryKey: ['billing', 'aging', asOf ?? ''],
    queryFn: () => api.get<Aging>(withQuery('/api/v1/billing/aging', { as_of: asOf })),
    enabled,
    retry: false,
  });
}

function useBillingWrite<TBody, TResult>(fn: (body: TBody) => Promise<TResult>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => qc.invalidateQueries({ queryKey: ['billing'] }),
  });
}

export function useBillingRun() {
  return useBillingWrite((month: string) => api.post<{ invoice_ids: number[] }>('/api/v1/billing/runs', { month }));
}

// Issuing also e-mails the PDF to the billing contact unless `send` is false;
// `email` says to whom (null: nobody with an address).
export function useIssueInvoice() {
  return useBillingWrite((id: number) =>
    api.post<InvoiceDetail & { email: InvoiceEmail | null }>(`/api/v1/invoices/${id}/issue`),
  );
}

export interface InvoiceEmail {
  email_id: number;
  to: string;
  file_name: string;
}

export interface EmailDelivery {
  id: number;
  to: string;
  subject: string;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: number;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  attachments: string[];
}

export function useInvoiceEmails(id: number, enabled = true) {
  return useQuery({
    queryKey: ['billing', 'invoice-emails', id],
    queryFn: () => api.get<{ emails: EmailDelivery[] }>(`/api/v1/invoices/${id}/emails`),
    select: (d) => d.emails,
    enabled,
    retry: false,
  });
}

// E-mails an issued invoice again: to `to`, or the billing contact when empty.
export function useEmailInvoice(id: number) {
  return useBillingWrite((to: string) =>
    api.post<InvoiceEmail>(`/api/v1/invoices/${id}/email`, to ? { to } : {}),
  );
}

export function useRecordPayment(id: number) {
  return useBillingWrite((body: { amount_cents: number; date?: string }) =>
    api.post<InvoiceDetail>(`/api/v1/invoices/${id}/payments`, body),
  );
}

export function useVoidInvoice(id: number) {
  return useBillingWrite((reason: string) => api.post<unknown>(`/api/v1/invoices/${id}/void`, { reason }));
}

export interface NewContractBody {
  customer_id: number;
  start_date: string;
  term_months: number;
  setup_fee_cents?: number;
  payment_days?: number;
  damages_months?: number;
  notice_days?: number;
  auto_renew?: boolean;
  sla?: SlaTerms | null;
}

export function useCreateContract() {
  return useBillingWrite((body: NewContractBody) => api.post<ContractDetail>('/api/v1/contracts', body));
}

export function useAddContractLine(id: number) {
  return useBillingWrite((body: { plan_id: number; ci_ids?: number[]; quantity?: number; starts_on?: string }) =>
    api.post<ContractDetail>(`/api/v1/contracts/${id}/lines`, body),
  );
}

export function useReduceContract(id: number) {
  return useBillingWrite((body: { line_id: number; date: string; ci_ids?: number[]; quantity?: number }) =>
    api.post<Reduction>(`/api/v1/contracts/${id}/reductions`, body),
  );
}

// {sla: null} returns the contract to the customer's built-in policy.
export function useSetContractSla(id: number) {
  return useBillingWrite((sla: SlaTerms | null) => api.put<ContractDetail>(`/api/v1/contracts/${id}/sla`, { sla }));
}

// Notice not to renew, given on `date` (default today on the server).
export function useGiveNotice(id: number) {
  return useBillingWrite((date: string) => api.post<ContractDetail>(`/api/v1/contracts/${id}/notice`, { date }));
}

export function useWithdrawNotice(id: number) {
  return useBillingWrite((_: void) => api.del<ContractDetail>(`/api/v1/contracts/${id}/notice`));
}

export interface RenewalBody {
  term_months?: number;
  payment_days?: number;
  damages_months?: number;
  notice_days?: number;
  auto_renew?: boolean;
  setup_fee_cents?: number;
  lines?: Array<{ line_id: number; plan_id?: number; quantity?: number; drop?: boolean }>;
}

// Returns the renewal: a new contract for the next term.
export function useRenewContract(id: number) {
  return useBillingWrite((body: RenewalBody) => api.post<ContractDetail>(`/api/v1/contracts/${id}/renew`, body));
}

export function useTerminateContract(id: number) {
  return useBillingWrite((date: string) =>
    api.post<{ damages_cents: number }>(`/api/v1/contracts/${id}/terminate`, { date }),
  );
}

export interface NewPlanBody {
  name: string;
  unit: string;
  price_cents: number;
  included_support_minutes?: number;
  flex_minutes?: number;
  discountable?: boolean;
  emergency_onsite_hourly_cents?: number;
  covers?: string;
}

export function useCreatePlan() {
  return useBillingWrite((body: NewPlanBody) => api.post<Plan>('/api/v1/plans', body));
}

// A change to a plan (PATCH /plans/{id}); unset fields stay, the unit never
// changes, active:false retires it.
export type PlanPatch = Partial<
  Pick<
    Plan,
    | 'name'
    | 'price_cents'
    | 'tiers'
    | 'included_support_minutes'
    | 'flex_minutes'
    | 'discountable'
    | 'emergency_onsite_hourly_cents'
    | 'covers'
    | 'active'
  >
>;

export function useUpdatePlan(id: number) {
  return useBillingWrite((patch: PlanPatch) => api.patch<Plan>(`/api/v1/plans/${id}`, patch));
}

export function useSaveRate() {
  return useBillingWrite((rate: Rate) => api.put<Rate[]>('/api/v1/billing/rates', rate));
}

export function useDrawFlex(customerId: number) {
  return useBillingWrite((body: { minutes: number; ticket_id?: number; note?: string }) =>
    api.post<Hours>(`/api/v1/customers/${customerId}/flex/draws`, body),
  );
}
