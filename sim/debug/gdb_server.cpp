#include "sim/debug/gdb_server.h"

#include "sim/debug/rsp_packet.h"

#include <atomic>
#include <cerrno>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <utility>
#include <vector>

namespace ppc64sim::debug {
namespace {

// While resume() runs, a helper thread reads the socket: a 0x03 byte becomes
// DebugTarget::interrupt(); everything else is kept for the decoder (gdb sends nothing else in
// all-stop mode, but bytes must not be lost).
class InterruptWatch {
public:
  InterruptWatch(DebugTarget& target, int fd) : target_(target), fd_(fd) {
    thread_ = std::thread([this] { run(); });
  }
  ~InterruptWatch() { stop(); }
  // Joins the helper; returns the bytes it read that were not an interrupt.
  std::string stop() {
    done_ = true;
    if (thread_.joinable()) thread_.join();
    return std::move(kept_);
  }
  bool peer_closed() const { return closed_; }

private:
  void run() {
    while (!done_ && !closed_) {
      pollfd p{fd_, POLLIN, 0};
      int r = ::poll(&p, 1, 20);
      if (r <= 0) continue;
      char buf[256];
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) {
        if (n < 0 && errno == EINTR) continue;
        closed_ = true;
        // A debugger that vanishes while the target runs must not leave it running forever.
        target_.interrupt();
        return;
      }
      for (ssize_t i = 0; i < n; ++i) {
        if (buf[i] == '\x03') target_.interrupt();
        else kept_ += buf[i];
      }
    }
  }

  DebugTarget& target_;
  int fd_;
  std::atomic<bool> done_{false};
  std::atomic<bool> closed_{false};
  std::string kept_;
  std::thread thread_;
};

} // namespace

SessionEnd serve_gdb_connection(DebugTarget& target, int fd, GdbStub::CommandHandler commands) {
  GdbStub stub(target, std::move(commands));
  rsp::Decoder decoder;
  std::vector<rsp::Event> events;
  std::string pending; // bytes read by the interrupt watch
  auto finish = [&](SessionEnd how) {
    stub.remove_all_breakpoints();
    return how;
  };
  while (true) {
    if (!pending.empty()) {
      decoder.feed(pending.data(), pending.size(), events);
      pending.clear();
    } else {
      char buf[1024];
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return finish(SessionEnd::disconnect);
      decoder.feed(buf, static_cast<size_t>(n), events);
    }
    for (const rsp::Event& e : events) {
      switch (e.kind) {
      case rsp::Event::Kind::ack:
      case rsp::Event::Kind::nak: // replies are not kept for retransmission: gdb resends its request
        continue;
      case rsp::Event::Kind::interrupt:
        // Ctrl-C while stopped: report the current stop again so gdb is not left waiting.
        if (!send_all(fd, rsp::frame(stub.handle("?").value_or("S02")))) return finish(SessionEnd::disconnect);
        continue;
      case rsp::Event::Kind::bad_checksum:
        if (!send_all(fd, "-")) return finish(SessionEnd::disconnect);
        continue;
      case rsp::Event::Kind::oversized:
        if (!send_all(fd, "+" + rsp::frame("E07"))) return finish(SessionEnd::disconnect);
        continue;
      case rsp::Event::Kind::packet: break;
      }
      if (!send_all(fd, "+")) return finish(SessionEnd::disconnect);
      std::optional<std::string> answer;
      if (GdbStub::resumes_target(e.payload)) {
        InterruptWatch watch(target, fd);
        answer = stub.handle(e.payload);
        bool closed = watch.peer_closed();
        pending += watch.stop();
        if (closed) return finish(SessionEnd::disconnect);
      } else {
        answer = stub.handle(e.payload);
      }
      for (const std::string& output : stub.take_console_packets())
        if (!send_all(fd, rsp::frame(output))) return finish(SessionEnd::disconnect);
      if (answer && !send_all(fd, rsp::frame(*answer))) return finish(SessionEnd::disconnect);
      if (stub.end() == GdbStub::End::detach) return finish(SessionEnd::detach);
      if (stub.end() == GdbStub::End::kill) return finish(SessionEnd::kill);
    }
    events.clear();
  }
}

SessionEnd serve_gdb(DebugTarget& target, TcpListener& listener, GdbStub::CommandHandler commands) {
  int fd = listener.accept_one();
  SessionEnd end = serve_gdb_connection(target, fd, std::move(commands));
  ::close(fd);
  return end;
}

} // namespace ppc64sim::debug
