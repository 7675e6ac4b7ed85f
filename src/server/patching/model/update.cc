#include "server/patching/model/update.h"

#include <array>
#include <utility>

namespace steward::patching {

namespace {

constexpr std::array<std::pair<UpdateClass, std::string_view>, 6> kClasses = {{
    {UpdateClass::kCritical, "critical"},
    {UpdateClass::kImportant, "important"},
    {UpdateClass::kModerate, "moderate"},
    {UpdateClass::kLow, "low"},
    {UpdateClass::kServiceRelease, "service_release"},
    {UpdateClass::kMajorRevision, "major_revision"},
}};

constexpr std::array<std::pair<PackageFamily, std::string_view>, 5> kFamilies = {{
    {PackageFamily::kDebian, "debian"},
    {PackageFamily::kUbuntu, "ubuntu"},
    {PackageFamily::kRedHat, "redhat"},
    {PackageFamily::kSuse, "suse"},
    {PackageFamily::kWindows, "windows"},
}};

}  // namespace

std::string_view PackageFamilyName(PackageFamily f) {
  for (const auto& [family, name] : kFamilies) {
    if (family == f) return name;
  }
  return "debian";  // unreachable for a valid enum value
}

std::optional<PackageFamily> ParsePackageFamily(std::string_view name) {
  for (const auto& [family, n] : kFamilies) {
    if (n == name) return family;
  }
  return std::nullopt;
}

std::string_view UpdateClassName(UpdateClass c) {
  for (const auto& [cls, name] : kClasses) {
    if (cls == c) return name;
  }
  return "critical";  // unreachable for a valid enum value
}

std::optional<UpdateClass> ParseUpdateClass(std::string_view name) {
  for (const auto& [cls, n] : kClasses) {
    if (n == name) return cls;
  }
  return std::nullopt;
}

}  // namespace steward::patching
