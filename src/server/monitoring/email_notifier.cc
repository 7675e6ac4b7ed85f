#include "server/monitoring/email_notifier.h"

#include "core/strings.h"
#include "core/time_format.h"
#include "server/monitoring/monitoring_internal.h"
#include "server/notify/outbox.h"

namespace steward::monitoring {

using storage::Connection;
using storage::Row;

namespace {

Status Send(Connection& c, const AlertRecord& a, Timestamp at, bool resolved) {
  STEWARD_ASSIGN_OR_RETURN(std::vector<std::string> to, OnCallAddresses(c, a));
  std::string device = internal::Printable(a.device_name);
  std::string what = std::string(ConditionName(a.condition));
  std::string subject = std::string(resolved ? "[Steward] RESOLVED " : "[Steward] ALERT ") +
                        (resolved ? "" : "(" + a.severity + ") ") + what + " on " + device;
  subject = std::string(Utf8Prefix(subject, 200));
  std::string body =
      "Device: " + device + " (id " + std::to_string(a.device_id) + ")\n" + "Condition: " + what +
      "\n" + "Severity: " + a.severity + "\n" + "Status: " + (resolved ? "resolved" : "open") +
      "\n" + "Opened: " + FormatIso8601(a.opened_at) + "\n" +
      (resolved ? "Resolved: " + FormatIso8601(at) + "\n" : "") + "Details: " + a.message + "\n" +
      "Alert: /api/v1/alerts/" + std::to_string(a.id) + "\n";
  for (const std::string& address : to) {
    notify::OutboundEmail mail;
    mail.customer_id = a.customer_id;
    mail.to_address = address;
    mail.subject = subject;
    mail.body_text = body;
    mail.related_type = "alert";
    mail.related_id = a.id;
    STEWARD_RETURN_IF_ERROR(notify::EnqueueEmail(c, mail, at).status());
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<std::string>> OnCallAddresses(Connection& c, const AlertRecord& alert) {
  std::vector<std::string> out;
  if (alert.on_call_user_id) {
    STEWARD_ASSIGN_OR_RETURN(
        auto row, c.QueryOptional("SELECT email FROM users WHERE id = ? AND role <> 'portal'"
                                  " AND disabled = 0",
                                  {*alert.on_call_user_id}));
    if (row) return std::vector<std::string>{row->Text("email")};
  }
  STEWARD_ASSIGN_OR_RETURN(storage::Rows rows,
                           c.Query("SELECT email FROM users WHERE role <> 'portal' AND disabled = 0"
                                   " AND on_call = 1 ORDER BY id"));
  if (rows.empty()) {
    STEWARD_ASSIGN_OR_RETURN(rows, c.Query("SELECT email FROM users WHERE role = 'owner'"
                                           " AND disabled = 0 ORDER BY id"));
  }
  for (const Row& r : rows) out.push_back(r.Text("email"));
  return out;
}

Status EmailAlertNotifier::OnAlertOpened(Connection& c, const AlertRecord& alert, Timestamp at) {
  return Send(c, alert, at, false);
}

Status EmailAlertNotifier::OnAlertResolved(Connection& c, const AlertRecord& alert, Timestamp at) {
  return Send(c, alert, at, true);
}

}  // namespace steward::monitoring
