#include "server/cmdb/cmdb_fields.h"

#include <cstdint>
#include <limits>

namespace steward::cmdb {
namespace {

constexpr size_t kNotes = 10000;

}  // namespace

const std::vector<std::string_view>& CiKinds() {
  static const std::vector<std::string_view> kKinds = {
      "server", "workstation", "laptop", "router",        "switch",   "firewall",
      "ups",    "printer",     "phone",  "mobile_device", "software", "service"};
  return kKinds;
}

const std::vector<std::string_view>& DocumentKinds() {
  static const std::vector<std::string_view> kKinds = {
      "master_contract", "sow", "sla", "dr_plan", "site_survey", "security_requirements", "other"};
  return kKinds;
}

const std::vector<std::string_view>& RelationKinds() {
  static const std::vector<std::string_view> kKinds = {"runs_on", "depends_on", "connected_to"};
  return kKinds;
}

const FieldSpecs& CustomerFields() {
  static const FieldSpecs kFields = {
      {.name = "name", .required = true},
      {.name = "code", .max_len = 32},
      {.name = "status",
       .type = FieldType::kEnum,
       .allowed = {"active", "onboarding", "inactive"},
       .default_value = "active"},
      {.name = "phone", .max_len = 64},
      {.name = "website", .type = FieldType::kUrl, .max_len = 500},
      {.name = "notes", .type = FieldType::kMultilineText, .max_len = kNotes},
      {.name = "sla_policy",
       .type = FieldType::kEnum,
       .allowed = {"default", "levels"},
       .default_value = "default"},
      // No calendars table yet: the id is kept for the SLA module to resolve.
      {.name = "calendar_id", .type = FieldType::kInt, .min = 1, .max = kMaxId},
  };
  return kFields;
}

const FieldSpecs& SiteFields() {
  static const FieldSpecs kFields = {
      {.name = "customer_id",
       .type = FieldType::kInt,
       .min = 1,
       .max = kMaxId,
       .required = true,
       .immutable = true},
      {.name = "name", .required = true},
      {.name = "address", .type = FieldType::kMultilineText, .max_len = 500},
      {.name = "city", .max_len = 100},
      {.name = "postal_code", .max_len = 20},
      {.name = "country", .max_len = 100},
      {.name = "phone", .max_len = 64},
      {.name = "notes", .type = FieldType::kMultilineText, .max_len = kNotes},
  };
  return kFields;
}

const FieldSpecs& ContactFields() {
  static const FieldSpecs kFields = {
      {.name = "customer_id",
       .type = FieldType::kInt,
       .min = 1,
       .max = kMaxId,
       .required = true,
       .immutable = true},
      {.name = "site_id", .type = FieldType::kInt, .min = 1, .max = kMaxId},
      {.name = "name", .required = true},
      {.name = "email", .type = FieldType::kEmail, .max_len = 254},
      {.name = "phone", .max_len = 64},
      {.name = "title", .max_len = 100},
      {.name = "is_primary", .type = FieldType::kBool, .default_value = false},
      {.name = "notes", .type = FieldType::kMultilineText, .max_len = kNotes},
  };
  return kFields;
}

const FieldSpecs& CiFields() {
  static const FieldSpecs kFields = {
      {.name = "customer_id",
       .type = FieldType::kInt,
       .min = 1,
       .max = kMaxId,
       .required = true,
       .immutable = true},
      {.name = "site_id", .type = FieldType::kInt, .min = 1, .max = kMaxId},
      {.name = "kind", .type = FieldType::kEnum, .allowed = CiKinds(), .required = true},
      {.name = "name", .required = true},
      {.name = "serial_number", .max_len = 100},
      {.name = "make", .max_len = 100},
      {.name = "model", .max_len = 100},
      {.name = "hardware",
       .type = FieldType::kJsonObject,
       .max_len = 16 * 1024,
       .default_value = Json::object()},
      {.name = "os_name", .max_len = 100},
      {.name = "os_version", .max_len = 100},
      {.name = "software_config", .type = FieldType::kMultilineText, .max_len = 20000},
      {.name = "installed_software",
       .type = FieldType::kSoftwareList,
       .max_len = 1024 * 1024,
       .max = 5000,
       .default_value = Json::array()},
      {.name = "warranty_vendor", .max_len = 100},
      {.name = "warranty_expires", .type = FieldType::kDate},
      {.name = "licences", .type = FieldType::kMultilineText, .max_len = kNotes},
      {.name = "migration_date", .type = FieldType::kDate},
      {.name = "criticality",
       .type = FieldType::kEnum,
       .allowed = {"low", "medium", "high", "critical"},
       .default_value = "medium"},
      // A year is the longest outage anyone would call "acceptable".
      {.name = "max_downtime_minutes", .type = FieldType::kInt, .min = 0, .max = 525600},
      // No free-text "change_window": a CI's change windows are recurring
      // rules (server/patching, POST /api/v1/change-windows).
      {.name = "responsible_user_id", .type = FieldType::kInt, .min = 1, .max = kMaxId},
      {.name = "status",
       .type = FieldType::kEnum,
       .allowed = {"active", "retired"},
       .default_value = "active"},
      {.name = "notes", .type = FieldType::kMultilineText, .max_len = kNotes},
  };
  return kFields;
}

}  // namespace steward::cmdb
