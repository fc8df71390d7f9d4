#pragma once
// Every CUDA call goes through PARLAB_CUDA_CHECK: a failure becomes a
// parlab::Error naming the call site and the CUDA error.
#include <cuda_runtime.h>

#include <string>
#include <vector>

#include "runtime/spans.hpp"

#include "runtime/error.hpp"

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

// Records device work on one stream as named spans, timed by CUDA events:
//   SpanRecorder rec(spans);
//   rec.begin("h2d");    copy in
//   rec.begin("kernel"); launch
//   rec.begin("d2h");    copy out
//   rec.end();           // synchronises, then adds the three spans
// Times are seconds from the first event.
class SpanRecorder {
 public:
  explicit SpanRecorder(Spans& out, cudaStream_t s = nullptr) : out_(out), stream_(s) {}
  ~SpanRecorder();
  SpanRecorder(const SpanRecorder&) = delete;
  SpanRecorder& operator=(const SpanRecorder&) = delete;
  void begin(const char* name);  // ends the span before, if any
  void end();

 private:
  cudaEvent_t mark();
  Spans& out_;
  cudaStream_t stream_;
  std::vector<const char*> names_;
  std::vector<cudaEvent_t> events_;
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

