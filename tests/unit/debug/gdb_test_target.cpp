// Standalone gdb server over the real ISS, for the gdb-multiarch session test
// (gdb_session.sh): `gdb_test_target ELF` listens on 127.0.0.1 at a free port, prints
// "listening on 127.0.0.1:PORT", and serves debugger connections one after the other (a
// detach leaves the board stopped for the next one) until the guest has powered off and the
// debugger is gone, or a debugger kills it. Exit status 0, or 1 with a message on bad input.
#include "sim/debug/gdb_server.h"
#include "sim/image_loader.h"
#include "tests/unit/debug/iss_target.h"

#include <cstring>
#include <iostream>

using namespace ppc64sim;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: gdb_test_target ELF\n";
    return 1;
  }
  try {
    sim::LoadedImage image = sim::load_image(argv[1]);
    debug::test::IssTarget target(image.entry);
    for (const sim::ImageSegment& seg : image.segments) {
      if (!target.write_memory(seg.addr, seg.bytes.data(), seg.bytes.size())) {
        std::cerr << argv[1] << ": segment at 0x" << std::hex << seg.addr << " (+0x" << seg.bytes.size()
                  << ") is outside the 1 MiB of RAM\n";
        return 1;
      }
    }
    debug::TcpListener listener("127.0.0.1", 0);
    std::cout << "listening on 127.0.0.1:" << listener.port() << std::endl;
    while (true) {
      debug::SessionEnd end = debug::serve_gdb(target, listener);
      std::cout << "session ended: "
                << (end == debug::SessionEnd::detach ? "detach" : end == debug::SessionEnd::kill ? "kill" : "disconnect")
                << std::endl;
      if (end == debug::SessionEnd::kill || target.powered_off()) break;
    }
    std::cout << "exit: " << (target.powered_off() ? "powered off" : "killed") << std::endl;
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "gdb_test_target: " << e.what() << "\n";
    return 1;
  }
}
