#pragma once
// The few OpenMP facts the rest of parlab needs, answered with or without
// OpenMP compiled in (runtime/openmp.cpp is the only place that asks).
#include <vector>

namespace parlab::openmp {

// The most threads parlab runs in one team: what --threads accepts, and the
// cap on OMP_NUM_THREADS. (libgomp crashes when it cannot create the threads
// asked for: about 35 000 on a machine with 24 GiB.)
inline constexpr int kMaxThreads = 4096;

bool compiled();
// Throws UsageError naming OMP_NUM_THREADS if OpenMP's default team is larger
// than kMaxThreads; call it before any parallel region.
void check_default_threads();
// Threads a parallel region would use: `requested` when > 0, else OpenMP's
// default (OMP_NUM_THREADS or the number of CPUs); 1 without OpenMP.
int threads(int requested = 0);
// Inside a parallel region: this thread's number and the team's size (0 and 1 outside).
int thread_index();
int team_size();

// The CPUs this process was given, in order. Under OMP_PROC_BIND or
// OMP_PLACES the OpenMP runtime pins the initial thread to the first place
// before main() runs, so that thread's own mask says one core where the job
// gave several; the places, made from the mask the process started with,
// still hold them all, and their union is the answer. Without places: this
// thread's mask.
std::vector<int> process_cpus();

// Gives the initial thread back every CPU of the process; called first in
// main() (parlab, the benchmarks, each lab's program). Why: a thread or
// program inherits the mask of the thread that starts it, so after the
// OpenMP runtime's pinning above, oneTBB's workers (and oneTBB's count of
// cores), std::threads and the programs parlab starts would all share one
// core. OpenMP still binds the other threads of each team to their places;
// only the initial thread is left free on the process's CPUs.
void unpin_initial_thread();

}  // namespace parlab::openmp
