#include "server/billing/rules/sla_terms_check.h"

#include <string>

namespace steward::billing {

namespace {

using std::chrono::days;
using std::chrono::minutes;

Status CheckTarget(const SlaTarget& t, const std::string& field) {
  switch (t.kind) {
    case SlaTarget::Kind::kNone:
      return Status::Ok();
    case SlaTarget::Kind::kWorkingTime:
      if (t.working < minutes(1) || t.working > days(30)) {
        return Status::InvalidArgument("working time is 1 minute to 30 days", field);
      }
      return Status::Ok();
    case SlaTarget::Kind::kBusinessDays:
      if (t.business_days < 1 || t.business_days > 30) {
        return Status::InvalidArgument("is 1 to 30 business days", field);
      }
      return Status::Ok();
  }
  return Status::InvalidArgument("unknown kind of target", field);
}

Status CheckPair(const SlaTargets& t, const std::string& priority) {
  const std::string base = "sla." + priority;
  STEWARD_RETURN_IF_ERROR(CheckTarget(t.response, base + ".response"));
  STEWARD_RETURN_IF_ERROR(CheckTarget(t.resolution, base + ".resolution"));
  if (t.response.kind == t.resolution.kind) {
    const bool shorter = t.response.kind == SlaTarget::Kind::kWorkingTime
                             ? t.resolution.working < t.response.working
                             : t.resolution.business_days < t.response.business_days;
    if (shorter) {
      return Status::InvalidArgument("is shorter than the response target", base + ".resolution");
    }
  }
  return Status::Ok();
}

}  // namespace

Status CheckSlaTerms(const SlaTerms& terms, bool (*is_role)(std::string_view)) {
  STEWARD_RETURN_IF_ERROR(CheckPair(terms.critical, "critical"));
  STEWARD_RETURN_IF_ERROR(CheckPair(terms.high, "high"));
  STEWARD_RETURN_IF_ERROR(CheckPair(terms.normal, "normal"));
  STEWARD_RETURN_IF_ERROR(CheckPair(terms.low, "low"));
  if (terms.escalation.size() > 5) {
    return Status::InvalidArgument("at most 5 escalation levels", "sla.escalation");
  }
  double previous = 0;
  for (size_t i = 0; i < terms.escalation.size(); ++i) {
    const EscalationLevel& l = terms.escalation[i];
    if (l.level != static_cast<int>(i) + 1) {
      return Status::InvalidArgument("levels are numbered 1, 2, … in order", "sla.escalation");
    }
    if (!(l.share >= 0.01 && l.share <= 3.0) || l.share <= previous) {
      return Status::InvalidArgument("shares rise from level to level, 1 % to 300 %",
                                     "sla.escalation");
    }
    if (!is_role(l.notify_role)) {
      return Status::InvalidArgument("notify_role is not a staff role: " + l.notify_role,
                                     "sla.escalation");
    }
    previous = l.share;
  }
  return Status::Ok();
}

}  // namespace steward::billing
