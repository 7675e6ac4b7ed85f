// A connection bound to the caller's tenant scope: what every store of
// tenant-owned rows takes, so a query without a scope cannot be written.
// The store applies the scope in each of its methods; services hand the
// ScopedConnection through and never look inside.
#pragma once

#include <functional>

#include "storage/database.h"
#include "storage/scope.h"

namespace steward::storage {

class ScopedConnection {
 public:
  ScopedConnection(Connection& connection, TenantScope scope)
      : connection_(connection), scope_(scope) {}

  // For store implementations only.
  Connection& connection() const { return connection_; }
  const TenantScope& scope() const { return scope_; }
  Dialect dialect() const { return connection_.dialect(); }

 private:
  Connection& connection_;
  TenantScope scope_;
};

// NotFound("customer") unless the customer exists inside the scope: the one
// check every store makes before writing or reading by a customer's id.
Status RequireVisibleCustomer(const ScopedConnection& sc, int64_t customer_id);

// Database::Transact / Read with the connection already bound to `scope`.
inline Status TransactScoped(Database& db, const TenantScope& scope,
                             const std::function<Status(ScopedConnection&)>& fn) {
  return db.Transact([&](Connection& c) {
    ScopedConnection sc(c, scope);
    return fn(sc);
  });
}
inline Status ReadScoped(Database& db, const TenantScope& scope,
                         const std::function<Status(ScopedConnection&)>& fn) {
  return db.Read([&](Connection& c) {
    ScopedConnection sc(c, scope);
    return fn(sc);
  });
}

}  // namespace steward::storage
