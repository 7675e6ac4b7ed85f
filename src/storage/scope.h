// TenantScope is the set of customers a request may see. It is derived once
// from the authenticated principal (staff: every customer; a portal user: only
// their own) and handed to every store function that touches tenant-owned
// rows, which filters with it. Handlers never filter by customer themselves,
// so no route can forget to: an object outside the scope is simply not found.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "storage/database.h"

namespace steward::storage {

class TenantScope {
 public:
  static TenantScope AllCustomers() { return TenantScope(std::nullopt); }
  static TenantScope Customer(int64_t customer_id) { return TenantScope(customer_id); }

  bool Allows(int64_t customer_id) const { return !only_ || *only_ == customer_id; }
  bool is_all() const { return !only_; }
  std::optional<int64_t> customer_id() const { return only_; }

  // Appends " AND <column> = ?" (and its parameter) when the scope is one
  // customer; nothing otherwise. `column` must be a string literal naming a
  // customer_id column, which keeps identifiers out of runtime data.
  template <size_t N>
  void AppendFilter(std::string& sql, Params& params, const char (&column)[N]) const {
    AppendFilterImpl(sql, params, std::string_view(column, N - 1));
  }

 private:
  explicit TenantScope(std::optional<int64_t> only) : only_(only) {}
  void AppendFilterImpl(std::string& sql, Params& params, std::string_view column) const;

  std::optional<int64_t> only_;
};

}  // namespace steward::storage
