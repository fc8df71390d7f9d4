#include "backend_param.hpp"

#include <cstdio>

#include "runtime/simd/isa.hpp"

namespace parlab::test {

std::string backend_name(Backend b) { return std::string(to_string(b)); }

std::vector<std::size_t> runnable_isas() {
  std::vector<std::size_t> v;
  for (std::size_t i = 0; i < simd::compiled().size(); ++i) {
    if (simd::runnable(i))
      v.push_back(i);
    else
      std::printf("[ SKIPPED  ] ISA %s: %s\n", std::string(simd::compiled()[i]).c_str(), std::string(simd::why(i)).c_str());
  }
  return v;
}

}  // namespace parlab::test
