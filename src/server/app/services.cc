#include "server/app/services.h"

#include <date/tz.h>

#include "storage/migrator.h"

namespace steward::app {

Result<std::unique_ptr<Services>> Services::Open(const std::string& database_url,
                                                 const std::string& data_dir, const Clock& clock,
                                                 accounts::AccountPolicy policy, int pool_size,
                                                 bool webhooks_allow_internal) {
  std::unique_ptr<Services> s(new Services(clock, data_dir));
  STEWARD_ASSIGN_OR_RETURN(s->db_, storage::OpenDatabase(database_url, pool_size));
  STEWARD_ASSIGN_OR_RETURN(storage::MigrationReport report, storage::Migrate(*s->db_, clock));
  (void)report;
  s->accounts_ = std::make_unique<accounts::AccountService>(*s->db_, clock, policy);
  s->cmdb_ = std::make_unique<cmdb::CmdbService>(*s->db_, clock, data_dir);
  s->monitoring_ = std::make_unique<monitoring::MonitoringService>(*s->db_, clock);
  s->monitoring_->AddListener(&s->alert_mail_);
  s->monitoring_->AddListener(&s->alert_webhooks_);
  s->webhooks_ = std::make_unique<notify::WebhookService>(*s->db_, clock, webhooks_allow_internal);
  // The keys that sign remote commands and second approvals are made at
  // `init` (first open) and kept in the data directory, readable by the
  // server's account only.
  STEWARD_ASSIGN_OR_RETURN(agentlink::CommandKeys keys,
                           agentlink::LoadOrCreateCommandKeys(data_dir));
  s->agents_ = std::make_unique<agentlink::AgentService>(*s->db_, clock, *s->cmdb_, *s->monitoring_,
                                                         std::move(keys));
  // The agents' scans become update records (issue 14).
  s->patches_ = std::make_unique<patching::PatchService>(*s->db_, clock);
  s->change_windows_ = std::make_unique<patching::ChangeWindowService>(*s->db_, clock);
  s->changes_ = std::make_unique<change::ChangeService>(*s->db_, clock);
  s->deployments_ = std::make_unique<deploy::DeploymentService>(
      *s->db_, clock, *s->agents_, *s->change_windows_, *s->monitoring_);
  // A change is approved for the rest only once its release passed on the
  // test group (issue 14 item 6).
  s->releases_ = std::make_unique<deploy::ReleaseService>(*s->db_, clock, *s->deployments_);
  s->changes_->set_approval_gate(s->releases_.get());
  s->agents_->set_update_reports(s->patches_.get());
  s->channel_hub_ = std::make_unique<agentlink::ChannelHub>(*s->agents_);
  s->agents_->set_channel_control(s->channel_hub_.get());
  // Alert → incident ticket, in the alert's transaction.
  servicedesk::ServiceDeskOptions sd_options;
  sd_options.attachments_dir = data_dir + "/attachments";
  s->servicedesk_ = std::make_unique<servicedesk::ServiceDesk>(*s->db_, clock, sd_options);
  s->monitoring_->AddListener(s->servicedesk_.get());
  s->tickets_ = std::make_unique<servicedesk::TicketService>(*s->db_, clock);
  s->plans_ = std::make_unique<billing::PlanService>(*s->db_, clock);
  // Contract dates ("today", terms, termination) are the MSP's calendar days in UTC.
  s->contracts_ =
      std::make_unique<billing::ContractService>(*s->db_, clock, date::locate_zone("UTC"));
  s->invoices_ =
      std::make_unique<billing::InvoiceService>(*s->db_, clock, date::locate_zone("UTC"));
  s->hours_ = std::make_unique<billing::HoursService>(*s->db_, clock, date::locate_zone("UTC"));
  s->time_entries_ =
      std::make_unique<servicedesk::TimeEntryService>(*s->db_, clock, date::locate_zone("UTC"));
  s->ledger_ = std::make_unique<billing::LedgerService>(*s->db_, clock, date::locate_zone("UTC"));
  // The MSP's logo on its invoices, when the owner has put one there.
  s->invoice_documents_ = std::make_unique<billing::InvoiceDocumentService>(
      *s->db_, *s->invoices_, clock, date::locate_zone("UTC"), data_dir + "/branding/logo.png");
  s->expenses_ =
      std::make_unique<billing::ExpenseService>(*s->db_, clock, date::locate_zone("UTC"));
  s->billing_profiles_ = std::make_unique<billing::BillingProfileService>(*s->db_, clock);
  return s;
}

}  // namespace steward::app
