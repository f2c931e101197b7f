// Calendar conversion for get-time-of-day. Expected dates are worked out by hand or taken
// from libc's gmtime_r, never from our own conversion.
#include "models/hyp/rtc.h"

#include <gtest/gtest.h>

#include <ctime>

namespace ppc64sim::hyp {
namespace {

TEST(Rtc, KnownDates) {
  // 1970 has 365 days, so day 366 after the epoch is the second of January 1971.
  CalendarTime t = calendar_from_unix(86400 * 366);
  EXPECT_EQ(t.year, 1971);
  EXPECT_EQ(t.month, 1u);
  EXPECT_EQ(t.day, 2u);
  // 951782400 = 2000-02-29T00:00:00Z (`date -u -d @951782400`): a leap day of a /400 year.
  t = calendar_from_unix(951782400 + 3 * 3600 + 4 * 60 + 5);
  EXPECT_EQ(t.year, 2000);
  EXPECT_EQ(t.month, 2u);
  EXPECT_EQ(t.day, 29u);
  EXPECT_EQ(t.hour, 3u);
  EXPECT_EQ(t.minute, 4u);
  EXPECT_EQ(t.second, 5u);
  // 2^31 s = 2038-01-19T03:14:08Z, the 32-bit time_t limit.
  t = calendar_from_unix(2147483648);
  EXPECT_EQ(t.year, 2038);
  EXPECT_EQ(t.month, 1u);
  EXPECT_EQ(t.day, 19u);
  EXPECT_EQ(t.hour, 3u);
  EXPECT_EQ(t.minute, 14u);
  EXPECT_EQ(t.second, 8u);
}

TEST(Rtc, AgreesWithLibcGmtimeAndRoundTrips) {
  for (int64_t s = -86400LL * 365 * 3; s < 86400LL * 365 * 400; s += 86400LL * 37 + 3671) {
    const time_t tt = static_cast<time_t>(s);
    std::tm ref{};
    ASSERT_NE(gmtime_r(&tt, &ref), nullptr);
    const CalendarTime t = calendar_from_unix(s);
    ASSERT_EQ(t.year, ref.tm_year + 1900) << s;
    ASSERT_EQ(t.month, uint32_t(ref.tm_mon + 1)) << s;
    ASSERT_EQ(t.day, uint32_t(ref.tm_mday)) << s;
    ASSERT_EQ(t.hour, uint32_t(ref.tm_hour)) << s;
    ASSERT_EQ(t.minute, uint32_t(ref.tm_min)) << s;
    ASSERT_EQ(t.second, uint32_t(ref.tm_sec)) << s;
    ASSERT_EQ(unix_from_calendar(t), s);
  }
}

TEST(Rtc, ReadsSimulatedTimeFromTheTimebase) {
  const Rtc rtc(512'000'000, 1000);
  // 3.25 s of a 512 MHz timebase.
  const Rtc::Reading r = rtc.read(512'000'000ull * 3 + 128'000'000);
  EXPECT_EQ(r.seconds, 1003);
  EXPECT_EQ(r.nanoseconds, 250'000'000u);
  EXPECT_THROW(Rtc(0, 0), std::invalid_argument);
}

} // namespace
} // namespace ppc64sim::hyp
