#pragma once
// A small pool of host threads for --host-threads (core_scheduler.h): run(n, job) calls
// job(0..n-1) spread over the pool and the calling thread, and returns once all are done.
// Plain C++, no SystemC: the jobs must not call the SystemC kernel either.
//
// A pass of cycle mode lasts a few microseconds of host time, so the workers spin a while
// for the next one before they sleep (a sleeping worker costs a wake-up of tens of
// microseconds, a spinning one a host core).
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace ppc64sim::cpu {

class HostWorkers {
public:
  // `threads` host threads in all, the caller of run() included (>= 2).
  explicit HostWorkers(unsigned threads);
  ~HostWorkers();
  HostWorkers(const HostWorkers&) = delete;
  HostWorkers& operator=(const HostWorkers&) = delete;

  unsigned threads() const { return static_cast<unsigned>(workers_.size()) + 1; }
  // Runs job(i) for every i < n, each exactly once, on any of the threads; returns when all
  // have returned (n < 65536). The first exception a job throws is rethrown here (after all are done).
  void run(unsigned n, const std::function<void(unsigned)>& job);

private:
  void work();
  void take_jobs(uint32_t batch);

  // The batch and its next job in one word, so that a thread late from the last batch can
  // never take a job of the next one by mistake: batch number (32 bits), job count (16),
  // next job (16). run() publishes a batch by storing it.
  static uint64_t ticket(uint64_t batch, uint64_t count, uint64_t next) { return batch << 32 | count << 16 | next; }
  static uint32_t batch_of(uint64_t t) { return static_cast<uint32_t>(t >> 32); }
  std::atomic<uint64_t> ticket_{0};
  std::atomic<unsigned> done_{0}; // jobs finished in this batch
  uint32_t batch_ = 0;
  const std::function<void(unsigned)>* job_ = nullptr;
  std::vector<std::thread> workers_;
  std::mutex error_mutex_;
  std::exception_ptr error_;
  // Sleeping workers wait here for the next batch (or the end).
  std::mutex sleep_mutex_;
  std::condition_variable wake_;
  std::atomic<unsigned> sleepers_{0};
  std::atomic<bool> quit_{false};
};

} // namespace ppc64sim::cpu
