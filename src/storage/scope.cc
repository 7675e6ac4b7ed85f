#include "storage/scope.h"

namespace steward::storage {

std::string_view CrossTenantReasonName(CrossTenantReason reason) {
  switch (reason) {
    case CrossTenantReason::kScheduledJob:
      return "scheduled_job";
    case CrossTenantReason::kMailIntake:
      return "mail_intake";
    case CrossTenantReason::kCustomerMail:
      return "customer_mail";
    case CrossTenantReason::kConfiguration:
      return "configuration";
    case CrossTenantReason::kWriteBack:
      return "write_back";
    case CrossTenantReason::kOwnerProbe:
      return "owner_probe";
  }
  return "unknown";
}

void TenantScope::AppendFilterImpl(std::string& sql, Params& params,
                                   std::string_view column) const {
  if (!only_) return;
  sql += " AND ";
  sql += column;  // sql-check: allow: column is a string literal (template parameter)
  sql += " = ?";
  params.emplace_back(*only_);
}

}  // namespace steward::storage
