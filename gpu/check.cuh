#pragma once
// Every CUDA call goes through PARLAB_CUDA_CHECK: a failure becomes a
// parlab::Error naming the call site and the CUDA error.
#include <cuda_runtime.h>

#include <string>

#include "parlab/error.hpp"

namespace parlab::cuda {

[[noreturn]] inline void fail(cudaError_t e, const char* what, const char* file, int line) {
  throw Error(std::string(file) + ":" + std::to_string(line) + ": " + what + ": " + cudaGetErrorName(e) + " (" +
              cudaGetErrorString(e) + ")");
}

// Device memory owned by a scope (freed on every path, exceptions included).
template <class T>
class DeviceBuffer {
 public:
  explicit DeviceBuffer(std::size_t n);
  ~DeviceBuffer() { cudaFree(ptr_); }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  T* get() const { return ptr_; }
  std::size_t size() const { return n_; }

 private:
  T* ptr_ = nullptr;
  std::size_t n_ = 0;
};

// Two events bracketing device work on a stream; elapsed() synchronises.
class EventTimer {
 public:
  EventTimer();
  ~EventTimer();
  EventTimer(const EventTimer&) = delete;
  EventTimer& operator=(const EventTimer&) = delete;
  void start(cudaStream_t s = nullptr);
  void stop(cudaStream_t s = nullptr);
  double seconds();  // waits for the stop event

 private:
  cudaEvent_t start_{}, stop_{};
};

}  // namespace parlab::cuda

#define PARLAB_CUDA_CHECK(call)                                                  \
  do {                                                                           \
    const cudaError_t parlab_err_ = (call);                                      \
    if (parlab_err_ != cudaSuccess) ::parlab::cuda::fail(parlab_err_, #call, __FILE__, __LINE__); \
  } while (0)

// After a kernel launch: launch errors now, execution errors at the next sync.
#define PARLAB_CUDA_CHECK_LAUNCH() PARLAB_CUDA_CHECK(cudaGetLastError())

template <class T>
parlab::cuda::DeviceBuffer<T>::DeviceBuffer(std::size_t n) : n_(n) {
  if (n > 0) PARLAB_CUDA_CHECK(cudaMalloc(&ptr_, n * sizeof(T)));
}

#include <vector>

#include "parlab/cuda.hpp"
#include "parlab/timing.hpp"

namespace parlab::cuda {

// Times device work with CUDA events, after one warm-up: `round_trip` (copy
// in, compute, copy out) and `kernel` (compute alone), `repeat` times each;
// returns the medians.
template <class RoundTrip, class KernelOnly>
Timing time_device(int repeat, RoundTrip round_trip, KernelOnly kernel) {
  EventTimer timer;
  std::vector<double> whole, only;
  for (int k = 0; k <= repeat; ++k) {  // k == 0 warms up
    timer.start();
    round_trip();
    timer.stop();
    const double w = timer.seconds();
    timer.start();
    kernel();
    timer.stop();
    const double o = timer.seconds();
    if (k > 0) {
      whole.push_back(w);
      only.push_back(o);
    }
  }
  return {median(only), median(whole)};
}

}  // namespace parlab::cuda
