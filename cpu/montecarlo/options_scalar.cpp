// The references of the option kernels: the path functions of paths.hpp,
// path by path, added in path order.
#include "cpu/montecarlo/paths.hpp"

namespace parlab::montecarlo {
namespace {

template <class Path>
Sums over_paths(Path path, const OptionSpec& o, const PathConstants& c, std::uint64_t first, std::uint64_t n) {
  Sums s;
  for (std::uint64_t p = first; p < first + n; ++p) {
    const Payoffs pay = path(o, c, p);
    s.add(pay.y - c.shift_y, pay.x - c.shift_x);
  }
  return s;
}

}  // namespace

Sums european_scalar(const OptionSpec& o, std::uint64_t first, std::uint64_t n) {
  return over_paths(european_path, o, european_constants(o), first, n);
}
Sums asian_scalar(const OptionSpec& o, std::uint64_t first, std::uint64_t n) {
  return over_paths(asian_path, o, asian_constants(o), first, n);
}

}  // namespace parlab::montecarlo
