// The cuda backend of the image filters. Every plane is filtered in turn;
// all device work of one job goes on the default stream.
//
//  gaussian  two passes, each a tile in shared memory loaded with coalesced
//            reads (the halo of r pixels included), then 2r+1 FMAs per pixel
//            from shared memory. Radii whose tiles do not fit fall back to a
//            direct kernel that reads global memory through the caches.
//  box       vertical: running sums in float64, one thread per column and band
//            of rows; horizontal: per row, a float64 inclusive scan (CUB
//            BlockScan) of the clamped row, then out = (Q[x+2r] - Q[x-1]) / n.
//  sobel, gray, gray_u8, sharpen: one thread per pixel.
#include <cub/block/block_scan.cuh>

#include "gpu/image/filters_cuda.hpp"
#include "runtime/cuda/device_cuda.hpp"

namespace parlab::image {
namespace {

__device__ __forceinline__ int clampi(int i, int n) { return i < 0 ? 0 : i >= n ? n - 1 : i; }

// ---- Gaussian, row pass: a block makes 8 rows x 128 columns.
constexpr int kRowX = 32, kRowY = 8, kRowSteps = 4;
__global__ void gaussian_rows(const float* __restrict__ in, float* __restrict__ out, int w, int h,
                              const float* __restrict__ taps, int r) {
  extern __shared__ float tile[];  // kRowY rows of (kRowX * kRowSteps + 2r)
  const int tile_w = kRowX * kRowSteps + 2 * r;
  const int x0 = blockIdx.x * kRowX * kRowSteps;
  const int y = blockIdx.y * kRowY + threadIdx.y;
  float* row = tile + threadIdx.y * tile_w;
  if (y < h)
    for (int i = threadIdx.x; i < tile_w; i += kRowX) row[i] = in[std::size_t(y) * w + clampi(x0 - r + i, w)];
  __syncthreads();
  if (y >= h) return;
  for (int s = 0; s < kRowSteps; ++s) {
    const int lx = threadIdx.x + s * kRowX;
    if (x0 + lx >= w) return;
    float acc = 0;
    for (int k = 0; k <= 2 * r; ++k) acc = fmaf(taps[k], row[lx + k], acc);
    out[std::size_t(y) * w + x0 + lx] = acc;
  }
}

// ---- Gaussian, column pass: a block makes 32 rows x 32 columns.
constexpr int kColX = 32, kColY = 8, kColSteps = 4;
__global__ void gaussian_cols(const float* __restrict__ in, float* __restrict__ out, int w, int h,
                              const float* __restrict__ taps, int r) {
  extern __shared__ float tile[];  // (kColY * kColSteps + 2r) rows of kColX
  const int tile_h = kColY * kColSteps + 2 * r;
  const int x = blockIdx.x * kColX + threadIdx.x;
  const int y0 = blockIdx.y * kColY * kColSteps;
  if (x < w)
    for (int i = threadIdx.y; i < tile_h; i += kColY) tile[i * kColX + threadIdx.x] = in[std::size_t(clampi(y0 - r + i, h)) * w + x];
  __syncthreads();
  if (x >= w) return;
  for (int s = 0; s < kColSteps; ++s) {
    const int ly = threadIdx.y + s * kColY;
    if (y0 + ly >= h) return;
    float acc = 0;
    for (int k = 0; k <= 2 * r; ++k) acc = fmaf(taps[k], tile[(ly + k) * kColX + threadIdx.x], acc);
    out[std::size_t(y0 + ly) * w + x] = acc;
  }
}

// Any radius: one pixel per thread, reading global memory along (dx, dy).
__global__ void convolve_direct(const float* __restrict__ in, float* __restrict__ out, int w, int h,
                                const float* __restrict__ taps, int r, int dx, int dy) {
  const int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x >= w || y >= h) return;
  float acc = 0;
  for (int k = -r; k <= r; ++k) acc = fmaf(taps[k + r], in[std::size_t(clampi(y + k * dy, h)) * w + clampi(x + k * dx, w)], acc);
  out[std::size_t(y) * w + x] = acc;
}

// ---- Box, vertical: column sums of the window for rows [y0, y0 + band).
constexpr int kBoxBand = 256;
__global__ void box_cols(const float* __restrict__ in, double* __restrict__ sums, int w, int h, int r) {
  const int x = blockIdx.x * blockDim.x + threadIdx.x;
  const int y0 = blockIdx.y * kBoxBand;
  if (x >= w) return;
  double s = 0;
  for (int k = -r; k <= r; ++k) s += in[std::size_t(clampi(y0 + k, h)) * w + x];
  const int y1 = min(h, y0 + kBoxBand);
  for (int y = y0; y < y1; ++y) {
    sums[std::size_t(y) * w + x] = s;
    s += double(in[std::size_t(clampi(y + r + 1, h)) * w + x]) - double(in[std::size_t(clampi(y - r, h)) * w + x]);
  }
}

// ---- Box, horizontal: one block per row; scan[t] = sum of sums[clamp(u - r)] for u <= t.
constexpr int kScanThreads = 256, kScanItems = 4;
__global__ void __launch_bounds__(kScanThreads) box_rows(const double* __restrict__ sums, double* __restrict__ scan,
                                                        float* __restrict__ out, int w, int r) {
  using Scan = cub::BlockScan<double, kScanThreads>;
  __shared__ typename Scan::TempStorage temp;
  __shared__ double carry;
  const std::size_t y = blockIdx.x;
  const double* c = sums + y * w;
  const int len = w + 2 * r;
  double* q = scan + y * std::size_t(len);
  if (threadIdx.x == 0) carry = 0;
  __syncthreads();
  for (int base = 0; base < len; base += kScanThreads * kScanItems) {
    double v[kScanItems];
    for (int i = 0; i < kScanItems; ++i) {
      const int t = base + threadIdx.x * kScanItems + i;
      v[i] = t < len ? c[clampi(t - r, w)] : 0.0;
    }
    double total;
    Scan(temp).InclusiveSum(v, v, total);
    const double before = carry;
    for (int i = 0; i < kScanItems; ++i) {
      const int t = base + threadIdx.x * kScanItems + i;
      if (t < len) q[t] = before + v[i];
    }
    __syncthreads();  // everyone has read `carry` and `temp`
    if (threadIdx.x == 0) carry = before + total;
    __syncthreads();
  }
  const double inv = 1.0 / ((2.0 * r + 1) * (2.0 * r + 1));
  for (int x = threadIdx.x; x < w; x += kScanThreads)
    out[y * w + x] = float((q[x + 2 * r] - (x > 0 ? q[x - 1] : 0.0)) * inv);
}

// ---- Pointwise filters.
__global__ void sobel(const float* __restrict__ in, float* __restrict__ out, int w, int h) {
  const int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x >= w || y >= h) return;
  auto at = [&](int dx, int dy) { return in[std::size_t(clampi(y + dy, h)) * w + clampi(x + dx, w)]; };
  const float gx = (at(1, -1) + 2 * at(1, 0) + at(1, 1)) - (at(-1, -1) + 2 * at(-1, 0) + at(-1, 1));
  const float gy = (at(-1, 1) + 2 * at(0, 1) + at(1, 1)) - (at(-1, -1) + 2 * at(0, -1) + at(1, -1));
  out[std::size_t(y) * w + x] = sqrtf(gx * gx + gy * gy);
}

