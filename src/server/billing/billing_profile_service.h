// Who a customer's invoices are addressed to (issue 13): its billing
// contact and postal address as set, and the effective bill-to that its
// invoices, their PDFs and e-mail, and the accounting export use. Reading is
// for staff (the routes decide which roles); changing is for owners and
// billing admins, in one transaction with its audit record.
#pragma once

#include <cstdint>

#include "core/clock.h"
#include "core/result.h"
#include "server/accounts/principal.h"
#include "server/billing/model/bill_to.h"
#include "storage/database.h"

namespace steward::billing {

struct BillingProfileView {
  int64_t customer_id = 0;
  BillingProfile profile;  // as set
  BillTo bill_to;          // as invoices show it
};

class BillingProfileService {
 public:
  BillingProfileService(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // NotFound("customer") outside the scope; PermissionDenied for a
  // customer's people.
  Result<BillingProfileView> Get(const accounts::Principal& viewer, int64_t customer_id);
  // Replaces the profile, audited as "customer.billing_profile".
  // InvalidArgument naming the field (NormalizeAddress; "contact_id" for
  // another customer's contact); NotFound and PermissionDenied as Get.
  Result<BillingProfileView> Set(const accounts::Actor& actor, int64_t customer_id,
                                 BillingProfile profile);

 private:
  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace steward::billing
