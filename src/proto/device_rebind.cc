#include "proto/device_rebind.h"

#include "core/crypto.h"
#include "core/json.h"

namespace steward::proto {

std::string CanonicalRebind(const DeviceRebind& r) {
  // nlohmann::json objects keep keys sorted, so dump() is canonical.
  Json j = {{"customer_id", r.customer_id},
            {"from_device_id", r.from_device_id},
            {"to_device_id", r.to_device_id},
            {"type", "rebind"},
            {"v", 1}};
  return j.dump();
}

Result<std::string> SignRebind(const DeviceRebind& r, std::string_view secret_key_hex) {
  return SignDetachedHex(CanonicalRebind(r), secret_key_hex);
}

bool VerifyRebind(const DeviceRebind& r, std::string_view signature_hex,
                  std::string_view public_key_hex) {
  if (signature_hex.empty() || public_key_hex.empty()) return false;
  return VerifyDetachedHex(CanonicalRebind(r), signature_hex, public_key_hex);
}

}  // namespace steward::proto