__global__ void gray(const float* __restrict__ r, const float* __restrict__ g, const float* __restrict__ b,
                     float* __restrict__ out, std::size_t n) {
  const std::size_t i = std::size_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i < n) out[i] = fmaf(0.114f, b[i], fmaf(0.587f, g[i], 0.299f * r[i]));
}

__global__ void gray_u8(const unsigned char* __restrict__ rgb, unsigned char* __restrict__ out, std::size_t n) {
  const std::size_t i = std::size_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i < n) out[i] = (unsigned char)((9798u * rgb[3 * i] + 19235u * rgb[3 * i + 1] + 3735u * rgb[3 * i + 2] + 16384u) >> 15);
}

__global__ void sharpen(const float* __restrict__ in, float* __restrict__ out, std::size_t n, float amount) {
  const std::size_t i = std::size_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i < n) out[i] = fminf(1.0f, fmaxf(0.0f, fmaf(amount, in[i] - out[i], in[i])));
}

unsigned blocks(std::size_t n, unsigned threads) { return unsigned((n + threads - 1) / threads); }

// The device side of one job: buffers sized once, kernels launched per plane.
class FilterRun {
 public:
  explicit FilterRun(const FilterJob& j)
      : job_(j),
        n_(std::size_t(j.width) * j.height),
        in_(in_bytes()),
        out_(out_bytes()),
        tmp_(needs_tmp() ? n_ : 0),
        taps_(j.taps.size()),
        sums_(j.filter == Filter::box ? n_ : 0),
        scan_(j.filter == Filter::box ? std::size_t(j.height) * (j.width + 2 * j.radius) : 0) {
    if (!j.taps.empty())
      PARLAB_CUDA_CHECK(cudaMemcpy(taps_.get(), j.taps.data(), j.taps.size() * sizeof(float), cudaMemcpyHostToDevice));
    int dev = 0;
    PARLAB_CUDA_CHECK(cudaGetDevice(&dev));
    PARLAB_CUDA_CHECK(cudaDeviceGetAttribute(&max_shared_, cudaDevAttrMaxSharedMemoryPerBlockOptin, dev));
  }

  void upload() { PARLAB_CUDA_CHECK(cudaMemcpy(in_.get(), job_.in, in_bytes(), cudaMemcpyHostToDevice)); }
  void download() { PARLAB_CUDA_CHECK(cudaMemcpy(job_.out, out_.get(), out_bytes(), cudaMemcpyDeviceToHost)); }

