// The cuda column of the Monte Carlo family: built only with CUDA, so the
// kernels registered in cpu/montecarlo/montecarlo_kernels.cpp get a cuda variant only then.
#include "gpu/montecarlo/montecarlo_cuda.hpp"

#include "cpu/montecarlo/results.hpp"
#include "parlab/registry.hpp"

namespace parlab::montecarlo {
namespace {

void pi_cuda(const Data&, Data& out, const Params& p, Spans& spans) {
  const auto r = pi_on_device(p.seed, p.count("samples"), spans);
  pi_output(r.inside, r.items, out);
}

void european_cuda(const Data&, Data& out, const Params& p, Spans& spans) {
  const OptionSpec o = option_spec(p);
  european_output(european_on_device(o, european_constants(o), p.count("paths"), spans).sum, o, out);
}

void asian_cuda(const Data&, Data& out, const Params& p, Spans& spans) {
  const OptionSpec o = option_spec(p);
  asian_output(asian_on_device(o, asian_constants(o), p.count("paths"), spans).sum, o, out);
}

const RegisterVariant kPi{"montecarlo_pi", Backend::cuda, pi_cuda};
const RegisterVariant kEuropean{"option_european", Backend::cuda, european_cuda};
const RegisterVariant kAsian{"option_asian", Backend::cuda, asian_cuda};

}  // namespace
}  // namespace parlab::montecarlo
