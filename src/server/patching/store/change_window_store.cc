#include "server/patching/store/change_window_store.h"

#include <string>

#include "server/patching/rules/recurrence.h"
#include "server/patching/store/update_store.h"

namespace steward::patching {

using storage::Params;
using storage::Row;

namespace {

constexpr char kWindowColumns[] =
    "SELECT id, customer_id, level, target_id, name, rrule, start_local, duration_minutes,"
    " created_by, created_at FROM change_windows";

std::optional<WindowLevel> ParseLevel(std::string_view s) {
  for (WindowLevel l : {WindowLevel::kCustomer, WindowLevel::kGroup, WindowLevel::kDevice}) {
    if (WindowLevelName(l) == s) return l;
  }
  return std::nullopt;
}

Result<ChangeWindow> WindowOf(const Row& r) {
  ChangeWindow w;
  w.id = r.Int("id");
  w.customer_id = r.Int("customer_id");
  auto level = ParseLevel(r.Text("level"));
  if (!level) return Status::Internal("change window " + std::to_string(w.id) + ": bad level");
  w.level = *level;
  w.target_id = r.Int("target_id");
  w.name = r.Text("name");
  w.rrule = r.Text("rrule");
  // Stored only after CheckNewWindow: a row that no longer reads is damage.
  auto recurrence = ParseRRule(w.rrule);
  auto start = ParseLocalStart(r.Text("start_local"));
  if (!recurrence.ok() || !start.ok()) {
    return Status::Internal("change window " + std::to_string(w.id) + " does not read");
  }
  w.rule = {*recurrence, *start, static_cast<int>(r.Int("duration_minutes"))};
  if (!r.IsNull("created_by")) w.created_by = r.Int("created_by");
  w.created_at = FromMillis(r.Int("created_at"));
  return w;
}

}  // namespace

Result<int64_t> ChangeWindowStore::TargetCustomer(WindowLevel level, int64_t target_id) {
  UpdateStore updates(c_);
  switch (level) {
    case WindowLevel::kCustomer:
      STEWARD_RETURN_IF_ERROR(updates.RequireCustomer(target_id));
      return target_id;
    case WindowLevel::kDevice:
      return updates.DeviceCustomer(target_id);
    case WindowLevel::kGroup: {
      std::string sql = "SELECT customer_id FROM device_groups WHERE id = ?";
      Params params = {target_id};
      c_.scope().AppendFilter(sql, params, "customer_id");
      STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
      if (!row) return Status::NotFound("group", std::to_string(target_id));
      return row->Int("customer_id");
    }
  }
  return Status::InvalidArgument("unknown level", "level");
}

Result<int64_t> ChangeWindowStore::Insert(const ChangeWindow& w) {
  STEWARD_ASSIGN_OR_RETURN(int64_t customer, TargetCustomer(w.level, w.target_id));
  if (customer != w.customer_id)
    return Status::InvalidArgument("another customer's", "customer_id");
  STEWARD_ASSIGN_OR_RETURN(
      Row r, c_.connection().QueryOne(
                 "INSERT INTO change_windows (customer_id, level, target_id, name, rrule,"
                 " start_local, duration_minutes, created_by, created_at)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                 {w.customer_id, WindowLevelName(w.level), w.target_id, w.name, w.rrule,
                  FormatLocalStart(w.rule.start), w.rule.duration_minutes, w.created_by,
                  ToMillis(w.created_at)}));
  return r.Int("id");
}

Result<ChangeWindow> ChangeWindowStore::Get(int64_t id) {
  std::string sql = std::string(kWindowColumns) + " WHERE id = ?";
  Params params = {id};
  c_.scope().AppendFilter(sql, params, "customer_id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  if (!row) return Status::NotFound("change window", std::to_string(id));
  return WindowOf(*row);
}

Status ChangeWindowStore::Delete(int64_t id) {
  STEWARD_RETURN_IF_ERROR(Get(id).status());
  return c_.connection().Execute("DELETE FROM change_windows WHERE id = ?", {id}).status();
}

Result<std::vector<ChangeWindow>> ChangeWindowStore::ForCustomer(int64_t customer_id) {
  STEWARD_RETURN_IF_ERROR(UpdateStore(c_).RequireCustomer(customer_id));
  STEWARD_ASSIGN_OR_RETURN(
      auto rows,
      c_.connection().Query(std::string(kWindowColumns) +
                                " WHERE customer_id = ? ORDER BY CASE level WHEN 'customer' THEN 0"
                                " WHEN 'group' THEN 1 ELSE 2 END, target_id, id",
                            {customer_id}));
  std::vector<ChangeWindow> out;
  for (const Row& r : rows) {
    STEWARD_ASSIGN_OR_RETURN(ChangeWindow w, WindowOf(r));
    out.push_back(std::move(w));
  }
  return out;
}

Result<ChangeWindowStore::Applying> ChangeWindowStore::ForDevice(int64_t device_id) {
  STEWARD_ASSIGN_OR_RETURN(int64_t customer, UpdateStore(c_).DeviceCustomer(device_id));
  // The device is in scope, so its customer's windows are too.
  STEWARD_ASSIGN_OR_RETURN(
      auto rows,
      c_.connection().Query(std::string(kWindowColumns) +
                                " WHERE customer_id = ? AND ((level = 'device' AND target_id = ?)"
                                " OR (level = 'group' AND target_id IN"
                                " (SELECT group_id FROM device_group_members WHERE device_id = ?))"
                                " OR level = 'customer') ORDER BY id",
                            {customer, device_id, device_id}));
  std::vector<ChangeWindow> by_level[3];
  for (const Row& r : rows) {
    STEWARD_ASSIGN_OR_RETURN(ChangeWindow w, WindowOf(r));
    by_level[static_cast<int>(w.level)].push_back(std::move(w));
  }
  Applying out;
  out.customer_id = customer;
  for (WindowLevel l : {WindowLevel::kDevice, WindowLevel::kGroup, WindowLevel::kCustomer}) {
    if (!by_level[static_cast<int>(l)].empty()) {
      out.level = l;
      out.windows = std::move(by_level[static_cast<int>(l)]);
      break;
    }
  }
  return out;
}

}  // namespace steward::patching
