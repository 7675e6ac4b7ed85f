#include "storage/scope.h"

namespace steward::storage {

void TenantScope::AppendFilterImpl(std::string& sql, Params& params,
                                   std::string_view column) const {
  if (!only_) return;
  sql += " AND ";
  sql += column;  // sql-check: allow: column is a string literal (template parameter)
  sql += " = ?";
  params.emplace_back(*only_);
}

}  // namespace steward::storage
