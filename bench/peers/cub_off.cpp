// Without CUDA there is no CUB peer.
#include "bench/peers/peers.hpp"
#include "parlab/error.hpp"

namespace parlab::peers {
bool cub_available() { return false; }
double cub_reduce_sum(std::span<const float>, Spans&) { throw Error("cub: CUDA is not compiled in"); }
}  // namespace parlab::peers

// Nor a cuRAND one.
namespace parlab::peers {
bool curand_available() { return false; }
std::uint64_t curand_pi_inside(std::uint64_t, std::uint64_t, Spans&) { throw Error("curand: CUDA is not compiled in"); }
}  // namespace parlab::peers
