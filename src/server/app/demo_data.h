// `steward init --demo`: a living MSP for a newcomer to look at. Each
// capability adds its part here (staff and portal users now; the CMDB's
// customers, sites, contacts and CIs come from cmdb::SeedCmdbDemo).
#pragma once

#include <string>
#include <vector>

#include "server/app/services.h"

namespace steward::app {

struct DemoLogin {
  std::string email;
  std::string role;
  std::string note;
};

// The monitoring demo: metric history, open and resolved alerts (demo_monitoring.cc).
// A demo staff member as the principal the demo acts as (found by e-mail).
Result<accounts::Principal> DemoStaffPrincipal(Services& services, const std::string& email,
                                               accounts::Role role);

Status SeedMonitoringDemo(Services& services);
// The agents demo: approved agents, one in quarantine, signed command runs (demo_agents.cc).
Status SeedAgentsDemo(Services& services);
// A webhook endpoint with a delivery log (demo_webhooks.cc).
Status SeedWebhooksDemo(Services& services);

// The service desk demo (demo_servicedesk.cc): calendars for the demo
// customers (before monitoring, so alert tickets use them), then tickets in
// every status with their history (after the portal users exist).
Status SeedServiceDeskCalendars(Services& services);
Status SeedServiceDeskDemo(Services& services);
// A ticket that came by e-mail with an attachment, and a triage message.
Status SeedMailDemo(Services& services);
// The knowledge demo (demo_knowledge.cc): articles, a searchable closed
// ticket, a problem with a known error, a candidate problem.
Status SeedKnowledgeDemo(Services& services);
// Plans of the MSP's own and a contract per demo customer (demo_billing.cc).
Status SeedBillingDemo(Services& services);

// Three weeks of update scans: compliant, overdue and silent devices
// (demo_patching.cc).
Status SeedPatchingDemo(Services& services);
// Harbor & Vale's Linux servers with their agents and update scans, before
// the CAB's fortnight names them (demo_deployments.cc).
Status SeedLinuxServersDemo(Services& services);
// A CAB's fortnight: changes in every state, freezes (demo_changes.cc).
Status SeedChangesDemo(Services& services);
// Patch deployments (demo_deployments.cc): last week's patch night, done —
// installed, failed, held and skipped devices — and the scheduled OpenSSL
// rollout's, waiting for its window.
Status SeedDeploymentsDemo(Services& services);

// Seeds the demo; every demo account gets `password`. Returns the logins to print.
Result<std::vector<DemoLogin>> SeedDemo(Services& services, const std::string& password);

}  // namespace steward::app
