#include "server/servicedesk/symptom.h"

#include <gtest/gtest.h>

namespace steward::servicedesk {
namespace {

TEST(NormaliseSymptom, SameFaultSameKey) {
  // Two occurrences of one fault differ only in ids, codes, dates and spacing.
  std::string a =
      NormaliseSymptom("Outlook crashed at 09:14 on 2026-11-23, error 0x80070005 (ticket #4411)");
  std::string b =
      NormaliseSymptom("OUTLOOK  crashed at 16:02:11 on 24/11/2026; error 0x8007000E (ticket #97)");
  EXPECT_EQ(a, b);
  EXPECT_EQ(a, "outlook crashed at time on date error hex ticket 0");
}

TEST(NormaliseSymptom, UuidsHexIdsAndDigitRuns) {
  EXPECT_EQ(NormaliseSymptom("Job 3f2504e0-4f89-11d3-9a0c-0305e82c3301 failed"), "job uuid failed");
  EXPECT_EQ(NormaliseSymptom("Backup of SRV-DC01 failed: VSS a1b2c3d4e5"),
            "backup of srv dc0 failed vss hex");
  EXPECT_EQ(NormaliseSymptom("KB5034441 install failed"), "kb0 install failed");
  // A hex-looking word without digits is a word ("deadbeef", "facade").
  EXPECT_EQ(NormaliseSymptom("facade failed"), "facade failed");
  EXPECT_EQ(NormaliseSymptom("Date 23.11.2026 and 2026-1-5"), "date date and date");
}

TEST(NormaliseSymptom, PunctuationWhitespaceAndLength) {
  EXPECT_EQ(NormaliseSymptom("  Printer\t\toffline!!!  \n"), "printer offline");
  EXPECT_EQ(NormaliseSymptom("..."), "");
  EXPECT_EQ(NormaliseSymptom(""), "");
  // Non-ASCII letters stay.
  EXPECT_EQ(NormaliseSymptom("Drucker geht nicht — Störung"), "drucker geht nicht störung");
  std::string long_text(5000, 'a');
  long_text += " b";
  EXPECT_LE(NormaliseSymptom(long_text + " " + long_text).size(), 200u);
}

}  // namespace
}  // namespace steward::servicedesk
