#include "models/hyp/rtas_calls.h"

#include "models/hyp/hcall_codes.h"

namespace ppc64sim::hyp {

namespace {

using cpu::ThreadState;

// Every call below checks nargs/nret as QEMU does and answers -3 on a mismatch (xics-spec.md
// 3.4, firmware-contract.md "RTAS through H_RTAS").
bool shape_ok(RtasCall& c, uint32_t nargs, uint32_t nret) {
  if (c.nargs() == nargs && c.nret() == nret) return true;
  c.set_status(rtas_status::PARAM_ERROR);
  return false;
}

void display_character(const VtySet& vtys, RtasCall& c) {
  // QEMU does not check nargs here; the character is the low byte of the first cell.
  devices::Vty* vty = vtys.default_vty();
  if (vty == nullptr) {
    c.set_status(rtas_status::HW_ERROR);
    return;
  }
  const char ch = static_cast<char>(c.arg(0) & 0xFF);
  vty->put(std::string_view(&ch, 1));
  c.set_status(rtas_status::SUCCESS);
}

void get_time_of_day(CpuControl& cpus, const Rtc& rtc, RtasCall& c) {
  if (!shape_ok(c, 0, 8)) return;
  const Rtc::Reading now = rtc.read(cpus.timebase_now());
  const CalendarTime t = calendar_from_unix(now.seconds);
  c.set_status(rtas_status::SUCCESS);
  c.set_ret(1, static_cast<uint32_t>(t.year));
  c.set_ret(2, t.month);
  c.set_ret(3, t.day);
  c.set_ret(4, t.hour);
  c.set_ret(5, t.minute);
  c.set_ret(6, t.second);
  // Sub-second nanoseconds; QEMU returns the low 32 bits of its total ns count instead
  // (xics-spec.md 3.4 "QEMU quirk"), which no guest can rely on.
  c.set_ret(7, now.nanoseconds);
}

void set_time_of_day(CpuControl& cpus, Rtc& rtc, RtasCall& c) {
  if (!shape_ok(c, 7, 1)) return;
  CalendarTime t;
  t.year = c.arg(0);
  t.month = c.arg(1);
  t.day = c.arg(2);
  t.hour = c.arg(3);
  t.minute = c.arg(4);
  t.second = c.arg(5);
  if (t.month < 1 || t.month > 12 || t.day < 1 || t.day > 31 || t.hour > 23 || t.minute > 59 ||
      t.second > 59) {
    c.set_status(rtas_status::PARAM_ERROR);
    return;
  }
  rtc.set(cpus.timebase_now(), unix_from_calendar(t));
  c.set_status(rtas_status::SUCCESS);
}

void power_off(CpuControl& cpus, RtasCall& c) {
  if (!shape_ok(c, 2, 1)) return;
  cpus.request_power_off();
  c.set_status(rtas_status::SUCCESS);
  c.leave_step();
}

void system_reboot(CpuControl& cpus, RtasCall& c) {
  if (!shape_ok(c, 0, 1)) return;
  cpus.request_reboot();
  c.set_status(rtas_status::SUCCESS);
  c.leave_step();
}

void query_cpu_stopped_state(CpuControl& cpus, RtasCall& c) {
  if (!shape_ok(c, 1, 2)) return;
  const uint32_t server = c.arg(0);
  if (!cpus.has_thread(server)) {
    c.set_status(rtas_status::PARAM_ERROR);
    return;
  }
  // Only RTAS-stopped reads as stopped; a ceded thread is running (current QEMU's
  // `quiesced`, xics-spec.md 3.4).
  const bool stopped = cpus.thread_state(server).run_state == cpu::RunState::stopped;
  c.set_status(rtas_status::SUCCESS);
  c.set_ret(1, stopped ? rtas_cpu_state::STOPPED : rtas_cpu_state::RUNNING);
}

void start_cpu(CpuControl& cpus, const ThreadState& caller, RtasCall& c) {
  if (!shape_ok(c, 3, 1)) return;
  const uint32_t server = c.arg(0);
  if (!cpus.has_thread(server)) {
    c.set_status(rtas_status::PARAM_ERROR);
    return;
  }
  ThreadState& t = cpus.thread_state(server);
  if (t.run_state != cpu::RunState::stopped) {
    c.set_status(rtas_status::HW_ERROR);
    return;
  }
  // Entry state of a started thread (xics-spec.md 3.4 start-cpu; firmware-contract.md
  // "Loading and entry"): 64-bit, big-endian, real mode, EE = 0.
  t.msr = cpu::msr::SF | cpu::msr::ME;
  t.pc = c.arg(1);
  t.gpr[1] = 0;
  t.gpr[3] = c.arg(2);
  t.gpr[4] = 0;
  t.lpcr = (t.lpcr & ~cpu::lpcr::ILE) | (caller.lpcr & cpu::lpcr::ILE);
  cpus.wake(server);
  c.set_status(rtas_status::SUCCESS);
  c.leave_step();
}

void stop_self(ThreadState& caller, RtasCall& c) {
  // No status is written: the caller never returns from a successful stop-self
  // (xics-spec.md 3.4). QEMU also zeroes MSR so no decrementer wakes the thread;
  // start-cpu sets a fresh MSR anyway.
  caller.run_state = cpu::RunState::stopped;
  caller.msr = 0;
  c.leave_step();
}

} // namespace

void register_base_rtas_calls(RtasTable& table, CpuControl& cpus, const VtySet& vtys, Rtc& rtc) {
  table.add("display-character",
            [&vtys](ThreadState&, RtasCall& c) { display_character(vtys, c); });
  table.add("get-time-of-day",
            [&cpus, &rtc](ThreadState&, RtasCall& c) { get_time_of_day(cpus, rtc, c); });
  table.add("set-time-of-day",
            [&cpus, &rtc](ThreadState&, RtasCall& c) { set_time_of_day(cpus, rtc, c); });
  table.add("power-off", [&cpus](ThreadState&, RtasCall& c) { power_off(cpus, c); });
  table.add("system-reboot", [&cpus](ThreadState&, RtasCall& c) { system_reboot(cpus, c); });
  table.add("query-cpu-stopped-state",
            [&cpus](ThreadState&, RtasCall& c) { query_cpu_stopped_state(cpus, c); });
  table.add("start-cpu",
            [&cpus](ThreadState& caller, RtasCall& c) { start_cpu(cpus, caller, c); });
  table.add("stop-self", [](ThreadState& caller, RtasCall& c) { stop_self(caller, c); });
}

} // namespace ppc64sim::hyp
