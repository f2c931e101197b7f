// ISS-only speed benchmark: runs the cross-compiled integer workload (workload.c) in one ISS
// thread over a vector-backed RAM with a direct region, and prints MIPS. It checks that the
// workload made progress and took no interrupt, but never asserts on time.
//   iss_bench [instructions=300000000] [slice=2000] [blob]
#include "models/cpu/iss.h"

#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

using namespace ppc64sim::cpu;

constexpr uint64_t kRamBytes = 1 << 20;
constexpr uint64_t kLoadAddress = 0x10000; // the blob is linked there (bench/iss/CMakeLists.txt)

class Ram : public GuestMemory {
public:
  std::vector<uint8_t> bytes = std::vector<uint8_t>(kRamBytes);
  DirectRegion direct_region() override { return {0, bytes.size(), bytes.data()}; }
  AccessStatus read(uint64_t, uint8_t*, unsigned, const AccessInfo&) override { return AccessStatus::unmapped; }
  AccessStatus write(uint64_t, const uint8_t*, unsigned, const AccessInfo&) override {
    return AccessStatus::unmapped;
  }
  uint64_t get64(uint64_t addr) const {
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | bytes[addr + i];
    return v;
  }
};

class NoHypervisor : public HypervisorInterface {
public:
  HcallResult hcall(ThreadState& s) override {
    s.gpr[3] = static_cast<uint64_t>(-2); // H_FUNCTION: the workload makes no hcalls
    return {};
  }
};

uint64_t parse_count(const char* text, const char* what) {
  char* end = nullptr;
  unsigned long long v = std::strtoull(text, &end, 0);
  if (end == text || *end != '\0' || v == 0) {
    std::fprintf(stderr, "iss_bench: %s must be a positive integer, got '%s'\n", what, text);
    std::exit(2);
  }
  return v;
}

} // namespace

int main(int argc, char** argv) {
  uint64_t total = argc > 1 ? parse_count(argv[1], "instructions") : 300'000'000ull;
  uint64_t slice = argc > 2 ? parse_count(argv[2], "slice") : 2000;
  std::string blob_path = argc > 3 ? argv[3] : PPC64SIM_ISS_BENCH_BLOB;

  std::ifstream in(blob_path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "iss_bench: cannot open workload blob '%s'\n", blob_path.c_str());
    return 2;
  }
  std::vector<uint8_t> blob((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (blob.empty() || blob.size() > kRamBytes - kLoadAddress) {
    std::fprintf(stderr, "iss_bench: workload blob '%s' has bad size %zu\n", blob_path.c_str(), blob.size());
    return 2;
  }

  Ram ram;
  std::memcpy(ram.bytes.data() + kLoadAddress, blob.data(), blob.size());
  NoHypervisor hyp;
  ReservationMonitor monitor(1);
  ThreadState state;
  state.msr = msr::SF | msr::ME;
  state.pc = kLoadAddress;
  state.run_state = RunState::running;
  Iss iss(state, ram, hyp, monitor);

  // CPU time too: on a shared, loaded machine it is the steadier figure.
  std::clock_t cpu_start = std::clock();
  auto start = std::chrono::steady_clock::now();
  uint64_t done = 0;
  while (done < total) {
    StepResult r = iss.step(std::min(slice, total - done));
    done += r.instructions;
    if (r.instructions == 0) break;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double cpu_seconds = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;

  uint64_t iterations = ram.get64(0x100);
  std::printf("iss_bench: %llu instructions in %.3f s = %.1f MIPS wall, %.1f MIPS cpu (slice %llu, "
              "%llu workload iterations, checksum %016llx)\n",
              static_cast<unsigned long long>(done), seconds, done / seconds / 1e6,
              cpu_seconds > 0 ? done / cpu_seconds / 1e6 : 0.0,
              static_cast<unsigned long long>(slice), static_cast<unsigned long long>(iterations),
              static_cast<unsigned long long>(ram.get64(0x108)));
  if (iterations == 0 || state.pc < kLoadAddress) {
    std::fprintf(stderr, "iss_bench: the workload did not run correctly (pc 0x%llx, srr0 0x%llx)\n",
                 static_cast<unsigned long long>(state.pc), static_cast<unsigned long long>(state.srr0));
    return 1;
  }
  return 0;
}
