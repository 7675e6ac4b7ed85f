// Everything route handlers may use, built once in server/app and passed to
// each Add*Routes function. Plain references: the app owns the objects and
// outlives the routes.
#pragma once

#include <string>

#include "core/clock.h"
#include "storage/database.h"

namespace steward::accounts {
class AccountService;
}
namespace steward::cmdb {
class CmdbService;
}
namespace steward::agentlink {
class AgentService;
}
namespace steward::notify {
class WebhookService;
}
namespace steward::monitoring {
class MonitoringService;
}

namespace steward::billing {
class PlanService;
class ContractService;
class InvoiceService;
class HoursService;
class LedgerService;
class InvoiceDocumentService;
class ExpenseService;
class BillingProfileService;
}  // namespace steward::billing
namespace steward::patching {
class PatchService;
class ChangeWindowService;
}  // namespace steward::patching
namespace steward::deploy {
class DeploymentService;
class ReleaseService;
}  // namespace steward::deploy

namespace steward::change {
class ChangeService;
}
namespace steward::servicedesk {
class ServiceDesk;
class TicketService;
class TimeEntryService;
}  // namespace steward::servicedesk

namespace steward::api {

class HttpMetrics;

struct ApiDeps {
  storage::Database& db;
  const Clock& clock;
  ManualClock* fake_clock;  // non-null only under --fake-time
  accounts::AccountService& accounts;
  cmdb::CmdbService& cmdb;
  HttpMetrics& metrics;
  std::string data_dir;
  std::string web_root;
  monitoring::MonitoringService& monitoring;
  agentlink::AgentService& agents;
  servicedesk::ServiceDesk& servicedesk;
  servicedesk::TicketService& tickets;
  notify::WebhookService& webhooks;
  billing::PlanService& plans;
  billing::ContractService& contracts;
  billing::InvoiceService& invoices;
  billing::HoursService& hours;
  servicedesk::TimeEntryService& time_entries;
  billing::LedgerService& ledger;
  billing::InvoiceDocumentService& invoice_documents;
  billing::ExpenseService& expenses;
  patching::PatchService& patches;
  billing::BillingProfileService& billing_profiles;
  patching::ChangeWindowService& change_windows;
  change::ChangeService& changes;
  deploy::DeploymentService& deployments;
  deploy::ReleaseService& releases;
};

}  // namespace steward::api
