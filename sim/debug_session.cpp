#include "sim/debug_session.h"

#include "platforms/board_debug.h"
#include "sim/debug/gdb_monitor_commands.h"
#include "sim/debug/gdb_server.h"
#include "sim/debug/monitor.h"
#include "sim/debug/tcp_listener.h"

#include <atomic>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>
#include <unistd.h>

namespace ppc64sim::sim {
namespace {

// While the board runs, a helper thread waits for a debugger; a connection stops the board
// (like QEMU's -gdb without -S) and is handed to the thread that runs the kernel.
class AttachWatch {
public:
  AttachWatch(debug::TcpListener& listener, platform::Board& board) : listener_(listener), board_(board) {
    thread_ = std::thread([this] {
      while (!done_) {
        int fd = listener_.try_accept(50);
        if (fd < 0) continue;
        fd_ = fd;
        board_.debug_interrupt();
        return;
      }
    });
  }
  ~AttachWatch() { stop(); }
  // Joins the helper; the connected socket or -1.
  int stop() {
    done_ = true;
    if (thread_.joinable()) thread_.join();
    return fd_.exchange(-1);
  }

private:
  debug::TcpListener& listener_;
  platform::Board& board_;
  std::atomic<bool> done_{false};
  std::atomic<int> fd_{-1};
  std::thread thread_;
};

const char* end_name(debug::SessionEnd end) {
  switch (end) {
  case debug::SessionEnd::detach: return "detached";
  case debug::SessionEnd::kill: return "killed the board";
  case debug::SessionEnd::disconnect: return "disconnected";
  }
  return "?";
}

platform::RunResult killed(platform::Board& board) {
  platform::RunResult r = board.run_result();
  r.end = platform::RunEnd::interrupted;
  return r;
}

platform::RunResult run_gdb(platform::Board& board, const Options& o) {
  std::unique_ptr<debug::TcpListener> listener;
  try {
    listener = std::make_unique<debug::TcpListener>(o.debug.gdb_listen, *o.debug.gdb_port);
  } catch (const debug::SocketError& e) {
    throw UsageError(std::string("--gdb: ") + e.what());
  }
  std::fprintf(stderr, "ppc64sim: gdb: listening on %s:%u%s\n", listener->host().c_str(),
               static_cast<unsigned>(listener->port()), o.debug.gdb_wait ? " (waiting for gdb)" : "");
  std::fflush(stderr);
  platform::BoardDebugTarget target(board);
  // gdb's `monitor ...` runs the board monitor's commands on the same stopped board.
  debug::GdbMonitorCommands monitor_commands(target);
  auto serve = [&](int fd) {
    std::fprintf(stderr, "ppc64sim: gdb: attached\n");
    debug::SessionEnd end = debug::serve_gdb_connection(
        target, fd, [&](const std::string& line) { return monitor_commands.run(line); });
    ::close(fd);
    std::fflush(stdout);
    std::fprintf(stderr, "ppc64sim: gdb: %s\n", end_name(end));
    return end;
  };
  if (o.debug.gdb_wait && serve(listener->accept_one()) == debug::SessionEnd::kill) return killed(board);
  // Run on; a debugger may attach (again) until the run ends. Without a stop request the
  // kernel never pauses, so an undebugged run keeps its schedule.
  while (!target.run_ended()) {
    int fd;
    {
      AttachWatch watch(*listener, board);
      target.resume(debug::ResumeRequest{});
      fd = watch.stop();
    }
    if (fd < 0) continue; // a stop nobody asked for: only an end of run can cause it
    if (target.run_ended()) {
      ::close(fd);
      break;
    }
    if (serve(fd) == debug::SessionEnd::kill) return killed(board);
  }
  return board.run_result();
}

platform::RunResult run_monitor(platform::Board& board, const Options& o) {
  platform::BoardDebugTarget target(board);
  debug::Monitor monitor(target, std::cout);
  int failed = 0;
  if (!o.debug.monitor_script.empty()) {
    std::ifstream in(o.debug.monitor_script);
    failed = monitor.run_script(in, true, false);
  } else {
    std::cout << "ppc64sim monitor: board at reset; `help` lists the commands, `quit` runs on" << std::endl;
    failed = monitor.run_script(std::cin, false, false);
  }
  std::cout << std::flush;
  if (failed) std::fprintf(stderr, "ppc64sim: monitor: %d command(s) failed\n", failed);
  // Breakpoints the monitor left are still armed: each stop just continues.
  while (!target.run_ended()) target.resume(debug::ResumeRequest{});
  return board.run_result();
}

} // namespace

platform::RunResult run_debug_session(platform::Board& board, const Options& o) {
  board.set_instruction_limit(o.max_instructions);
  return o.debug.gdb_port ? run_gdb(board, o) : run_monitor(board, o);
}

} // namespace ppc64sim::sim
