#pragma once
// How many oneTBB workers a stage gets. oneTBB runs at most as many threads
// as its limit allows (by default one per CPU): an arena asked for more gets
// no more threads, and oneTBB prints a warning of its own. So the pipeline,
// the task graph and the demos ask for what they will get, and report that
// number, never the one asked for.
#include <tbb/global_control.h>

#include <cstddef>
#include <optional>
#include <string>

namespace parlab::pipeline {

// `requested` threads (0: as many as OpenMP would use), at most oneTBB's
// limit here; at least 1.
int tbb_workers(int requested);
// oneTBB's limit on threads working at once here.
int tbb_limit();
// What to tell a user who asked for more than that ("--threads 4096: oneTBB
// runs at most 2 threads at once here (one per CPU): 2 workers"); empty when
// `requested` is within the limit.
std::string tbb_workers_note(int requested);
// oneTBB's limit raised to at least `threads` while the result lives: for
// threads that mostly wait (readers, a stage waiting on one). None is made
// where the limit already allows that: a control made while another thread
// starts an arena is a race inside oneTBB 2021.8, which reads its list of
// controls without the list's lock (ThreadSanitizer saw it).
std::optional<tbb::global_control> allow_at_least(std::size_t threads);

}  // namespace parlab::pipeline
