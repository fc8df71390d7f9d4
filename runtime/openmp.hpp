#pragma once
// The few OpenMP facts the rest of parlab needs, answered with or without
// OpenMP compiled in (runtime/openmp.cpp is the only place that asks).
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

}  // namespace parlab::openmp
