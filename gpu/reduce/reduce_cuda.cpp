// The cuda column of the reduce family: built only with CUDA, so the kernels
// registered in cpu/reduce/reduce_kernels.cpp get a cuda variant only then.
#include "gpu/reduce/reduce_cuda.hpp"

#include "parlab/registry.hpp"
#include "runtime/error.hpp"
#include "runtime/mpi/ranks.hpp"

namespace parlab::reduce {
namespace {

template <ReduceOp op>
void reduce_cuda(const Data& in, Data& out, const Params&, Spans& spans) {
  // CUB's device reduction has an order of its own, which no set of ranks
  // can reproduce: refused rather than a sum that depends on R.
  if (mpi::distributed())
    throw Error("reduce: the cuda backend runs in one process only (CUB adds in its own order); use --backend openmp across ranks");
  out.set(to_string(op), reduce_on_device(in.get<Floats>("x"), op, spans));
}

const RegisterVariant kSum{"reduce_sum", Backend::cuda, reduce_cuda<ReduceOp::sum>};
const RegisterVariant kMin{"reduce_min", Backend::cuda, reduce_cuda<ReduceOp::min>};
const RegisterVariant kMax{"reduce_max", Backend::cuda, reduce_cuda<ReduceOp::max>};
const RegisterVariant kMean{"reduce_mean", Backend::cuda, reduce_cuda<ReduceOp::mean>};

}  // namespace
}  // namespace parlab::reduce
