#include "sim/debug/monitor_server.h"

#include "sim/debug/monitor.h"

#include <cerrno>
#include <sstream>
#include <sys/socket.h>
#include <unistd.h>

namespace ppc64sim::debug {
namespace {

// Lines longer than this are refused whole: a monitor command is a few words.
constexpr size_t kMaxLine = 4096;
const char* const kPrompt = "(monitor) ";

} // namespace

int serve_monitor(DebugTarget& target, TcpListener& listener) {
  int fd = listener.accept_one();
  std::ostringstream out;
  Monitor monitor(target, out);
  int errors = 0;
  std::string line;
  bool discarding = false;
  bool open = send_all(fd, kPrompt);
  while (open) {
    char buf[512];
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    for (ssize_t i = 0; i < n && open; ++i) {
      if (buf[i] != '\n') {
        if (line.size() >= kMaxLine) discarding = true;
        else if (buf[i] != '\r') line += buf[i];
        continue;
      }
      out.str("");
      Monitor::Outcome o = Monitor::Outcome::error;
      if (discarding) out << "error: line longer than " << kMaxLine << " characters ignored\n";
      else o = monitor.execute(line);
      if (o == Monitor::Outcome::error) ++errors;
      line.clear();
      discarding = false;
      if (o == Monitor::Outcome::quit) {
        open = false;
        break;
      }
      open = send_all(fd, out.str() + kPrompt);
    }
  }
  ::close(fd);
  return errors;
}

} // namespace ppc64sim::debug
