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
  for (unsigned i = 1; i < threads; ++i) workers_.emplace_back([this, i] { work(i); });
}

HostWorkers::~HostWorkers() {
  quit_.store(true);
  {
    std::lock_guard<std::mutex> lock(sleep_mutex_);
  }
  wake_.notify_all();
  for (std::thread& t : workers_) t.join();
}

// Takes jobs until none is left: first those of thread `index`, then any.
void HostWorkers::take_jobs(unsigned index) {
  const unsigned step = threads();
  uint64_t t = ticket_.load(std::memory_order_acquire);
  for (;;) {
    uint64_t jobs = t >> kBatchBits;
    if (jobs == 0) return;
    uint64_t own = 0;
    for (uint64_t rest = jobs; rest != 0; rest &= rest - 1) {
      const unsigned j = static_cast<unsigned>(__builtin_ctzll(rest));
      if (j % step == index) own |= uint64_t{1} << j;
    }
    const unsigned j = static_cast<unsigned>(__builtin_ctzll(own != 0 ? own : jobs));
    if (!ticket_.compare_exchange_weak(t, t & ~job_bit(j), std::memory_order_acq_rel, std::memory_order_acquire))
      continue;
    try {
      (*job_)(j);
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
  batch_ = (batch_ + 1) & ((1u << kBatchBits) - 1);
  const uint64_t jobs = n >= 64 - kBatchBits ? ~uint64_t{0} >> kBatchBits : (uint64_t{1} << n) - 1;
  ticket_.store(jobs << kBatchBits | batch_, std::memory_order_seq_cst); // publishes the batch and what its jobs read
  if (sleepers_.load(std::memory_order_seq_cst) != 0) {
    { std::lock_guard<std::mutex> lock(sleep_mutex_); }
    wake_.notify_all();
  }
  take_jobs(0);
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

void HostWorkers::work(unsigned index) {
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
    take_jobs(index);
  }
}

} // namespace ppc64sim::cpu
