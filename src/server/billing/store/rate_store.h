// All SQL over the MSP's rate card: the hourly rate of each work type and
// whether that work draws included hours. MSP-wide, like plans: the store
// takes a bare connection.
#pragma once

#include <vector>

#include "core/result.h"
#include "server/billing/model/work_type.h"
#include "storage/database.h"

namespace steward::billing {

class RateStore {
 public:
  explicit RateStore(storage::Connection& c) : c_(c) {}

  // Every work type's rate, in declaration order.
  Result<std::vector<WorkTypeRate>> List();
  Status Set(const WorkTypeRate& rate, int64_t now);

 private:
  storage::Connection& c_;
};

}  // namespace steward::billing
