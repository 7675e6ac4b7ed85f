#include "server/billing/billing_profile_service.h"

#include "server/audit/audit_log.h"
#include "server/billing/rules/bill_to.h"
#include "server/billing/service_support.h"
#include "server/billing/store/billing_profile_store.h"
#include "storage/scoped_connection.h"

namespace steward::billing {

using storage::ScopedConnection;

namespace {

// The audit record's before/after: what was set, never more.
Json ProfileAuditJson(const BillingProfile& p) {
  const PostalAddress& a = p.address;
  return Json{{"contact_id", p.contact_id ? Json(*p.contact_id) : Json()},
              {"address_lines", a.lines},
              {"city", a.city},
              {"region", a.region},
              {"postal_code", a.postal_code},
              {"country", a.country}};
}

Result<BillingProfileView> LoadView(const ScopedConnection& sc, int64_t customer_id) {
  BillingProfileStore store(sc);
  BillingProfileView view;
  view.customer_id = customer_id;
  STEWARD_ASSIGN_OR_RETURN(view.profile, store.Get(customer_id));
  STEWARD_ASSIGN_OR_RETURN(view.bill_to, store.EffectiveBillTo(customer_id));
  return view;
}

}  // namespace

Result<BillingProfileView> BillingProfileService::Get(const accounts::Principal& viewer,
                                                      int64_t customer_id) {
  STEWARD_RETURN_IF_ERROR(internal::RequireStaff(viewer, "the billing profile"));
  BillingProfileView out;
  STEWARD_RETURN_IF_ERROR(
      storage::ReadScoped(db_, viewer.scope(), [&](ScopedConnection& sc) -> Status {
        STEWARD_ASSIGN_OR_RETURN(out, LoadView(sc, customer_id));
        return Status::Ok();
      }));
  return out;
}

Result<BillingProfileView> BillingProfileService::Set(const accounts::Actor& actor,
                                                      int64_t customer_id, BillingProfile profile) {
  STEWARD_RETURN_IF_ERROR(internal::RequireStaff(actor.principal, "the billing profile"));
  STEWARD_RETURN_IF_ERROR(NormalizeAddress(profile.address));
  BillingProfileView out;
  STEWARD_RETURN_IF_ERROR(
      storage::TransactScoped(db_, actor.principal.scope(), [&](ScopedConnection& sc) -> Status {
        BillingProfileStore store(sc);
        STEWARD_ASSIGN_OR_RETURN(BillingProfile before, store.Get(customer_id));
        const Timestamp now = clock_.Now();
        STEWARD_RETURN_IF_ERROR(store.Put(customer_id, profile, ToMillis(now)));
        STEWARD_RETURN_IF_ERROR(audit::Record(
            sc.connection(), now, actor,
            {"customer.billing_profile",
             "customer",
             std::to_string(customer_id),
             customer_id,
             {{"before", ProfileAuditJson(before)}, {"after", ProfileAuditJson(profile)}}}));
        STEWARD_ASSIGN_OR_RETURN(out, LoadView(sc, customer_id));
        return Status::Ok();
      }));
  return out;
}

}  // namespace steward::billing
