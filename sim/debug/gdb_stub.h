#pragma once
// GDB remote serial protocol, target side (gdb manual, "Remote Protocol"): turns request
// packets into DebugTarget calls and reply packets. Transport-free: GdbServer (gdb_server.h)
// feeds it packets from a socket; tests feed it strings.
//
// Threads: every hardware thread is a gdb thread with id = interrupt server + 1 (gdb reserves
// 0 = "any" and -1 = "all"). All-stop mode only.
#include "sim/debug/debug_target.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ppc64sim::debug {

class GdbStub {
public:
  enum class End { none, detach, kill };

  // Runs one `monitor LINE` command (qRcmd) against the stopped target and returns the text
  // it prints ("" for none). The stub only carries the text; what the commands mean is the
  // caller's business (sim/debug/gdb_monitor_commands.h).
  using CommandHandler = std::function<std::string(const std::string& line)>;

  explicit GdbStub(DebugTarget& target, CommandHandler commands = {});

  // Reply payload (unframed) for one request payload; nullopt when the protocol wants no
  // reply (k). Never throws on malformed input: it answers "E01"/"E02"/... or "" (unsupported).
  std::optional<std::string> handle(const std::string& payload);
  // Requests that let the target run (c, s, C, S, vCont;...): the caller watches the
  // connection for Ctrl-C while handle() runs them.
  static bool resumes_target(const std::string& payload);

  // Set by D (detach) and k (kill): the connection ends after the reply.
  End end() const { return end_; }
  // Drops the breakpoints gdb left behind (detach, kill, lost connection).
  void remove_all_breakpoints();
  // 'O' (console output) packets to send before the reply of the last handle(): a qRcmd
  // whose output does not fit one reply streams it this way (gdb manual, qRcmd).
  std::vector<std::string> take_console_packets();

private:
  std::string stop_reply(const StopEvent& e);
  std::string read_registers();
  std::string write_registers(const std::string& args);
  std::string read_register(const std::string& args);
  std::string write_register(const std::string& args);
  std::string read_memory(const std::string& args);
  std::string write_memory(const std::string& args, bool binary);
  std::string breakpoint(const std::string& args, bool insert);
  std::string set_thread(const std::string& args);
  std::string query(const std::string& payload);
  std::string vcont(const std::string& args);
  std::string resume(ResumeRequest request);
  std::optional<uint32_t> parse_thread(const std::string& text, bool allow_any) const;
  bool thread_exists(uint32_t server) const;
  uint32_t first_thread() const;
  std::string thread_extra_info(uint32_t server) const;
  std::string remote_command(const std::string& hex_line);

  DebugTarget& target_;
  // Hg / Hc selections; nullopt = "any"/"all": the last stopped thread.
  std::optional<uint32_t> g_thread_;
  std::optional<uint32_t> c_thread_;
  uint32_t current_ = 0; // thread of the last stop event (qC, default for g/c)
  std::string last_stop_;
  std::set<uint64_t> breakpoints_;
  std::set<std::pair<int, std::pair<uint64_t, uint64_t>>> watchpoints_;
  End end_ = End::none;
  CommandHandler commands_;
  std::vector<std::string> console_packets_;
};

} // namespace ppc64sim::debug
