// The map-reduce family's device code.
//   histogram: each block counts into 256 bins in shared memory (atomics on
//              shared memory are fast), then adds its bins to the 64-bit
//              global bins; integer atomics give exact counts in any order.
//   moments:   one CUDA block per block of values: the two passes of
//              cpu/mapreduce/moments.hpp in float64, reduced in shared memory.
//   words:     the data-parallel word count: flag word bytes, find starts and
//              ends (stream compaction), hash each word, sort the hashes
//              (CUB radix sort through Thrust), count runs of equal hashes.
#include <thrust/copy.h>
#include <thrust/device_vector.h>
#include <thrust/execution_policy.h>
#include <thrust/iterator/constant_iterator.h>
#include <thrust/iterator/counting_iterator.h>
#include <thrust/reduce.h>
#include <thrust/sort.h>
#include <thrust/unique.h>

#include <cmath>

#include "gpu/mapreduce/mapreduce_cuda.hpp"
#include "runtime/cuda/device_cuda.hpp"

namespace parlab::mapreduce {
namespace {

constexpr int kThreads = 256;

__device__ bool is_word_byte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}
__device__ unsigned char lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

__global__ void __launch_bounds__(kThreads) histogram_kernel(const unsigned char* __restrict__ x, std::size_t n,
                                                             unsigned long long* __restrict__ bins) {
  __shared__ unsigned int local[256];
  for (int v = threadIdx.x; v < 256; v += blockDim.x) local[v] = 0;
  __syncthreads();
  const std::size_t stride = std::size_t(gridDim.x) * blockDim.x;
  for (std::size_t i = std::size_t(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += stride) atomicAdd(&local[x[i]], 1u);
  __syncthreads();
  for (int v = threadIdx.x; v < 256; v += blockDim.x)
    if (local[v]) atomicAdd(&bins[v], static_cast<unsigned long long>(local[v]));
}

// Sum of v over the block; valid in every thread.
template <class T, class Op>
__device__ T block_all(T v, Op op) {
  __shared__ T part[kThreads / 32];
  for (int o = 16; o > 0; o /= 2) v = op(v, __shfl_down_sync(0xffffffffu, v, o));
  if (threadIdx.x % 32 == 0) part[threadIdx.x / 32] = v;
  __syncthreads();
  T r = part[0];
  for (int w = 1; w < kThreads / 32; ++w) r = op(r, part[w]);
  __syncthreads();  // part is reused by the next call
  return r;
}

struct Add {
  template <class T>
  __device__ T operator()(T a, T b) const { return a + b; }
};
struct Min {
  __device__ double operator()(double a, double b) const { return fmin(a, b); }
};
struct Max {
  __device__ double operator()(double a, double b) const { return fmax(a, b); }
};

__global__ void __launch_bounds__(kThreads) moments_kernel(const float* __restrict__ x, std::size_t n,
                                                           std::size_t block, Moments* __restrict__ out) {
  const std::size_t first = std::size_t(blockIdx.x) * block, m = min(block, n - first);
  const float* v = x + first;
  double s = 0, lo = INFINITY, hi = -INFINITY;
  unsigned long long nan = 0;
  for (std::size_t i = threadIdx.x; i < m; i += blockDim.x) {
    const double a = v[i];
    if (isnan(a)) {
      ++nan;
      continue;
    }
    s += a;
    lo = fmin(lo, a);
    hi = fmax(hi, a);
  }
  s = block_all(s, Add{});
  nan = block_all(nan, Add{});
  lo = block_all(lo, Min{});
  hi = block_all(hi, Max{});
  const unsigned long long count = m - nan;
  const double mean = count ? s / double(count) : 0;
  double d1 = 0, d2 = 0;
  for (std::size_t i = threadIdx.x; i < m; i += blockDim.x) {
    const double a = v[i];
    if (isnan(a)) continue;
    d1 += a - mean;
    d2 += (a - mean) * (a - mean);
  }
  d1 = block_all(d1, Add{});
  d2 = block_all(d2, Add{});
  if (threadIdx.x == 0) {
    Moments r;  // as block_moments() makes it on the host
    r.n = count;
    r.nan = nan;
    if (count && !isfinite(mean)) {  // an infinity among the values (moments.hpp)
      r.mean = mean;
      r.m2 = NAN;
      r.min = lo;
      r.max = hi;
    } else if (count) {
      r.mean = mean + d1 / double(count);
      const double m2 = d2 - d1 * d1 / double(count);
      r.m2 = m2 < 0 ? 0.0 : m2;  // a NaN stays NaN
      r.min = lo;
      r.max = hi;
    }
    out[blockIdx.x] = r;
  }
}

// FNV-1a over the lowered bytes of each word.
__global__ void hash_words(const unsigned char* __restrict__ x, const std::uint32_t* __restrict__ starts,
                           const std::uint32_t* __restrict__ ends, std::size_t words,
                           unsigned long long* __restrict__ hash, std::uint32_t* __restrict__ index) {
  const std::size_t w = std::size_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (w >= words) return;
  unsigned long long h = 1469598103934665603ull;
  for (std::uint32_t i = starts[w]; i < ends[w]; ++i) h = (h ^ lower(x[i])) * 1099511628211ull;
  hash[w] = h;
  index[w] = static_cast<std::uint32_t>(w);
}

// Flags a pair of neighbours (in hash order) with one hash but different bytes.
__global__ void find_collisions(const unsigned char* __restrict__ x, const std::uint32_t* __restrict__ starts,
                                const std::uint32_t* __restrict__ ends, const unsigned long long* __restrict__ hash,
                                const std::uint32_t* __restrict__ index, std::size_t words, int* __restrict__ clash) {
  const std::size_t w = std::size_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (w == 0 || w >= words || hash[w] != hash[w - 1]) return;
  const std::uint32_t a = index[w], b = index[w - 1];
  const std::uint32_t la = ends[a] - starts[a], lb = ends[b] - starts[b];
  bool same = la == lb;
  for (std::uint32_t i = 0; same && i < la; ++i) same = lower(x[starts[a] + i]) == lower(x[starts[b] + i]);
  if (!same) atomicExch(clash, 1);
}

struct IsStart {
  const unsigned char* x;
  __device__ bool operator()(std::uint32_t i) const { return is_word_byte(x[i]) && (i == 0 || !is_word_byte(x[i - 1])); }
};
struct IsEnd {  // one past a word's last byte
  const unsigned char* x;
  std::size_t n;
  __device__ bool operator()(std::uint32_t i) const { return i > 0 && is_word_byte(x[i - 1]) && (i == n || !is_word_byte(x[i])); }
};

unsigned int blocks_for(std::size_t n) { return static_cast<unsigned int>((n + kThreads - 1) / kThreads); }

}  // namespace

struct MapReduceDevice::State {
  explicit State(Spans& spans) : rec(spans) {}
  cuda::SpanRecorder rec;
  thrust::device_vector<unsigned char> bytes;
  thrust::device_vector<unsigned long long> bins = thrust::device_vector<unsigned long long>(256, 0);
  std::unique_ptr<cuda::DeviceBuffer<Moments>> moments;  // raw device memory: Moments is built by the kernel
  thrust::device_vector<std::uint32_t> starts, ends, index, run_index;
  thrust::device_vector<unsigned long long> hash, run_hash, run_count;
  thrust::device_vector<int> clash = thrust::device_vector<int>(1, 0);

