// Money in integer cents (SPEC §7 "Precise arithmetic"): proration and
// percentages rounded half away from zero (half up for an invoice's positive
// amounts), exact for amounts whose product overflows 64 bits, and the
// dollar format of the console, the PDF and mail. Every expected number is
// worked out by hand in the comment beside it.
#include "server/billing/model/money.h"

#include <cstdint>
#include <limits>

#include <gtest/gtest.h>

namespace steward::billing {
namespace {

TEST(ProrateTest, RoundsHalfAwayFromZero) {
  EXPECT_EQ(Prorate(5, 1, 2), 3);              // 2.5 → 3
  EXPECT_EQ(Prorate(-5, 1, 2), -3);            // −2.5 → −3
  EXPECT_EQ(Prorate(10, 1, 3), 3);             // 3.33… → 3
  EXPECT_EQ(Prorate(20, 1, 3), 7);             // 6.66… → 7
  EXPECT_EQ(Prorate(-20, 1, 3), -7);           // −6.66… → −7
  EXPECT_EQ(Prorate(100, -1, 8), -13);         // −12.5 → −13 (a negative numerator)
  EXPECT_EQ(Prorate(50000, 15, 31), 24194);    // 24193.548… → 24194
  EXPECT_EQ(Prorate(-50000, 15, 31), -24194);  // a credit prorated the same way
  EXPECT_EQ(Prorate(33333, 15, 30), 16667);    // 16666.5 → 16667
  EXPECT_EQ(Prorate(50000, 28, 28), 50000);    // a whole month
  EXPECT_EQ(Prorate(50000, 0, 31), 0);         // no days
  EXPECT_EQ(Prorate(0, 15, 31), 0);
}

TEST(ProrateTest, ExactBeyondSixtyFourBitProducts) {
  // 9·10¹⁸ × 3 = 2.7·10¹⁹ overflows int64 (≈ 9.22·10¹⁸); the quotient
  // 6.75·10¹⁸ does not.
  EXPECT_EQ(Prorate(9'000'000'000'000'000'000, 3, 4), 6'750'000'000'000'000'000);
}

TEST(PercentOfTest, RoundsHalfAwayFromZero) {
  EXPECT_EQ(PercentOf(150000, 400), 6000);     // 4 % of $1,500
  EXPECT_EQ(PercentOf(233331, 800), 18666);    // 18666.48 → 18666
  EXPECT_EQ(PercentOf(699825, 1800), 125969);  // 125968.5 → 125969
  EXPECT_EQ(PercentOf(100001, 450), 4500);     // 4500.045 → 4500
  EXPECT_EQ(PercentOf(100, 150), 2);           // 1.5 → 2
  EXPECT_EQ(PercentOf(-100, 150), -2);         // −1.5 → −2
  EXPECT_EQ(PercentOf(150, 150), 2);           // 2.25 → 2
  EXPECT_EQ(PercentOf(-150, 150), -2);         // −2.25 → −2
  EXPECT_EQ(PercentOf(1, 5000), 1);            // 0.5 → 1
  EXPECT_EQ(PercentOf(-1, 5000), -1);          // −0.5 → −1
  EXPECT_EQ(PercentOf(1, 4999), 0);            // 0.4999 → 0
  EXPECT_EQ(PercentOf(12345, 0), 0);           // 0 %
  EXPECT_EQ(PercentOf(12345, 10000), 12345);   // 100 %
}

TEST(FormatUsdTest, DollarsWithThousandsSeparatorsAndCents) {
  EXPECT_EQ(FormatUsd(123456), "$1,234.56");
  EXPECT_EQ(FormatUsd(-500), "-$5.00");
  EXPECT_EQ(FormatUsd(7), "$0.07");
  EXPECT_EQ(FormatUsd(100000000), "$1,000,000.00");
  EXPECT_EQ(FormatUsd(0), "$0.00");
  EXPECT_EQ(FormatUsd(10), "$0.10");
  EXPECT_EQ(FormatUsd(99999), "$999.99");
  EXPECT_EQ(FormatUsd(100000), "$1,000.00");
  EXPECT_EQ(FormatUsd(-120000), "-$1,200.00");  // a term credit
  EXPECT_EQ(FormatUsd(-7), "-$0.07");
  EXPECT_EQ(FormatUsd(-123456789), "-$1,234,567.89");
  // The extremes: INT64_MIN is −9223372036854775808 cents.
  EXPECT_EQ(FormatUsd(std::numeric_limits<int64_t>::min()), "-$92,233,720,368,547,758.08");
  EXPECT_EQ(FormatUsd(std::numeric_limits<int64_t>::max()), "$92,233,720,368,547,758.07");
}

}  // namespace
}  // namespace steward::billing
