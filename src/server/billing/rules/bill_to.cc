#include "server/billing/rules/bill_to.h"

#include "core/strings.h"

namespace steward::billing {

namespace {

Status NormalizePart(std::string& part, const char* field) {
  part = std::string(TrimAsciiSpace(part));
  if (part.size() > kMaxAddressPartChars || HasAsciiControl(part)) {
    return Status::InvalidArgument("at most 100 characters on one line", field);
  }
  return Status::Ok();
}

}  // namespace

Status NormalizeAddress(PostalAddress& address) {
  std::vector<std::string> lines;
  for (const std::string& line : address.lines) {
    std::string text(TrimAsciiSpace(line));
    if (text.empty()) continue;
    if (text.size() > kMaxAddressLineChars || HasAsciiControl(text)) {
      return Status::InvalidArgument("each line at most 200 characters, without line breaks",
                                     "address_lines");
    }
    lines.push_back(std::move(text));
  }
  if (lines.size() > kMaxAddressLines) {
    return Status::InvalidArgument("at most 4 lines", "address_lines");
  }
  address.lines = std::move(lines);
  STEWARD_RETURN_IF_ERROR(NormalizePart(address.city, "city"));
  STEWARD_RETURN_IF_ERROR(NormalizePart(address.region, "region"));
  STEWARD_RETURN_IF_ERROR(NormalizePart(address.postal_code, "postal_code"));
  return NormalizePart(address.country, "country");
}

PostalAddress AddressOfSite(std::string_view address, std::string_view city,
                            std::string_view postal_code, std::string_view country) {
  PostalAddress out;
  size_t start = 0;
  while (start <= address.size()) {
    size_t end = address.find('\n', start);
    if (end == std::string_view::npos) end = address.size();
    const std::string_view line = TrimAsciiSpace(address.substr(start, end - start));
    if (!line.empty()) {
      if (out.lines.size() < kMaxAddressLines) {
        out.lines.emplace_back(line);
      } else {
        out.lines.back() += ", ";
        out.lines.back() += line;
      }
    }
    start = end + 1;
  }
  out.city = TrimAsciiSpace(city);
  out.postal_code = TrimAsciiSpace(postal_code);
  out.country = TrimAsciiSpace(country);
  return out;
}

void ChooseAddress(const PostalAddress& profile, const std::optional<PostalAddress>& site,
                   BillTo& to) {
  if (!profile.empty()) {
    to.address = profile;
    to.address_source = AddressSource::kProfile;
  } else if (site && !site->empty()) {
    to.address = *site;
    to.address_source = AddressSource::kSite;
  } else {
    to.address = {};
    to.address_source = AddressSource::kNone;
  }
}

}  // namespace steward::billing
