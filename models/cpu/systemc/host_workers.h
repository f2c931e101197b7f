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
  static constexpr unsigned kMaxJobs = 48;
  // Runs job(i) for every i < n, each exactly once, on any of the threads; returns when all
  // have returned (n <= kMaxJobs). The first exception a job throws is rethrown here (after all are done).
  void run(unsigned n, const std::function<void(unsigned)>& job);

private:
  void work(unsigned index);
  void take_jobs(unsigned index);

  // The batch number (low 16 bits, for the workers to see a new batch) and a bit per job not
  // yet taken (kMaxJobs bits above), in one word: a job is taken by clearing its bit, so every
  // taker takes a job of the current batch, however late it is. run() publishes a batch by
  // storing it. Thread k (the caller is 0) takes the jobs j with j % threads() == k first,
  // so that a core's state mostly stays in one host core's caches from pass to pass.
  static constexpr unsigned kBatchBits = 16;
  static uint32_t batch_of(uint64_t t) { return static_cast<uint32_t>(t & ((1u << kBatchBits) - 1)); }
  static uint64_t job_bit(unsigned j) { return uint64_t{1} << (kBatchBits + j); }
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
