#pragma once
// A listening TCP socket for the debug tools. Loopback by default: a debugger port gives full
// control of the board, so exposing it to other hosts must be an explicit choice
// (--gdb-listen).
#include <cstdint>
#include <stdexcept>
#include <string>

namespace ppc64sim::debug {

class SocketError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

class TcpListener {
public:
  // Binds host:port (port 0 = a free port chosen by the kernel, see port()). Throws
  // SocketError naming the address and the reason.
  TcpListener(const std::string& host, uint16_t port);
  ~TcpListener();
  TcpListener(const TcpListener&) = delete;
  TcpListener& operator=(const TcpListener&) = delete;

  uint16_t port() const { return port_; }
  const std::string& host() const { return host_; }
  // Blocks until a client connects; returns the connected socket (caller closes it).
  int accept_one();
  // Waits at most `timeout_ms` for a client: the socket, or -1 when none came (lets a
  // watcher thread give up when the run ends).
  int try_accept(int timeout_ms);

private:
  int fd_ = -1;
  std::string host_;
  uint16_t port_ = 0;
};

// Writes all of `data`; false when the peer went away.
bool send_all(int fd, const std::string& data);

} // namespace ppc64sim::debug
