// A self-signed TLS certificate for `steward init --tls-self-signed`: an
// ECDSA P-256 key and a certificate valid for ten years whose subject
// alternative names cover the given host names and IP addresses. Agents pin
// its fingerprint at enrolment, so a self-signed server is still
// authenticated after the first contact.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace steward::net {

// Writes `cert_path` (PEM, 0644) and `key_path` (PEM, 0600). Returns the
// certificate's SHA-256 fingerprint (hex).
Result<std::string> WriteSelfSignedCertificate(const std::string& cert_path,
                                               const std::string& key_path,
                                               const std::vector<std::string>& names);

}  // namespace steward::net
