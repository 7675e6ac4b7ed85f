// The field tables of the CMDB's records (see record_fields.h) and the
// vocabularies of SPEC §1. The order of each table is the order of the
// columns in the matching store's constant INSERT and UPDATE statements.
#pragma once

#include <string_view>
#include <vector>

#include "server/cmdb/record_fields.h"

namespace steward::cmdb {

const std::vector<std::string_view>& CiKinds();
const std::vector<std::string_view>& DocumentKinds();
const std::vector<std::string_view>& RelationKinds();

const FieldSpecs& CustomerFields();
const FieldSpecs& SiteFields();
const FieldSpecs& ContactFields();
const FieldSpecs& CiFields();

}  // namespace steward::cmdb
