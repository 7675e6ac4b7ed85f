#include "net/self_signed.h"

#include <fcntl.h>

#include <cstdio>
#include <memory>

#include <boost/asio/ip/address.hpp>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

namespace steward::net {

namespace {

template <class T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;

void CloseFile(FILE* f) { std::fclose(f); }
using FilePtr = std::unique_ptr<FILE, Deleter<FILE, CloseFile>>;

std::string Hex(const unsigned char* p, unsigned n) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < n; ++i) {
    out.push_back(kHex[p[i] >> 4]);
    out.push_back(kHex[p[i] & 15]);
  }
  return out;
}

}  // namespace

Result<std::string> WriteSelfSignedCertificate(const std::string& cert_path,
                                               const std::string& key_path,
                                               const std::vector<std::string>& names) {
  if (names.empty()) return Status::InvalidArgument("at least one host name");
  PkeyPtr key(EVP_EC_gen("P-256"));
  if (!key) return Status::Internal("cannot generate an EC key");
  X509Ptr cert(X509_new());
  X509_set_version(cert.get(), 2);
  // A random 64-bit serial: browsers reject two certificates with one serial.
  unsigned char serial[8];
  FilePtr urandom(std::fopen("/dev/urandom", "rb"));
  if (!urandom || std::fread(serial, 1, sizeof serial, urandom.get()) != sizeof serial) {
    return Status::Internal("cannot read /dev/urandom");
  }
  serial[0] &= 0x7f;
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
  BN_free(bn);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 10L * 365 * 24 * 3600);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* subject = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(subject, "O", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("Steward"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(names.front().c_str()), -1, -1,
                             0);
  X509_set_issuer_name(cert.get(), subject);
  std::string san;
  for (const std::string& n : names) {
    boost::system::error_code ec;
    boost::asio::ip::make_address(n, ec);
    if (!san.empty()) san += ",";
    san += (ec ? "DNS:" : "IP:") + n;
  }
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
  for (auto [nid, value] : {std::pair<int, std::string>{NID_subject_alt_name, san},
                            {NID_basic_constraints, "critical,CA:FALSE"},
                            {NID_ext_key_usage, "serverAuth"}}) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    if (!ext) return Status::InvalidArgument("bad certificate name list: " + san);
    X509_add_ext(cert.get(), ext, -1);
    X509_EXTENSION_free(ext);
  }
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) {
    return Status::Internal("cannot sign the certificate");
  }
  int key_fd = ::open(key_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (key_fd < 0) return Status::Unavailable("cannot write " + key_path);
  FilePtr key_file(::fdopen(key_fd, "w"));
  if (!key_file ||
      !PEM_write_PrivateKey(key_file.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr)) {
    return Status::Unavailable("cannot write " + key_path);
  }
  FilePtr cert_file(std::fopen(cert_path.c_str(), "w"));
  if (!cert_file || !PEM_write_X509(cert_file.get(), cert.get())) {
    return Status::Unavailable("cannot write " + cert_path);
  }
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  X509_digest(cert.get(), EVP_sha256(), md, &len);
  return Hex(md, len);
}

}  // namespace steward::net
