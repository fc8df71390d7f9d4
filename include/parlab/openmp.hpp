#pragma once
// The few OpenMP facts the rest of parlab needs, answered with or without
// OpenMP compiled in (core/openmp.cpp is the only place that asks).
namespace parlab::openmp {

bool compiled();
// Threads a parallel region would use: `requested` when > 0, else OpenMP's
// default (OMP_NUM_THREADS or the number of CPUs); 1 without OpenMP.
int threads(int requested = 0);
// Inside a parallel region: this thread's number and the team's size (0 and 1 outside).
int thread_index();
int team_size();

}  // namespace parlab::openmp
