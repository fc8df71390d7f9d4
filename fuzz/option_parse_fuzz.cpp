// libFuzzer harness: the parser of kernel option values. The first byte picks
// the option's type and range; the rest is the text typed. Accepted outcomes:
// a value of that type within the range, or parlab::UsageError.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "parlab/options.hpp"
#include "runtime/error.hpp"

namespace {

parlab::Option option_for(std::uint8_t pick) {
  using parlab::OptionType;
  switch (pick % 5) {
    case 0: return {.name = "size", .type = OptionType::count, .min = 0, .max = parlab::kMaxCount};
    case 1: return {.name = "radius", .type = OptionType::integer, .min = -1, .max = 4096};
    case 2: return {.name = "sigma", .type = OptionType::real, .min = 0, .max = 1000, .min_exclusive = true};
    case 3: return {.name = "rate", .type = OptionType::real, .min = -0.2, .max = 0.5};
    default: return {.name = "antithetic", .type = OptionType::flag, .min = 0, .max = 1};
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const parlab::Option o = option_for(data[0]);
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    const double v = parlab::parse_option(o, text);
    if (!std::isfinite(v) || v > o.max || v < o.min || (o.min_exclusive && v == o.min)) std::abort();
    if (o.type != parlab::OptionType::real && v != std::floor(v)) std::abort();
    (void)parlab::format_option(o, v);
  } catch (const parlab::UsageError&) {
  }
  return 0;
}
