// HcallTable on its own (no SystemC): slots, double registration, H_FUNCTION.
// Expected codes: xics-spec.md 3.1 (dispatch ranges) and 3.3 (H_FUNCTION = -2).
#include "models/hyp/hcall_table.h"
#include "models/hyp/log.h"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <stdexcept>
#include <string>

namespace ppc64sim::hyp {
namespace {

HcallOutcome ok(cpu::ThreadState&) { return {0, false}; }

int64_t dispatch(HcallTable& t, uint64_t number, cpu::ThreadState& s) {
  s.gpr[3] = number;
  t.dispatch(s);
  return static_cast<int64_t>(s.gpr[3]);
}

TEST(HcallTable, DoubleRegistrationIsRefusedAndNamesBoth) {
  HcallTable t;
  t.add(0x58, "first", ok);
  try {
    t.add(0x58, "second", ok);
    FAIL() << "second registration accepted";
  } catch (const std::invalid_argument& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("first"), std::string::npos) << msg;
    EXPECT_NE(msg.find("second"), std::string::npos) << msg;
  }
  EXPECT_EQ(t.name(0x58), "first");
}

TEST(HcallTable, NumbersWithoutSlotAreRefusedAtRegistration) {
  HcallTable t;
  EXPECT_THROW(t.add(0x5A, "misaligned", ok), std::invalid_argument);
  EXPECT_THROW(t.add(0x1000, "beyond PAPR range", ok), std::invalid_argument);
  EXPECT_THROW(t.add(0xF004, "beyond private range", ok), std::invalid_argument);
  EXPECT_THROW(t.add(0x60, "no handler", HcallHandler{}), std::invalid_argument);
  // The private range is dense (KVMPPC_H_RTAS .. H_UPDATE_DT = 0xF000..0xF003).
  EXPECT_NO_THROW(t.add(0xF003, "H_UPDATE_DT", ok));
}

TEST(HcallTable, EmptySlotsAndStrayNumbersGiveHFunction) {
  HcallTable t;
  cpu::ThreadState s;
  EXPECT_EQ(dispatch(t, 0x58, s), -2);        // empty PAPR slot
  EXPECT_EQ(dispatch(t, 0x59, s), -2);        // not a multiple of 4
  EXPECT_EQ(dispatch(t, 0x2000, s), -2);      // beyond every range
  EXPECT_EQ(dispatch(t, 0xF001, s), -2);      // empty private slot
  EXPECT_EQ(dispatch(t, ~0ull, s), -2);
}

TEST(HcallTable, DispatchRunsHandlerAndWritesStatusToR3) {
  HcallTable t;
  t.add(0xF000, "H_RTAS", [](cpu::ThreadState& s) -> HcallOutcome {
    s.gpr[4] = s.gpr[4] + 1;
    return {-4, true};
  });
  cpu::ThreadState s;
  s.gpr[4] = 41;
  s.gpr[5] = 7;
  s.gpr[3] = 0xF000;
  const HcallOutcome out = t.dispatch(s);
  EXPECT_EQ(static_cast<int64_t>(s.gpr[3]), -4);
  EXPECT_TRUE(out.leave_step);
  EXPECT_EQ(s.gpr[4], 42u);
  EXPECT_EQ(s.gpr[5], 7u); // registers a handler does not write keep their value (3.1)
}

TEST(HcallTable, UnknownNumberIsLoggedOncePerNumber) {
  HcallTable t;
  cpu::ThreadState s;
  testing::internal::CaptureStderr();
  dispatch(t, 0x1234, s);
  dispatch(t, 0x1234, s);
  dispatch(t, 0x1238, s);
  logger()->flush();
  const std::string err = testing::internal::GetCapturedStderr();
  auto count = [&](const std::string& needle) {
    int n = 0;
    for (auto pos = err.find(needle); pos != std::string::npos; pos = err.find(needle, pos + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("0x1234"), 1) << err;
  EXPECT_EQ(count("0x1238"), 1) << err;
}

} // namespace
} // namespace ppc64sim::hyp
