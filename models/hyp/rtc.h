#pragma once
// The partition's real-time clock for RTAS get-time-of-day / set-time-of-day: wall time is
// an offset (seconds since 1970-01-01 UTC, given at construction) plus simulated time, so a
// run is deterministic.
#include <cstdint>

namespace ppc64sim::hyp {

struct CalendarTime {
  int64_t year = 1970;
  uint32_t month = 1; // 1..12
  uint32_t day = 1;   // 1..31
  uint32_t hour = 0, minute = 0, second = 0;
};

// Proleptic Gregorian calendar, UTC, no leap seconds (as POSIX time and QEMU's gmtime).
CalendarTime calendar_from_unix(int64_t seconds);
int64_t unix_from_calendar(const CalendarTime& t);

class Rtc {
public:
  // timebase_hz must be non-zero (std::invalid_argument otherwise).
  Rtc(uint64_t timebase_hz, int64_t epoch_seconds);

  struct Reading {
    int64_t seconds; // since 1970-01-01 UTC
    uint32_t nanoseconds;
  };
  Reading read(uint64_t timebase) const;
  // Makes read(timebase) return `seconds` (sub-second part from the timebase).
  void set(uint64_t timebase, int64_t seconds);
  // Wall seconds at timebase 0, as set-time-of-day left it (checkpoints).
  int64_t offset() const { return offset_; }
  void set_offset(int64_t seconds) { offset_ = seconds; }

private:
  uint64_t hz_;
  int64_t offset_;
};

} // namespace ppc64sim::hyp
