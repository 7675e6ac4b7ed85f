// The bill-to address as pure decisions: what a billing address may hold,
// how a site's free-text address becomes postal lines, and which address an
// invoice shows.
#pragma once

#include <string_view>

#include "core/status.h"
#include "server/billing/model/bill_to.h"

namespace steward::billing {

inline constexpr size_t kMaxAddressLineChars = 200;
inline constexpr size_t kMaxAddressPartChars = 100;

// Trims every part and drops blank lines. InvalidArgument naming
// "address_lines" (more than four, one over 200 characters or holding a
// control character) or the part ("city", "region", "postal_code",
// "country": over 100 characters or a control character).
Status NormalizeAddress(PostalAddress& address);

// A site as a postal address: its free-text address split at line breaks
// (blank lines dropped; lines past the fourth joined onto the fourth with
// ", ") and its city, postal code and country. Sites have no region.
PostalAddress AddressOfSite(std::string_view address, std::string_view city,
                            std::string_view postal_code, std::string_view country);

// The address an invoice shows: the profile's when it has one, else the
// site's, else none.
void ChooseAddress(const PostalAddress& profile, const std::optional<PostalAddress>& site,
                   BillTo& to);

}  // namespace steward::billing
