// TenantScope is the set of customers a request may see. It is derived once
// from the authenticated principal (staff: every customer; a portal user: only
// their own) and travels with the connection into every store of tenant-owned
// rows (storage/scoped_connection.h), which filters with it. Handlers and
// services never filter by customer themselves, so none can forget to: an
// object outside the scope is simply not found.
//
// Code that must act across customers without a principal (the scheduler,
// mail intake before a sender is matched) asks for CrossTenant(reason): the
// one escape, greppable by name, with its reason from a closed list below.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "storage/database.h"

namespace steward::storage {

// Why code reaches across every customer's rows. Each reason is a kind of
// caller that acts for the MSP itself, never for a request's principal.
enum class CrossTenantReason {
  kScheduledJob,   // SLA clocks, escalation, auto-close, alert jobs
  kMailIntake,     // a received message before its sender's customer is known
  kCustomerMail,   // mail about a ticket, queued after the caller's own check
  kConfiguration,  // MSP-wide monitoring policy targets (staff routes only)
  kWriteBack,      // reading back a row the same transaction just wrote
  kOwnerProbe,     // the router's owner lookup that tells 404 from 403
};

std::string_view CrossTenantReasonName(CrossTenantReason reason);

class TenantScope {
 public:
  // MSP staff: every customer (what they may do there is their role's matter).
  static TenantScope Staff() { return TenantScope(std::nullopt, std::nullopt); }
  // A customer's own people: that customer only.
  static TenantScope Customer(int64_t customer_id) {
    return TenantScope(customer_id, std::nullopt);
  }
  // The audited escape: every customer, for the named reason.
  static TenantScope CrossTenant(CrossTenantReason reason) {
    return TenantScope(std::nullopt, reason);
  }

  bool Allows(int64_t customer_id) const { return !only_ || *only_ == customer_id; }
  bool is_all() const { return !only_; }
  std::optional<int64_t> customer_id() const { return only_; }
  // Set for a CrossTenant scope: why it spans every customer.
  std::optional<CrossTenantReason> reason() const { return reason_; }

  // Appends " AND <column> = ?" (and its parameter) when the scope is one
  // customer; nothing otherwise. `column` must be a string literal naming a
  // customer_id column, which keeps identifiers out of runtime data. For
  // stores: code outside a store never filters by customer.
  template <size_t N>
  void AppendFilter(std::string& sql, Params& params, const char (&column)[N]) const {
    AppendFilterImpl(sql, params, std::string_view(column, N - 1));
  }

 private:
  TenantScope(std::optional<int64_t> only, std::optional<CrossTenantReason> reason)
      : only_(only), reason_(reason) {}
  void AppendFilterImpl(std::string& sql, Params& params, std::string_view column) const;

  std::optional<int64_t> only_;
  std::optional<CrossTenantReason> reason_;
};

}  // namespace steward::storage
