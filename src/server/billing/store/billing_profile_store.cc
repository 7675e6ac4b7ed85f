#include "server/billing/store/billing_profile_store.h"

#include <string>

#include "core/strings.h"
#include "server/billing/rules/bill_to.h"

namespace steward::billing {

using storage::Params;

Result<std::string> BillingProfileStore::CustomerName(int64_t customer_id) {
  std::string sql = "SELECT name FROM customers WHERE id = ?";
  Params params = {customer_id};
  c_.scope().AppendFilter(sql, params, "id");
  STEWARD_ASSIGN_OR_RETURN(auto row, c_.connection().QueryOptional(sql, params));
  if (!row) return Status::NotFound("customer", std::to_string(customer_id));
  return row->Text("name");
}

Result<BillingProfile> BillingProfileStore::Get(int64_t customer_id) {
  STEWARD_RETURN_IF_ERROR(CustomerName(customer_id).status());
  return StoredProfile(customer_id);
}

Result<BillingProfile> BillingProfileStore::StoredProfile(int64_t customer_id) {
  STEWARD_ASSIGN_OR_RETURN(
      auto row, c_.connection().QueryOptional(
                    "SELECT contact_id, address_lines, city, region, postal_code, country"
                    " FROM customer_billing_profiles WHERE customer_id = ?",
                    {customer_id}));
  BillingProfile p;
  if (!row) return p;
  if (!row->IsNull("contact_id")) p.contact_id = row->Int("contact_id");
  p.address.lines = SplitLines(row->Text("address_lines"));
  p.address.city = row->Text("city");
  p.address.region = row->Text("region");
  p.address.postal_code = row->Text("postal_code");
  p.address.country = row->Text("country");
  return p;
}

Status BillingProfileStore::Put(int64_t customer_id, const BillingProfile& profile,
                                int64_t now_ms) {
  STEWARD_RETURN_IF_ERROR(CustomerName(customer_id).status());
  if (profile.contact_id) {
    STEWARD_ASSIGN_OR_RETURN(
        auto contact,
        c_.connection().QueryOptional("SELECT id FROM contacts WHERE id = ? AND customer_id = ?",
                                      {*profile.contact_id, customer_id}));
    if (!contact) {
      return Status::InvalidArgument("is not one of the customer's contacts", "contact_id");
    }
  }
  const PostalAddress& a = profile.address;
  return c_.connection()
      .Execute(
          "INSERT INTO customer_billing_profiles (customer_id, contact_id, address_lines, city,"
          " region, postal_code, country, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
          " ON CONFLICT (customer_id) DO UPDATE SET contact_id = excluded.contact_id,"
          " address_lines = excluded.address_lines, city = excluded.city,"
          " region = excluded.region, postal_code = excluded.postal_code,"
          " country = excluded.country, updated_at = excluded.updated_at",
          {customer_id, profile.contact_id, JoinLines(a.lines), a.city, a.region, a.postal_code,
           a.country, now_ms})
      .status();
}

Result<BillTo> BillingProfileStore::EffectiveBillTo(int64_t customer_id) {
  BillTo to;
  STEWARD_ASSIGN_OR_RETURN(to.customer_name, CustomerName(customer_id));
  // In scope, as CustomerName found: its profile, contacts and sites are too.
  STEWARD_ASSIGN_OR_RETURN(BillingProfile profile, StoredProfile(customer_id));
  // The chosen contact first while it is still the customer's; then the
  // primary, then one with an address.
  STEWARD_ASSIGN_OR_RETURN(
      auto contact, c_.connection().QueryOptional(
                        "SELECT id, name, email FROM contacts WHERE customer_id = ?"
                        " ORDER BY CASE WHEN id = ? THEN 0 ELSE 1 END, is_primary DESC,"
                        " CASE WHEN email IS NULL OR email = '' THEN 1 ELSE 0 END, id LIMIT 1",
                        {customer_id, profile.contact_id.value_or(0)}));
  if (contact) {
    to.contact_id = contact->Int("id");
    to.contact_name = contact->Text("name");
    auto email = contact->OptText("email");
    if (email && !email->empty()) to.contact_email = *email;
    to.contact_source =
        profile.contact_id == to.contact_id ? ContactSource::kProfile : ContactSource::kPrimary;
  }
  STEWARD_ASSIGN_OR_RETURN(auto site, c_.connection().QueryOptional(
                                          "SELECT address, city, postal_code, country FROM sites"
                                          " WHERE customer_id = ? ORDER BY id LIMIT 1",
                                          {customer_id}));
  std::optional<PostalAddress> site_address;
  if (site) {
    site_address = AddressOfSite(
        site->OptText("address").value_or(""), site->OptText("city").value_or(""),
        site->OptText("postal_code").value_or(""), site->OptText("country").value_or(""));
  }
  ChooseAddress(profile.address, site_address, to);
  return to;
}

}  // namespace steward::billing
