#include "server/app/demo_data.h"

#include "server/cmdb/demo_seed.h"

namespace steward::app {

Result<accounts::Principal> DemoStaffPrincipal(Services& services, const std::string& email,
                                               accounts::Role role) {
  std::optional<storage::Row> row;
  STEWARD_RETURN_IF_ERROR(services.db().Read([&](storage::Connection& c) -> Status {
    STEWARD_ASSIGN_OR_RETURN(
        row, c.QueryOptional("SELECT id, name FROM users WHERE email = ?", {email}));
    return Status::Ok();
  }));
  if (!row) return Status::NotFound("demo user", email);
  accounts::Principal p;
  p.user_id = row->Int("id");
  p.email = email;
  p.name = row->Text("name");
  p.role = role;
  p.method = accounts::AuthMethod::kSystem;
  return p;
}

namespace {

struct DemoStaff {
  const char* email;
  const char* name;
  accounts::Role role;
  const char* phone;
  std::vector<std::string> expertise;
  std::vector<std::string> responsibilities;
  const char* availability;
  bool on_call;
};

}  // namespace

Result<std::vector<DemoLogin>> SeedDemo(Services& services, const std::string& password) {
  using accounts::Role;
  auto system = accounts::Principal::System("steward init --demo");
  accounts::Actor actor{system, "local"};
  auto& accounts = services.accounts();

  const std::vector<DemoStaff> staff = {
      {"sam.rivera@northwind-msp.example",
       "Sam Rivera",
       Role::kServiceManager,
       "+1 555 0101",
       {"ITIL", "dispatch", "escalations"},
       {"service desk", "SLA reviews"},
       "Mon-Fri 08:00-17:00",
       false},
      {"tess.nguyen@northwind-msp.example",
       "Tess Nguyen",
       Role::kTechnician,
       "+1 555 0102",
       {"Windows", "Microsoft 365", "printers"},
       {"first-level support", "patch testing"},
       "Mon-Fri 08:00-17:00; on call this week",
       true},
      {"omar.haddad@northwind-msp.example",
       "Omar Haddad",
       Role::kTechnician,
       "+1 555 0103",
       {"Linux", "VMware", "networking", "backup"},
       {"level-3 support", "capacity planning"},
       "Mon-Fri 09:00-18:00",
       false},
      {"chloe.martin@northwind-msp.example",
       "Chloe Martin",
       Role::kChangeManager,
       "+1 555 0104",
       {"change management", "release management"},
       {"CAB chair", "RFC approval"},
       "Mon-Fri 08:30-16:30",
       false},
      {"ben.okafor@northwind-msp.example",
       "Ben Okafor",
       Role::kBillingAdmin,
       "+1 555 0105",
       {"billing", "contracts"},
       {"invoicing", "contract renewals"},
       "Mon-Thu 09:00-17:00",
       false},
      {"priya.shah@northwind-msp.example",
       "Priya Shah",
       Role::kAccountManager,
       "+1 555 0106",
       {"vCIO", "business reviews"},
       {"monthly reviews", "QBRs", "onboarding"},
       "Mon-Fri 08:00-17:00",
       false},
  };

  std::vector<DemoLogin> logins;
  std::vector<int64_t> staff_ids;
  for (const auto& s : staff) {
    accounts::NewUser u{s.email, s.name, password, s.role, std::nullopt, std::nullopt};
    STEWARD_ASSIGN_OR_RETURN(int64_t id, accounts.CreateUser(actor, u));
    Json profile = {{"phone", s.phone},
                    {"expertise", s.expertise},
                    {"responsibilities", s.responsibilities},
                    {"availability", s.availability},
                    {"on_call", s.on_call}};
    STEWARD_RETURN_IF_ERROR(accounts.UpdateUser(actor, id, profile).status());
    staff_ids.push_back(id);
    logins.push_back({s.email, std::string(accounts::RoleName(s.role)), s.name});
  }

  std::vector<int64_t> customer_ids;
  STEWARD_RETURN_IF_ERROR(cmdb::SeedCmdbDemo(services.cmdb(), actor, staff_ids, &customer_ids));
  STEWARD_RETURN_IF_ERROR(SeedServiceDeskCalendars(services));
  STEWARD_RETURN_IF_ERROR(SeedMonitoringDemo(services));
  STEWARD_RETURN_IF_ERROR(SeedAgentsDemo(services));
  STEWARD_RETURN_IF_ERROR(SeedWebhooksDemo(services));

  // Each customer's primary contact gets a portal login.
  for (int64_t customer_id : customer_ids) {
    std::optional<storage::Row> contact;
    STEWARD_RETURN_IF_ERROR(services.db().Read([&](storage::Connection& c) -> Status {
      STEWARD_ASSIGN_OR_RETURN(
          contact, c.QueryOptional("SELECT c.id, c.name, c.email, cu.name AS customer_name"
                                   " FROM contacts c JOIN customers cu ON cu.id = c.customer_id"
                                   " WHERE c.customer_id = ? AND c.email IS NOT NULL"
                                   " ORDER BY c.is_primary DESC, c.id LIMIT 1",
                                   {customer_id}));
      return Status::Ok();
    }));
    if (!contact) continue;
    accounts::NewUser u{contact->Text("email"), contact->Text("name"), password,
                        Role::kPortal,          customer_id,           contact->Int("id")};
    STEWARD_RETURN_IF_ERROR(accounts.CreateUser(actor, u).status());
    logins.push_back({contact->Text("email"), "portal",
                      contact->Text("name") + ", " + contact->Text("customer_name")});
  }
  STEWARD_RETURN_IF_ERROR(SeedServiceDeskDemo(services));
  STEWARD_RETURN_IF_ERROR(SeedMailDemo(services));
  STEWARD_RETURN_IF_ERROR(SeedKnowledgeDemo(services));
  STEWARD_RETURN_IF_ERROR(SeedBillingDemo(services));
  STEWARD_RETURN_IF_ERROR(SeedPatchingDemo(services));
  STEWARD_RETURN_IF_ERROR(SeedLinuxServersDemo(services));
  STEWARD_RETURN_IF_ERROR(SeedChangesDemo(services));
  STEWARD_RETURN_IF_ERROR(SeedDeploymentsDemo(services));
  return logins;
}

}  // namespace steward::app
