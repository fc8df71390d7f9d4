#pragma once
// The SIMD kernels of one ISA. `Arch` is an xsimd architecture tag
// (xsimd::sse2, xsimd::fma3<xsimd::avx2>, xsimd::avx512bw). Each kernel is
// written once, as a member defined in simd/<family>/<kernel>_simd.hpp, and
// instantiated for every ISA in a generated file that alone is compiled with
// that ISA's flags (cmake/ParlabSimdTargets.cmake, simd/isa.cpp.in).
//
// Kernel bodies use only xsimd, builtins and plain loops: an inline library
// function compiled with AVX-512 flags here could otherwise be picked by the
// linker for every caller and break the binary on older CPUs.
#include <cstddef>
#include <cstdint>

namespace parlab::simd {

template <class Arch>
struct Isa {
  // Sum of x[0, n) in float32 partials of at most 32 elements, each added
  // into float64 (error bound in include/parlab/reduce.hpp).
  static double sum(const float* x, std::size_t n) noexcept;
  // Min / max of x[0, n): NaN if any element is NaN; +Inf / -Inf when n == 0.
  static float min(const float* x, std::size_t n) noexcept;
  static float max(const float* x, std::size_t n) noexcept;
  // Reads x[0, n) at full width doing as little else as possible: the
  // read-bandwidth probe of `parlab roofline`.
  static float read_probe(const float* x, std::size_t n) noexcept;

  // ---- image filters (simd/image/): output rows [y0, y1) of a w x h plane,
  // reading the whole input plane (clamp to edge). Each takes scratch memory
  // of its own, so bands of rows can run on several threads at once.
  static void gray(const float* r, const float* g, const float* b, float* out, std::size_t n) noexcept;
  static void gray_u8(const std::uint8_t* rgb, std::uint8_t* out, std::size_t n) noexcept;
  // scratch: w + 2r + 2 doubles
  static void box_rows(const float* in, float* out, int w, int h, int r, int y0, int y1, double* scratch) noexcept;
  // scratch: w + 2r floats; src: 2r + 1 row pointers
  static void gaussian_rows(const float* in, float* out, int w, int h, const float* taps, int r, int y0, int y1,
                            float* scratch, const float** src) noexcept;
  static void sobel_rows(const float* in, float* out, int w, int h, int y0, int y1) noexcept;
  // out = clamp(in + amount * (in - out), 0, 1): turns a blur into unsharp masking.
  static void sharpen(const float* in, float* out, std::size_t n, float amount) noexcept;
};

// The kernels of one ISA as plain function pointers: the dispatcher picks a
// table once per process, and tests walk every table the CPU can run.
struct Kernels {
  const char* isa;  // xsimd's name for it: "avx512bw", "fma3+avx2", "sse2"
  double (*sum)(const float*, std::size_t) noexcept;
  float (*min)(const float*, std::size_t) noexcept;
  float (*max)(const float*, std::size_t) noexcept;
  float (*read_probe)(const float*, std::size_t) noexcept;
  void (*gray)(const float*, const float*, const float*, float*, std::size_t) noexcept;
  void (*gray_u8)(const std::uint8_t*, std::uint8_t*, std::size_t) noexcept;
  void (*box_rows)(const float*, float*, int, int, int, int, int, double*) noexcept;
  void (*gaussian_rows)(const float*, float*, int, int, const float*, int, int, int, float*, const float**) noexcept;
  void (*sobel_rows)(const float*, float*, int, int, int, int) noexcept;
  void (*sharpen)(const float*, float*, std::size_t, float) noexcept;
};

template <class Arch>
constexpr Kernels kernels_of() {
  return {Arch::name(),
          &Isa<Arch>::sum,
          &Isa<Arch>::min,
          &Isa<Arch>::max,
          &Isa<Arch>::read_probe,
          &Isa<Arch>::gray,
          &Isa<Arch>::gray_u8,
          &Isa<Arch>::box_rows,
          &Isa<Arch>::gaussian_rows,
          &Isa<Arch>::sobel_rows,
          &Isa<Arch>::sharpen};
}

}  // namespace parlab::simd
