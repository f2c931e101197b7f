#include "models/cpu/systemc/host_workers.h"

namespace ppc64sim::cpu {
namespace {
// Spins of a worker waiting for the next batch before it sleeps, and of run() waiting for
// the batch's last job before it yields the host core.
constexpr unsigned kSpins = 4000;

inline void relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}
} // namespace

HostWorkers::HostWorkers(unsigned threads) {
  for (unsigned i = 1; i < threads; ++i) workers_.emplace_back([this] { work(); });
}

HostWorkers::~HostWorkers() {
  quit_.store(true);
  {
    std::lock_guard<std::mutex> lock(sleep_mutex_);
  }
  wake_.notify_all();
  for (std::thread& t : workers_) t.join();
}

// Takes jobs of `batch` until none is left (or another batch started: then none of this one
// is left either).
void HostWorkers::take_jobs(uint32_t batch) {
  uint64_t t = ticket_.load(std::memory_order_acquire);
  for (;;) {
    if (batch_of(t) != batch) return;
    const unsigned count = static_cast<unsigned>((t >> 16) & 0xffff), next = static_cast<unsigned>(t & 0xffff);
    if (next >= count) return;
    if (!ticket_.compare_exchange_weak(t, t + 1, std::memory_order_acq_rel, std::memory_order_acquire)) continue;
    try {
      (*job_)(next);
    } catch (...) {
      std::lock_guard<std::mutex> lock(error_mutex_);
      if (!error_) error_ = std::current_exception();
    }
    done_.fetch_add(1, std::memory_order_release);
    t = ticket_.load(std::memory_order_acquire);
  }
}

void HostWorkers::run(unsigned n, const std::function<void(unsigned)>& job) {
  if (n == 0) return;
  job_ = &job;
  done_.store(0, std::memory_order_relaxed);
  ++batch_;
  ticket_.store(ticket(batch_, n, 0), std::memory_order_seq_cst); // publishes the batch and what its jobs read
  if (sleepers_.load(std::memory_order_seq_cst) != 0) {
    { std::lock_guard<std::mutex> lock(sleep_mutex_); }
    wake_.notify_all();
  }
  take_jobs(batch_);
  for (unsigned spins = 0; done_.load(std::memory_order_acquire) != n; ++spins) {
    if (spins < kSpins) relax();
    else std::this_thread::yield();
  }
  if (error_) {
    std::exception_ptr e = error_;
    error_ = nullptr;
    std::rethrow_exception(e);
  }
}

void HostWorkers::work() {
  uint32_t seen = 0;
  for (;;) {
    unsigned spins = 0;
    uint32_t batch;
    while ((batch = batch_of(ticket_.load(std::memory_order_acquire))) == seen) {
      if (quit_.load(std::memory_order_relaxed)) return;
      if (++spins < kSpins) {
        relax();
        continue;
      }
      std::unique_lock<std::mutex> lock(sleep_mutex_);
      sleepers_.fetch_add(1, std::memory_order_seq_cst);
      wake_.wait(lock, [&] { return batch_of(ticket_.load(std::memory_order_seq_cst)) != seen || quit_.load(); });
      sleepers_.fetch_sub(1, std::memory_order_relaxed);
    }
    if (quit_.load()) return;
    seen = batch;
    take_jobs(batch);
  }
}

} // namespace ppc64sim::cpu
