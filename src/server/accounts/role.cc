#include "server/accounts/role.h"

namespace steward::accounts {

std::string_view RoleName(Role r) {
  switch (r) {
    case Role::kOwner:
      return "owner";
    case Role::kServiceManager:
      return "service_manager";
    case Role::kTechnician:
      return "technician";
    case Role::kChangeManager:
      return "change_manager";
    case Role::kBillingAdmin:
      return "billing_admin";
    case Role::kAccountManager:
      return "account_manager";
    case Role::kPortal:
      return "portal";
  }
  return "unknown";
}

const std::vector<Role>& AllRoles() {
  static const std::vector<Role> kAll = {
      Role::kOwner,        Role::kServiceManager, Role::kTechnician, Role::kChangeManager,
      Role::kBillingAdmin, Role::kAccountManager, Role::kPortal};
  return kAll;
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role r : AllRoles()) {
    if (RoleName(r) == name) return r;
  }
  return std::nullopt;
}

}  // namespace steward::accounts
