// Bit-granular writer and reader for the chunk codec. The reader never reads
// past its buffer: running out of bits is an error the decoder reports, so a
// corrupt chunk from disk cannot crash the server.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace steward::storage::tsdb {

class BitWriter {
 public:
  // Appends the low `count` bits of `bits`, most significant first (count ≤ 64).
  void Write(uint64_t bits, int count);
  void WriteBit(bool bit) { Write(bit ? 1 : 0, 1); }
  size_t bit_count() const { return bit_count_; }
  // The bytes written so far; the last byte is zero-padded.
  const std::string& bytes() const { return bytes_; }

 private:
  std::string bytes_;
  size_t bit_count_ = 0;
};

class BitReader {
 public:
  BitReader(std::string_view bytes, size_t bit_count)
      : bytes_(bytes), bit_count_(bit_count <= bytes.size() * 8 ? bit_count : bytes.size() * 8) {}
  // Reads `count` bits (≤ 64) into `out`; false if fewer remain.
  bool Read(int count, uint64_t& out);
  bool ReadBit(bool& out) {
    uint64_t b = 0;
    if (!Read(1, b)) return false;
    out = b != 0;
    return true;
  }
  size_t remaining() const { return bit_count_ - pos_; }

 private:
  std::string_view bytes_;
  size_t bit_count_;
  size_t pos_ = 0;
};

}  // namespace steward::storage::tsdb
