// The cuda column of the reduce family: built only with CUDA, so the kernels
// registered in cpu/reduce/reduce_kernels.cpp get a cuda variant only then.
#include "gpu/reduce/reduce_cuda.hpp"

#include "parlab/registry.hpp"

namespace parlab::reduce {
namespace {

template <ReduceOp op>
void reduce_cuda(const Data& in, Data& out, const Params&, Spans& spans) {
  out.set(to_string(op), reduce_on_device(in.get<Floats>("x"), op, spans));
}

const RegisterVariant kSum{"reduce_sum", Backend::cuda, reduce_cuda<ReduceOp::sum>};
const RegisterVariant kMin{"reduce_min", Backend::cuda, reduce_cuda<ReduceOp::min>};
const RegisterVariant kMax{"reduce_max", Backend::cuda, reduce_cuda<ReduceOp::max>};
const RegisterVariant kMean{"reduce_mean", Backend::cuda, reduce_cuda<ReduceOp::mean>};

}  // namespace
}  // namespace parlab::reduce
