// A customer's billing profile (its billing contact and postal address)
// and the effective bill-to of its invoices, under the caller's tenant
// scope: another customer's profile is NotFound("customer") for every read
// and write.
//
// The effective bill-to (BillTo): the profile's contact when it is still
// one of the customer's contacts, else the primary contact, else the first
// with an e-mail address, else the first; the profile's address when set,
// else the first site's (AddressOfSite), else none.
#pragma once

#include <cstdint>

#include "core/result.h"
#include "server/billing/model/bill_to.h"
#include "storage/scoped_connection.h"

namespace steward::billing {

class BillingProfileStore {
 public:
  explicit BillingProfileStore(const storage::ScopedConnection& c) : c_(c) {}

  // What the customer set (an empty profile when nothing).
  Result<BillingProfile> Get(int64_t customer_id);
  // Replaces it (the address already normalised). InvalidArgument naming
  // "contact_id" for a contact that is not the customer's.
  Status Put(int64_t customer_id, const BillingProfile& profile, int64_t now_ms);
  // Who the customer's invoices go to, as the header says.
  Result<BillTo> EffectiveBillTo(int64_t customer_id);

 private:
  // The customer's name; NotFound("customer") outside the scope.
  Result<std::string> CustomerName(int64_t customer_id);
  // The stored profile of a customer already checked to be in scope.
  Result<BillingProfile> StoredProfile(int64_t customer_id);

  const storage::ScopedConnection& c_;
};

}  // namespace steward::billing
