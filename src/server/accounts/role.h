// Roles of the people who use Steward (SPEC "Who uses it"). Staff roles see
// every customer; `portal` is a customer contact bound to one customer.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string_view>
#include <vector>

namespace steward::accounts {

enum class Role : uint8_t {
  kOwner,
  kServiceManager,
  kTechnician,
  kChangeManager,
  kBillingAdmin,
  kAccountManager,
  kPortal,
};

std::string_view RoleName(Role r);
std::optional<Role> ParseRole(std::string_view name);
const std::vector<Role>& AllRoles();
inline bool IsStaff(Role r) { return r != Role::kPortal; }

// A set of roles, for route permissions.
class RoleSet {
 public:
  constexpr RoleSet() = default;
  constexpr RoleSet(std::initializer_list<Role> roles) {
    for (Role r : roles) bits_ |= Bit(r);
  }
  static constexpr RoleSet AllStaff() {
    return {Role::kOwner,         Role::kServiceManager, Role::kTechnician,
            Role::kChangeManager, Role::kBillingAdmin,   Role::kAccountManager};
  }
  static constexpr RoleSet Everyone() {
    RoleSet s = AllStaff();
    s.bits_ |= Bit(Role::kPortal);
    return s;
  }
  constexpr bool Contains(Role r) const { return bits_ & Bit(r); }
  constexpr bool empty() const { return bits_ == 0; }

 private:
  static constexpr uint32_t Bit(Role r) { return 1u << static_cast<uint32_t>(r); }
  uint32_t bits_ = 0;
};

}  // namespace steward::accounts
