// Lab 02, the reference solution.
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/task_arena.h>
#include <oneapi/tbb/task_scheduler_observer.h>
#include <sys/resource.h>
#include <unistd.h>

#include <mutex>

#include "../responsive.hpp"

namespace lab02 {
namespace {

// When every core is busy, the loop's thread, waking for its timer, must
// take a core from a worker: the workers run at a lower priority (nice 10),
// so the kernel gives the loop's thread a core at once.
struct LowerPriority : tbb::task_scheduler_observer {
  explicit LowerPriority(tbb::task_arena& a) : tbb::task_scheduler_observer(a) { observe(true); }
  ~LowerPriority() override { observe(false); }
  void on_scheduler_entry(bool /*worker*/) override { setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 10); }
};

// Results cross from the workers to the loop through a queue under a lock,
// which the loop drains every 2 ms on its own thread.
//
// Why not uv_async_send, libuv's wake-up from another thread? Measured here
// (2 cores, both busy): it makes the 10 ms timer up to 4 ms late. The
// sender's write wakes the loop's thread on the sender's own core, which
// preempts the sender before it has marked the send finished, and the loop
// then spins until the sender runs again. A 2 ms poll costs the loop a
// wake-up per 2 ms and keeps the timer within a millisecond.
struct Offload {
  uv_timer_t poll;
  // oneTBB starts one worker fewer than the CPUs (the calling thread usually
  // works too); this arena's `threads` workers need that many, and the loop's
  // thread stays out of it.
  tbb::global_control workers;
  tbb::task_arena arena;
  LowerPriority nice{arena};
  std::mutex mutex;
  std::vector<std::pair<std::size_t, std::uint64_t>> finished;  // under mutex
  std::size_t left;
  Done done;
  Offload(int threads, std::size_t jobs, Done d)
      : workers(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads) + 1),
        arena(threads, 0),
        left(jobs),
        done(std::move(d)) {}
};

void close_and_free(Offload* o) {
  uv_close(reinterpret_cast<uv_handle_t*>(&o->poll), [](uv_handle_t* h) { delete static_cast<Offload*>(h->data); });
}

}  // namespace

void submit(uv_loop_t* loop, const std::vector<Job>& jobs, int threads, Done done) {
  auto* o = new Offload(threads, jobs.size(), std::move(done));
  uv_timer_init(loop, &o->poll);
  o->poll.data = o;
  if (jobs.empty()) return close_and_free(o);
  uv_timer_start(&o->poll, [](uv_timer_t* t) {
    Offload* o = static_cast<Offload*>(t->data);
    std::vector<std::pair<std::size_t, std::uint64_t>> ready;
    {
      std::lock_guard lock(o->mutex);
      ready.swap(o->finished);
    }
    for (auto [job, primes] : ready) o->done(job, primes);  // on the loop's thread
    o->left -= ready.size();
    if (o->left == 0) close_and_free(o);
  }, 2, 2);
  // enqueue returns at once: the workers take the jobs while the loop runs.
  for (std::size_t i = 0; i < jobs.size(); ++i)
    o->arena.enqueue([o, i, job = jobs[i]] {
      const std::uint64_t primes = count_primes(job.lo, job.hi);
      std::lock_guard lock(o->mutex);
      o->finished.emplace_back(i, primes);
    });
}

}  // namespace lab02
