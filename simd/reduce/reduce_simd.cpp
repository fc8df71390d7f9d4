// The simd backend: the blocked reduction on one thread, with the best ISA.
#include "parlab/reduce.hpp"
#include "parlab/simd.hpp"

namespace parlab {

double reduce_simd(std::span<const float> x, ReduceOp op) { return simd::reduce(simd::best(), x, op, 1); }

}  // namespace parlab
