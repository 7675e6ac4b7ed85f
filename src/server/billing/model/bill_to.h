// Who a customer's invoices are addressed to: a postal address and a
// billing contact. A customer may set both (its billing profile); where it
// has not, the invoice falls back to its first site's address and its
// primary contact, so an MSP that never fills the profile still sends
// addressed invoices.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace steward::billing {

// At most four street lines: what Xero's contact import (POAddressLine1-4)
// and a window envelope hold.
inline constexpr size_t kMaxAddressLines = 4;

struct PostalAddress {
  std::vector<std::string> lines;  // street, building, suite …; never blank ones
  std::string city;
  std::string region;  // state, province or county
  std::string postal_code;
  std::string country;

  bool empty() const {
    return lines.empty() && city.empty() && region.empty() && postal_code.empty() &&
           country.empty();
  }
  bool operator==(const PostalAddress&) const = default;
};

// What the customer set; unset parts fall back (see BillTo).
struct BillingProfile {
  std::optional<int64_t> contact_id;  // one of the customer's contacts
  PostalAddress address;              // empty: the first site's
  bool operator==(const BillingProfile&) const = default;
};

// Where an effective bill-to part came from.
enum class AddressSource { kProfile, kSite, kNone };
enum class ContactSource { kProfile, kPrimary, kNone };

// The effective addressee of the customer's invoices.
struct BillTo {
  std::string customer_name;
  std::optional<std::string> contact_name;
  std::optional<std::string> contact_email;
  PostalAddress address;
  std::optional<int64_t> contact_id;
  AddressSource address_source = AddressSource::kNone;
  ContactSource contact_source = ContactSource::kNone;
};

}  // namespace steward::billing
