// The CUDA device: does one answer, what is it, how fast does it copy.
#include <algorithm>
#include <vector>

#include "runtime/cuda/device_cuda.hpp"
#include "runtime/cuda/probe.hpp"
#include "runtime/mpi/ranks.hpp"

namespace parlab::cuda {

EventTimer::EventTimer() {
  PARLAB_CUDA_CHECK(cudaEventCreate(&start_));
  PARLAB_CUDA_CHECK(cudaEventCreate(&stop_));
}
EventTimer::~EventTimer() {
  cudaEventDestroy(start_);
  cudaEventDestroy(stop_);
}
void EventTimer::start(cudaStream_t s) { PARLAB_CUDA_CHECK(cudaEventRecord(start_, s)); }
void EventTimer::stop(cudaStream_t s) { PARLAB_CUDA_CHECK(cudaEventRecord(stop_, s)); }
double EventTimer::seconds() {
  PARLAB_CUDA_CHECK(cudaEventSynchronize(stop_));
  float ms = 0;
  PARLAB_CUDA_CHECK(cudaEventElapsedTime(&ms, start_, stop_));
  return ms * 1e-3;
}

SpanRecorder::~SpanRecorder() {
  for (cudaEvent_t e : events_) cudaEventDestroy(e);
}

cudaEvent_t SpanRecorder::mark() {
  cudaEvent_t e{};
  PARLAB_CUDA_CHECK(cudaEventCreate(&e));
  events_.push_back(e);
  PARLAB_CUDA_CHECK(cudaEventRecord(e, stream_));
  return e;
}

void SpanRecorder::begin(const char* name) {
  mark();
  names_.push_back(name);
}

void SpanRecorder::end() {
  if (names_.empty()) return;
  const cudaEvent_t last = mark();
  PARLAB_CUDA_CHECK(cudaEventSynchronize(last));
  for (std::size_t i = 0; i < names_.size(); ++i) {
    float from = 0, to = 0;
    PARLAB_CUDA_CHECK(cudaEventElapsedTime(&from, events_.front(), events_[i]));
    PARLAB_CUDA_CHECK(cudaEventElapsedTime(&to, events_.front(), events_[i + 1]));
    out_.add(names_[i], from * 1e-3, to * 1e-3);
  }
  names_.clear();
}

Probe probe() {
  Probe p;
  p.compiled = true;
  cudaRuntimeGetVersion(&p.runtime_version);
  int count = 0;
  const cudaError_t e = cudaGetDeviceCount(&count);
  cudaDriverGetVersion(&p.driver_version);
  if (e == cudaErrorInsufficientDriver && p.driver_version == 0) {
    p.reason = "compiled in, but no CUDA driver (cudaErrorInsufficientDriver)";
    return p;
  }
  if (e != cudaSuccess) {
    p.reason = std::string("compiled in, but no usable device (") + cudaGetErrorName(e) + ")";
    return p;
  }
  if (count == 0) {
    p.reason = "compiled in, but the driver reports no device";
    return p;
  }
  // With several GPUs, rank r of an MPI job takes device r mod count
  // (one rank per GPU when the job asks for as many ranks as GPUs).
  p.device_count = count;
  p.device = mpi::rank() % count;
  const std::string which = "device " + std::to_string(p.device);
  if (const cudaError_t se = cudaSetDevice(p.device); se != cudaSuccess) {
    p.reason = "compiled in, but " + which + " cannot be selected (" + cudaGetErrorName(se) + ")";
    return p;
  }
  cudaDeviceProp prop{};
  if (const cudaError_t pe = cudaGetDeviceProperties(&prop, p.device); pe != cudaSuccess) {
    p.reason = "compiled in, but " + which + " does not answer (" + cudaGetErrorName(pe) + ")";
    return p;
  }
  p.name = prop.name;
  p.sm_count = prop.multiProcessorCount;
  p.cc_major = prop.major;
  p.cc_minor = prop.minor;
  p.memory_bytes = prop.totalGlobalMem;
  // A context that starts proves the binary carries code this GPU can run.
  if (const cudaError_t fe = cudaFree(nullptr); fe != cudaSuccess) {
    p.reason = "compiled in, but " + which + " (" + p.name + ") cannot start: " + cudaGetErrorName(fe);
    return p;
  }
  p.usable = true;
  p.reason = which + ": " + p.name;
  return p;
}

double copy_bandwidth(std::size_t bytes, int repeat) {
  const std::size_t n = bytes / sizeof(float);
  DeviceBuffer<float> a(n), b(n);
  PARLAB_CUDA_CHECK(cudaMemset(a.get(), 1, n * sizeof(float)));
  PARLAB_CUDA_CHECK(cudaMemcpy(b.get(), a.get(), n * sizeof(float), cudaMemcpyDeviceToDevice));  // warm-up
  EventTimer t;
  std::vector<double> s;
  for (int r = 0; r < std::max(repeat, 1); ++r) {
    t.start();
    PARLAB_CUDA_CHECK(cudaMemcpyAsync(b.get(), a.get(), n * sizeof(float), cudaMemcpyDeviceToDevice));
    t.stop();
    s.push_back(t.seconds());
  }
  std::sort(s.begin(), s.end());
  const double median = s.size() % 2 ? s[s.size() / 2] : 0.5 * (s[s.size() / 2 - 1] + s[s.size() / 2]);
  return 2.0 * n * sizeof(float) / median / 1e9;  // read + write
}

}  // namespace parlab::cuda