  void upload(const void* p, std::size_t n) {
    if (bytes.size() < n) bytes.resize(n);
    rec.begin("h2d");
    if (n) PARLAB_CUDA_CHECK(cudaMemcpy(thrust::raw_pointer_cast(bytes.data()), p, n, cudaMemcpyHostToDevice));
  }
  const unsigned char* device_bytes() const { return thrust::raw_pointer_cast(bytes.data()); }
};

MapReduceDevice::MapReduceDevice(Spans& spans) : s_(std::make_unique<State>(spans)) {}
MapReduceDevice::~MapReduceDevice() = default;

void MapReduceDevice::histogram(std::span<const std::byte> bytes, std::uint64_t* bins) {
  const std::size_t n = bytes.size();
  s_->upload(bytes.data(), n);
  s_->rec.begin("kernel");
  thrust::fill(s_->bins.begin(), s_->bins.end(), 0ull);
  if (n) {
    histogram_kernel<<<std::min(blocks_for(n), 4096u), kThreads>>>(s_->device_bytes(), n,
                                                                   thrust::raw_pointer_cast(s_->bins.data()));
    PARLAB_CUDA_CHECK_LAUNCH();
  }
  s_->rec.begin("d2h");
  unsigned long long host[256];
  PARLAB_CUDA_CHECK(cudaMemcpy(host, thrust::raw_pointer_cast(s_->bins.data()), sizeof host, cudaMemcpyDeviceToHost));
  for (int v = 0; v < 256; ++v) bins[v] += host[v];
}

void MapReduceDevice::moments(std::span<const std::byte> values, std::size_t block, Moments* out) {
  const std::size_t n = values.size() / sizeof(float), blocks = (n + block - 1) / block;
  s_->upload(values.data(), n * sizeof(float));
  s_->rec.begin("kernel");
  if (!s_->moments || s_->moments->size() < blocks) s_->moments = std::make_unique<cuda::DeviceBuffer<Moments>>(blocks);
  if (blocks) {
    // The device buffer is aligned (cudaMalloc), whatever the host bytes were.
    moments_kernel<<<static_cast<unsigned int>(blocks), kThreads>>>(reinterpret_cast<const float*>(s_->device_bytes()),
                                                                   n, block, s_->moments->get());
    PARLAB_CUDA_CHECK_LAUNCH();
  }
  s_->rec.begin("d2h");
  if (blocks) PARLAB_CUDA_CHECK(cudaMemcpy(out, s_->moments->get(), blocks * sizeof(Moments), cudaMemcpyDeviceToHost));
}

std::uint64_t MapReduceDevice::words(std::span<const std::byte> bytes, std::vector<WordRun>& distinct) {
  State& s = *s_;
  const std::size_t n = bytes.size();
  distinct.clear();
  s.upload(bytes.data(), n);
  s.rec.begin("kernel");
  const unsigned char* x = s.device_bytes();
  // Starts and ends, by stream compaction over the byte positions.
  const std::size_t most = n / 2 + 1;
  if (s.starts.size() < most) {
    for (auto* v : {&s.starts, &s.ends, &s.index, &s.run_index}) v->resize(most);
    for (auto* v : {&s.hash, &s.run_hash, &s.run_count}) v->resize(most);
  }
  const auto first = thrust::counting_iterator<std::uint32_t>(0);
  const std::size_t words =
      thrust::copy_if(thrust::device, first, first + n, s.starts.begin(), IsStart{x}) - s.starts.begin();
  thrust::copy_if(thrust::device, first, first + n + 1, s.ends.begin(), IsEnd{x, n});
  if (words == 0) {
    s.rec.begin("d2h");
    return 0;
  }
  hash_words<<<blocks_for(words), kThreads>>>(x, thrust::raw_pointer_cast(s.starts.data()),
                                              thrust::raw_pointer_cast(s.ends.data()), words,
                                              thrust::raw_pointer_cast(s.hash.data()),
                                              thrust::raw_pointer_cast(s.index.data()));
  PARLAB_CUDA_CHECK_LAUNCH();
  thrust::sort_by_key(thrust::device, s.hash.begin(), s.hash.begin() + words, s.index.begin());
  thrust::fill(s.clash.begin(), s.clash.end(), 0);
  find_collisions<<<blocks_for(words), kThreads>>>(
      x, thrust::raw_pointer_cast(s.starts.data()), thrust::raw_pointer_cast(s.ends.data()),
      thrust::raw_pointer_cast(s.hash.data()), thrust::raw_pointer_cast(s.index.data()), words,
      thrust::raw_pointer_cast(s.clash.data()));
  PARLAB_CUDA_CHECK_LAUNCH();
  // Runs of equal hashes: their counts, and one occurrence of each.
  const std::size_t runs = thrust::reduce_by_key(thrust::device, s.hash.begin(), s.hash.begin() + words,
                                                 thrust::constant_iterator<unsigned long long>(1), s.run_hash.begin(),
                                                 s.run_count.begin())
                               .first -
                           s.run_hash.begin();
  thrust::unique_by_key_copy(thrust::device, s.hash.begin(), s.hash.begin() + words, s.index.begin(),
                             s.run_hash.begin(), s.run_index.begin());
  s.rec.begin("d2h");
  if (s.clash[0] != 0)
    throw Error("two different words share a 64-bit hash in this piece; the cuda word count refuses to merge them");
  std::vector<unsigned long long> count(runs);
  std::vector<std::uint32_t> which(runs), start(words), end(words);
  thrust::copy(s.run_count.begin(), s.run_count.begin() + runs, count.begin());
  thrust::copy(s.run_index.begin(), s.run_index.begin() + runs, which.begin());
  thrust::copy(s.starts.begin(), s.starts.begin() + words, start.begin());
  thrust::copy(s.ends.begin(), s.ends.begin() + words, end.begin());
  distinct.reserve(runs);
  for (std::size_t r = 0; r < runs; ++r)
    distinct.push_back({start[which[r]], end[which[r]] - start[which[r]], count[r]});
  return words;
}

void MapReduceDevice::finish() { s_->rec.end(); }

}  // namespace parlab::mapreduce
