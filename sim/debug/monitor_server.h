#pragma once
// The monitor on a loopback socket: one client at a time, one command per line, the output
// of each command followed by a "(monitor) " prompt.
#include "sim/debug/debug_target.h"
#include "sim/debug/tcp_listener.h"

namespace ppc64sim::debug {

// Accepts one client and serves it until `quit` or disconnection. Returns the number of
// failed commands.
int serve_monitor(DebugTarget& target, TcpListener& listener);

} // namespace ppc64sim::debug