  void compute() {
    const int w = job_.width, h = job_.height;
    const float* in = reinterpret_cast<const float*>(in_.get());  // cudaMalloc aligns to 256 bytes
    float* out = reinterpret_cast<float*>(out_.get());
    switch (job_.filter) {
      case Filter::gray:
        gray<<<blocks(n_, 256), 256>>>(in, in + n_, in + 2 * n_, out, n_);
        PARLAB_CUDA_CHECK_LAUNCH();
        return;
      case Filter::gray_u8:
        gray_u8<<<blocks(n_, 256), 256>>>(in_.get(), out_.get(), n_);
        PARLAB_CUDA_CHECK_LAUNCH();
        return;
      default:
        break;
    }
    for (int p = 0; p < job_.planes; ++p) plane(in + p * n_, out + p * n_, w, h);
  }

 private:
  bool needs_tmp() const { return job_.filter == Filter::gaussian || job_.filter == Filter::unsharp; }
  std::size_t in_elements() const { return job_.filter == Filter::gray_u8 ? 3 * n_ : n_ * job_.planes; }
  std::size_t out_elements() const { return job_.filter == Filter::gray_u8 || job_.filter == Filter::gray ? n_ : n_ * job_.planes; }
  std::size_t sample_bytes() const { return job_.filter == Filter::gray_u8 ? 1 : sizeof(float); }
  std::size_t in_bytes() const { return in_elements() * sample_bytes(); }
  std::size_t out_bytes() const { return out_elements() * sample_bytes(); }

  void gaussian(const float* in, float* out, int w, int h) {
    const int r = static_cast<int>(job_.taps.size() / 2);
    float* tmp = tmp_.get();
    const std::size_t row_shared = std::size_t(kRowY) * (kRowX * kRowSteps + 2 * r) * sizeof(float);
    const std::size_t col_shared = std::size_t(kColY * kColSteps + 2 * r) * kColX * sizeof(float);
    if (row_shared <= std::size_t(max_shared_) && col_shared <= std::size_t(max_shared_)) {
      PARLAB_CUDA_CHECK(cudaFuncSetAttribute(gaussian_rows, cudaFuncAttributeMaxDynamicSharedMemorySize, int(row_shared)));
      PARLAB_CUDA_CHECK(cudaFuncSetAttribute(gaussian_cols, cudaFuncAttributeMaxDynamicSharedMemorySize, int(col_shared)));
      gaussian_rows<<<dim3(blocks(w, kRowX * kRowSteps), blocks(h, kRowY)), dim3(kRowX, kRowY), row_shared>>>(in, tmp, w, h, taps_.get(), r);
      PARLAB_CUDA_CHECK_LAUNCH();
      gaussian_cols<<<dim3(blocks(w, kColX), blocks(h, kColY * kColSteps)), dim3(kColX, kColY), col_shared>>>(tmp, out, w, h, taps_.get(), r);
      PARLAB_CUDA_CHECK_LAUNCH();
    } else {
      const dim3 grid(blocks(w, 32), blocks(h, 8)), block(32, 8);
      convolve_direct<<<grid, block>>>(in, tmp, w, h, taps_.get(), r, 1, 0);
      PARLAB_CUDA_CHECK_LAUNCH();
      convolve_direct<<<grid, block>>>(tmp, out, w, h, taps_.get(), r, 0, 1);
      PARLAB_CUDA_CHECK_LAUNCH();
    }
  }

  void plane(const float* in, float* out, int w, int h) {
    const dim3 grid2d(blocks(w, 32), blocks(h, 8)), block2d(32, 8);
    switch (job_.filter) {
      case Filter::gaussian:
        return gaussian(in, out, w, h);
      case Filter::unsharp:
        gaussian(in, out, w, h);
        sharpen<<<blocks(n_, 256), 256>>>(in, out, n_, job_.amount);
        PARLAB_CUDA_CHECK_LAUNCH();
        return;
      case Filter::sobel:
        sobel<<<grid2d, block2d>>>(in, out, w, h);
        PARLAB_CUDA_CHECK_LAUNCH();
        return;
      case Filter::box:
        box_cols<<<dim3(blocks(w, 128), blocks(h, kBoxBand)), 128>>>(in, sums_.get(), w, h, job_.radius);
        PARLAB_CUDA_CHECK_LAUNCH();
        box_rows<<<h, kScanThreads>>>(sums_.get(), scan_.get(), out, w, job_.radius);
        PARLAB_CUDA_CHECK_LAUNCH();
        return;
      default:
        return;
    }
  }

  FilterJob job_;
  std::size_t n_;
  cuda::DeviceBuffer<unsigned char> in_, out_;  // floats, or 8-bit samples for gray_u8
  cuda::DeviceBuffer<float> tmp_, taps_;
  cuda::DeviceBuffer<double> sums_, scan_;
  int max_shared_ = 48 * 1024;
};

}  // namespace

void filter_on_device(const FilterJob& job, Spans& spans) {
  FilterRun run(job);
  cuda::SpanRecorder rec(spans);
  rec.begin("h2d");
  run.upload();
  rec.begin("kernel");
  run.compute();
  rec.begin("d2h");
  run.download();
  rec.end();
}

}  // namespace parlab::image
