#pragma once
// The reduction on the CUDA device (gpu/reduce/reduce_device.cu), for the variants
// in gpu/reduce/reduce_cuda.cpp. Plain C++ types only: this header is read by
// nvcc and by the host compiler.
#include <span>

#include "cpu/reduce/reduce.hpp"
#include "runtime/spans.hpp"

namespace parlab::reduce {

// Copies x in, reduces, copies the result back; reports "h2d", "kernel" and
// "d2h" spans (CUDA events). Device allocation is not in any span.
double reduce_on_device(std::span<const float> x, ReduceOp op, Spans& spans);

}  // namespace parlab::reduce
