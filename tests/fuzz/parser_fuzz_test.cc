// Mutation fuzzing of the parsers that take outside input, run in every
// `scripts/test` under ASan+UBSan: seeded, deterministic, bounded. Each input
// must give a result or a clean error — never a crash, a sanitizer report or
// a broken invariant. (libFuzzer targets for long runs are a follow-up; these
// keep every submission honest meanwhile.)
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/json.h"
#include "core/time_format.h"
#include "net/http_types.h"
#include "server/cmdb/csv.h"
#include "server/cmdb/document_files.h"

namespace steward {
namespace {

constexpr int kIterations = 20000;

// Byte-level mutations of a seed: flips, insertions of interesting bytes,
// deletions, duplications and splices of another seed.
class Mutator {
 public:
  explicit Mutator(std::vector<std::string> seeds) : seeds_(std::move(seeds)) {}
  std::string Next() {
    std::string s = seeds_[rng_() % seeds_.size()];
    int edits = 1 + static_cast<int>(rng_() % 8);
    static const char kInteresting[] = {'"',    '\\',   '{',    '}',  '[',  ']', ',',
                                        ':',    '%',    '\0',   '\n', '\r', '/', '.',
                                        '\xff', '\xc3', '\xe2', '0',  '-'};
    for (int e = 0; e < edits; ++e) {
      size_t pos = s.empty() ? 0 : rng_() % (s.size() + 1);
      switch (rng_() % 5) {
        case 0:
          if (!s.empty() && pos < s.size()) s[pos] = static_cast<char>(rng_());
          break;
        case 1:
          s.insert(pos, 1, kInteresting[rng_() % sizeof kInteresting]);
          break;
        case 2:
          if (pos < s.size()) s.erase(pos, 1 + rng_() % 4);
          break;
        case 3:
          if (pos < s.size()) s.insert(pos, s.substr(pos, 1 + rng_() % 16));
          break;
        default: {
          const std::string& other = seeds_[rng_() % seeds_.size()];
          s.insert(pos, other.substr(0, rng_() % (other.size() + 1)));
        }
      }
    }
    return s;
  }

 private:
  std::vector<std::string> seeds_;
  std::mt19937_64 rng_{20261122};
};

TEST(ParserFuzzTest, StrictJsonNeverCrashesAndRoundTrips) {
  Mutator m({R"({"email":"a@b.example","password":"x","role":"technician"})",
             R"([1,-2.5e3,true,false,null,"caf\u00e9",{"a":{"b":[]}}])", R"({"a":"\ud83d\ude00"})",
             "{\"k\":\"\xe2\x82\xac\"}", R"({"x":1,"x":2})"});
  int ok = 0;
  for (int i = 0; i < kIterations; ++i) {
    std::string input = m.Next();
    auto r = ParseJsonStrict(input);
    if (r.ok()) {
      ++ok;
      // Whatever parsed must serialise and parse back to the same value.
      auto again = ParseJsonStrict(r->dump());
      ASSERT_TRUE(again.ok()) << input;
      EXPECT_EQ(*again, *r);
    } else {
      EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    }
  }
  EXPECT_GT(ok, 0);  // the mutator also produces valid documents
}

TEST(ParserFuzzTest, PercentDecodingNeverYieldsNul) {
  Mutator m({"/api/v1/cis/42", "%2e%2e%2f", "a+b%20c", "%", "%zz%00%ff"});
  for (int i = 0; i < kIterations; ++i) {
    std::string input = m.Next();
    for (bool plus : {false, true}) {
      auto d = net::PercentDecode(input, plus);
      if (d) {
        EXPECT_EQ(d->find('\0'), std::string::npos) << input;
      }
    }
  }
}

TEST(ParserFuzzTest, TimestampsParseOrFailCleanly) {
  Mutator m({"2026-11-22T08:30:00Z", "2026-11-22T08:30:00.123+02:00", "2026-02-28"});
  for (int i = 0; i < kIterations; ++i) {
    std::string input = m.Next();
    auto t = ParseIso8601(input);
    if (t.ok()) {
      EXPECT_TRUE(ParseIso8601(FormatIso8601(*t)).ok()) << input;
    }
  }
}

TEST(ParserFuzzTest, CsvParsesOrFailsCleanly) {
  Mutator m({"name,kind,serial_number\nsrv1,server,SN1\n", "\"a,\"\"b\"\"\",c\r\n1,2\r\n",
             "\"unterminated,x\n", "a\nb\n\n"});
  for (int i = 0; i < kIterations; ++i) {
    std::string input = m.Next();
    auto r = cmdb::ParseCsv(input);
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << input;
    }
  }
}

TEST(ParserFuzzTest, AcceptedFileNamesAreNeverPaths) {
  Mutator m({"contract.pdf", "../../etc/passwd", "a\\b.txt", "..", "SLA 2026 (final).docx"});
  for (int i = 0; i < kIterations; ++i) {
    std::string input = m.Next();
    if (!cmdb::ValidateFileName(input).ok()) continue;
    EXPECT_EQ(input.find('/'), std::string::npos) << input;
    EXPECT_EQ(input.find('\\'), std::string::npos) << input;
    EXPECT_EQ(input.find('\0'), std::string::npos) << input;
    EXPECT_NE(input, "..");
    EXPECT_NE(input, ".");
  }
}

}  // namespace
}  // namespace steward
