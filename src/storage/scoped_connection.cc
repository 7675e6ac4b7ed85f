#include "storage/scoped_connection.h"

#include <string>

namespace steward::storage {

Status RequireVisibleCustomer(const ScopedConnection& sc, int64_t customer_id) {
  std::string sql = "SELECT id FROM customers WHERE id = ?";
  Params params = {customer_id};
  sc.scope().AppendFilter(sql, params, "id");
  STEWARD_ASSIGN_OR_RETURN(auto row, sc.connection().QueryOptional(sql, params));
  if (!row) return Status::NotFound("customer", std::to_string(customer_id));
  return Status::Ok();
}

}  // namespace steward::storage
