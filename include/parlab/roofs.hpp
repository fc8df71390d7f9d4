#pragma once
// What this machine can do, measured: memory bandwidth and compute
// throughput, on one thread and on all threads, so every result can be set
// against the limit that binds it (the roofline model).
#include <cstddef>
#include <string>
#include <vector>

#include "parlab/backend.hpp"

namespace parlab {

struct Cost;

// GB/s (10^9 bytes/s), STREAM's convention: bytes a loop reads plus bytes it
// writes, not counting write-allocate traffic; from the best of the repeats
// (as STREAM does), so a kernel's median set against it errs low, not high.
struct Bandwidth {
  double read = 0;   // sum of one array
  double copy = 0;   // b[i] = a[i]
  double triad = 0;  // a[i] = b[i] + s * c[i]
};

// Giga operations per second of the best SIMD ISA, every chain independent:
// float32 and float64 FMAs (one FMA counts 2 flops) and 32-bit integer
// multiplies. Each probe's result is checked against its closed form.
struct Compute {
  double fp32 = 0;
  double fp64 = 0;
  double int32_mul = 0;
};

// Random reads over a table of `footprint` bytes: the level of the memory
// hierarchy a hash table of that size lives in.
struct RandomReads {
  std::size_t footprint = 0;  // bytes
  double latency_ns = 0;      // one dependent read (each waits for the last), per thread
  double reads = 0;           // G independent reads/s, the row's threads together
};
// What bounds kernels that neither stream nor compute: a histogram's
// increments and a hash table's lookups (core/access_probes.hpp).
struct Access {
  double updates = 0;               // G increments/s into small tables at random indices
  std::vector<RandomReads> random;  // by footprint, smallest first
};

struct Roofline {
  std::size_t array_bytes = 0;  // size of each array of the memory probes
  int threads = 1;              // threads of the all-threads row
  std::string isa;              // the SIMD ISA the probes ran
  Bandwidth one_thread, all_threads;
  Compute compute_one_thread, compute_all_threads;
  Access access_one_thread, access_all_threads;
  double device_copy = 0;       // GB/s, device-to-device copy; 0 without a GPU
  std::string device_note;      // why there is no device figure
};

// `elements` floats per array (0: 2^26, 256 MiB, well past the last-level cache).
// Random reads over tables from 32 KiB up to `largest_table` bytes (0: four
// times the arrays, at most 1 GiB; rounded down to a power of two), as far
// as half the free memory allows.
// Throws Error if the arrays would not fit in memory, or if a probe's result is wrong.
Roofline measure_roofline(std::size_t elements, int threads, int repeat, std::size_t largest_table = 0);
// The best of two measurements of the same machine, roof by roof. A shared
// or virtual machine's bandwidth drifts by tens of percent over minutes:
// `parlab compare` measures before and after its kernels and keeps the best,
// so a kernel that ran in a fast moment is not set against a slow one's roof.
Roofline best_of(const Roofline& a, const Roofline& b);

// The shortest time the measured roofs allow a run of cost `c` on backend `b`
// (scalar and simd: one thread; openmp: all threads, or one where `threads`
// is 1; cuda: the device), and the roof that sets it. seconds == 0: nothing
// measured for this backend. (Between 1 and all threads the all-threads roofs
// are used: only those two rows are measured.)
//
// Memory: the run's bytes (read + written) at the best rate any probe
// reached (read, copy or triad), counted STREAM's way. On the machines
// measured so far one core's bandwidth is set by how many cache misses it
// keeps in flight rather than by the bus, so a read and a write count alike
// and the fastest mix of streams is the roof (docs/architecture.md). On the
// GPU: the device-copy rate. Compute: the float32, float64 and
// integer-multiply work at their measured peaks, added (they share the
// core's execution ports). Access: the increments at the update rate and the
// random reads at the rate measured for a table of the kernel's size
// (interpolated between the probed sizes); each is a bound of its own, and
// the slowest of memory, compute and access sets the limit.
struct Limit {
  double seconds = 0;
  std::string roof;  // "memory", "fp32", "fp64", "int32 mul", "updates", "random reads"
};
Limit limit(const Cost& c, Backend b, const Roofline& r, int threads = 0);

}  // namespace parlab
