#include "models/hyp/rtc.h"

#include <stdexcept>

namespace ppc64sim::hyp {

namespace {
constexpr int64_t kSecondsPerDay = 86400;

// Counts days in 400-year eras starting on 0000-03-01, so the leap day is the last day of a
// year and the month lengths repeat every 5 months from March.
int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
} // namespace

CalendarTime calendar_from_unix(int64_t seconds) {
  const int64_t days = floor_div(seconds, kSecondsPerDay);
  const int64_t secs_of_day = seconds - days * kSecondsPerDay;

  const int64_t z = days + 719468; // days from 0000-03-01 to 1970-01-01
  const int64_t era = floor_div(z, 146097);
  const int64_t doe = z - era * 146097;                                  // [0, 146096]
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; // [0, 399]
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);          // [0, 365]
  const int64_t mp = (5 * doy + 2) / 153;                               // March = 0
  CalendarTime t;
  t.day = static_cast<uint32_t>(doy - (153 * mp + 2) / 5 + 1);
  t.month = static_cast<uint32_t>(mp < 10 ? mp + 3 : mp - 9);
  t.year = yoe + era * 400 + (t.month <= 2 ? 1 : 0);
  t.hour = static_cast<uint32_t>(secs_of_day / 3600);
  t.minute = static_cast<uint32_t>(secs_of_day / 60 % 60);
  t.second = static_cast<uint32_t>(secs_of_day % 60);
  return t;
}

int64_t unix_from_calendar(const CalendarTime& t) {
  const int64_t y = t.year - (t.month <= 2 ? 1 : 0);
  const int64_t era = floor_div(y, 400);
  const int64_t yoe = y - era * 400;
  const int64_t m = t.month;
  const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + t.day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const int64_t days = era * 146097 + doe - 719468;
  return days * kSecondsPerDay + int64_t(t.hour) * 3600 + int64_t(t.minute) * 60 + t.second;
}

Rtc::Rtc(uint64_t timebase_hz, int64_t epoch_seconds) : hz_(timebase_hz), offset_(epoch_seconds) {
  if (timebase_hz == 0) throw std::invalid_argument("RTC: timebase frequency must not be 0");
}

Rtc::Reading Rtc::read(uint64_t timebase) const {
  const uint64_t whole = timebase / hz_;
  const uint64_t rest = timebase % hz_;
  __extension__ using u128 = unsigned __int128;
  const auto ns = static_cast<uint32_t>(u128(rest) * 1000000000u / hz_);
  return {offset_ + static_cast<int64_t>(whole), ns};
}

void Rtc::set(uint64_t timebase, int64_t seconds) {
  offset_ = seconds - static_cast<int64_t>(timebase / hz_);
}

} // namespace ppc64sim::hyp
