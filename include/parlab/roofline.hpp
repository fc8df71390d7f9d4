#pragma once
// Memory bandwidth this machine reaches, measured, so every kernel's
// throughput can be given as a share of it.
#include <cstddef>
#include <string>

namespace parlab {

// GB/s (10^9 bytes/s), STREAM's convention: bytes a loop reads plus bytes it
// writes, not counting write-allocate traffic; from the best of the repeats
// (as STREAM does), so a kernel's median set against it errs low, not high.
struct Bandwidth {
  double read = 0;   // sum of one array
  double copy = 0;   // b[i] = a[i]
  double triad = 0;  // a[i] = b[i] + s * c[i]
};

struct Roofline {
  std::size_t array_bytes = 0;  // size of each array
  int threads = 1;              // threads of the all-threads row
  Bandwidth one_thread;
  Bandwidth all_threads;
  double device_copy = 0;       // GB/s, device-to-device copy; 0 without a GPU
  std::string device_note;      // why there is no device figure
};

// `elements` floats per array (0: 2^26, 256 MiB, well past the last-level cache).
Roofline measure_roofline(std::size_t elements, int threads, int repeat);

}  // namespace parlab
