#include "server/accounts/principal.h"

namespace steward::accounts {

std::string Principal::Label() const {
  if (method == AuthMethod::kSystem) return email;
  return email + " (" + std::string(RoleName(role)) + ")";
}

Principal Principal::System(std::string label) {
  Principal p;
  p.email = std::move(label);
  p.name = p.email;
  p.role = Role::kOwner;
  p.method = AuthMethod::kSystem;
  return p;
}

}  // namespace steward::accounts
