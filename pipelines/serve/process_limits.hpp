#pragma once
// What a server asks of the operating system for its process and threads:
// more open files, and workers that yield to the event loop.
#include <cstdint>

namespace parlab::serve {

// A process may hold as many open files as its soft limit allows; a server
// of thousands of connections raises it to the hard limit. Returns the limit
// now in force.
std::uint64_t raise_file_limit();

// The pool's workers run at a lower priority (nice +10) than the loop: when
// a request arrives while every core filters, the kernel's scheduler wakes
// the loop thread at once instead of letting it wait for a time slice, so
// /health stays fast; when the loop is idle the workers have every core.
// Each worker calls this before each job; it lowers the calling thread once.
void lower_this_worker();

}  // namespace parlab::serve
