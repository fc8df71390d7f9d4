#pragma once
// The progress of a long run, and the request to stop it early.
//
// A kernel that works in blocks (Monte Carlo) reports what it has done after
// each batch of blocks and checks stop_requested() before the next: on SIGINT
// the CLI requests a stop, the kernel returns what it has so far, and the CLI
// prints that, marked partial. Kernels that finish quickly ignore all this.
// One run at a time: the counters are global.
namespace parlab::progress {

// A new run of `total` items (samples, paths): the count starts at 0.
void begin(double total);
void advance(double items);
// Items done and the total of the run begun last.
double done();
double total();

// Async-signal-safe: a lock-free atomic store.
void request_stop();
bool stop_requested();
void clear_stop();

}  // namespace parlab::progress
