#pragma once
// Serves one gdb connection over TCP: RSP framing and acknowledgements, the Ctrl-C watch
// while the target runs, and GdbStub for the requests.
#include "sim/debug/debug_target.h"
#include "sim/debug/gdb_stub.h"
#include "sim/debug/tcp_listener.h"

namespace ppc64sim::debug {

enum class SessionEnd { detach, kill, disconnect };

// Accepts one connection on `listener` and serves it until gdb detaches (D), kills (k) or
// disconnects. Breakpoints gdb inserted are removed whatever the ending. `commands` serves
// gdb's `monitor` command (qRcmd); without it gdb is told the packet is unsupported.
SessionEnd serve_gdb(DebugTarget& target, TcpListener& listener, GdbStub::CommandHandler commands = {});
// The same on an already connected socket (not closed here).
SessionEnd serve_gdb_connection(DebugTarget& target, int fd, GdbStub::CommandHandler commands = {});

} // namespace ppc64sim::debug
