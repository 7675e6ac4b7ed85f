#include "storage/tsdb/bit_stream.h"

namespace steward::storage::tsdb {

void BitWriter::Write(uint64_t bits, int count) {
  for (int i = count - 1; i >= 0; --i) {
    size_t byte = bit_count_ / 8;
    if (byte == bytes_.size()) bytes_.push_back('\0');
    if ((bits >> i) & 1)
      bytes_[byte] = static_cast<char>(bytes_[byte] | (0x80 >> (bit_count_ % 8)));
    ++bit_count_;
  }
}

bool BitReader::Read(int count, uint64_t& out) {
  if (count < 0 || count > 64 || static_cast<size_t>(count) > remaining()) return false;
  uint64_t v = 0;
  for (int i = 0; i < count; ++i) {
    auto byte = static_cast<unsigned char>(bytes_[pos_ / 8]);
    v = (v << 1) | ((byte >> (7 - pos_ % 8)) & 1);
    ++pos_;
  }
  out = v;
  return true;
}

}  // namespace steward::storage::tsdb
