// The service graph over one database: what both `steward serve` and the
// admin commands (init, user, token) use. Opening it applies any pending
// schema migrations, so every entry point runs on the current schema.
#pragma once

#include <memory>
#include <string>

#include "core/clock.h"
#include "server/accounts/account_service.h"
#include "server/agentlink/agent_service.h"
#include "server/agentlink/channel_hub.h"
#include "server/billing/billing_profile_service.h"
#include "server/billing/contract_service.h"
#include "server/billing/expense_service.h"
#include "server/billing/hours_service.h"
#include "server/billing/invoice_document_service.h"
#include "server/billing/invoice_service.h"
#include "server/billing/ledger_service.h"
#include "server/billing/plan_service.h"
#include "server/change/change_service.h"
#include "server/cmdb/cmdb_service.h"
#include "server/deploy/deployment_service.h"
#include "server/deploy/release_service.h"
#include "server/monitoring/email_notifier.h"
#include "server/monitoring/monitoring_service.h"
#include "server/monitoring/webhook_notifier.h"
#include "server/notify/webhooks.h"
#include "server/patching/change_window_service.h"
#include "server/patching/patch_service.h"
#include "server/servicedesk/servicedesk_service.h"
#include "server/servicedesk/ticket_service.h"
#include "server/servicedesk/time_entry_service.h"
#include "storage/database.h"

namespace steward::app {

class Services {
 public:
  // Opens `database_url`, migrates it, and builds the services.
  static Result<std::unique_ptr<Services>> Open(const std::string& database_url,
                                                const std::string& data_dir, const Clock& clock,
                                                accounts::AccountPolicy policy, int pool_size = 8,
                                                bool webhooks_allow_internal = false);

  storage::Database& db() { return *db_; }
  accounts::AccountService& accounts() { return *accounts_; }
  cmdb::CmdbService& cmdb() { return *cmdb_; }
  monitoring::MonitoringService& monitoring() { return *monitoring_; }
  agentlink::AgentService& agents() { return *agents_; }
  agentlink::ChannelHub& channel_hub() { return *channel_hub_; }
  servicedesk::ServiceDesk& servicedesk() { return *servicedesk_; }
  servicedesk::TicketService& tickets() { return *tickets_; }
  notify::WebhookService& webhooks() { return *webhooks_; }
  billing::PlanService& plans() { return *plans_; }
  billing::ContractService& contracts() { return *contracts_; }
  billing::InvoiceService& invoices() { return *invoices_; }
  billing::HoursService& hours() { return *hours_; }
  servicedesk::TimeEntryService& time_entries() { return *time_entries_; }
  billing::LedgerService& ledger() { return *ledger_; }
  billing::InvoiceDocumentService& invoice_documents() { return *invoice_documents_; }
  billing::BillingProfileService& billing_profiles() { return *billing_profiles_; }
  billing::ExpenseService& expenses() { return *expenses_; }
  patching::PatchService& patches() { return *patches_; }
  patching::ChangeWindowService& change_windows() { return *change_windows_; }
  change::ChangeService& changes() { return *changes_; }
  deploy::DeploymentService& deployments() { return *deployments_; }
  deploy::ReleaseService& releases() { return *releases_; }
  const Clock& clock() const { return clock_; }
  const std::string& data_dir() const { return data_dir_; }

 private:
  Services(const Clock& clock, std::string data_dir)
      : clock_(clock), data_dir_(std::move(data_dir)) {}

  const Clock& clock_;
  std::string data_dir_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<accounts::AccountService> accounts_;
  std::unique_ptr<cmdb::CmdbService> cmdb_;
  monitoring::EmailAlertNotifier alert_mail_;
  std::unique_ptr<monitoring::MonitoringService> monitoring_;
  std::unique_ptr<agentlink::AgentService> agents_;
  std::unique_ptr<agentlink::ChannelHub> channel_hub_;
  std::unique_ptr<servicedesk::ServiceDesk> servicedesk_;
  std::unique_ptr<servicedesk::TicketService> tickets_;
  monitoring::WebhookAlertNotifier alert_webhooks_;
  std::unique_ptr<notify::WebhookService> webhooks_;
  std::unique_ptr<billing::PlanService> plans_;
  std::unique_ptr<billing::ContractService> contracts_;
  std::unique_ptr<billing::InvoiceService> invoices_;
  std::unique_ptr<billing::HoursService> hours_;
  std::unique_ptr<servicedesk::TimeEntryService> time_entries_;
  std::unique_ptr<billing::LedgerService> ledger_;
  std::unique_ptr<billing::InvoiceDocumentService> invoice_documents_;
  std::unique_ptr<billing::BillingProfileService> billing_profiles_;
  std::unique_ptr<billing::ExpenseService> expenses_;
  std::unique_ptr<patching::PatchService> patches_;
  std::unique_ptr<patching::ChangeWindowService> change_windows_;
  std::unique_ptr<change::ChangeService> changes_;
  std::unique_ptr<deploy::DeploymentService> deployments_;
  std::unique_ptr<deploy::ReleaseService> releases_;
};

}  // namespace steward::app
