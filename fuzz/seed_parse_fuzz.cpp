// libFuzzer harness: --seed. Accepted exactly when the text is decimal
// digits whose value fits 64 bits, and then equal to that value.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "parlab/options.hpp"
#include "runtime/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // The answer worked out digit by digit, with overflow detected.
  bool valid = !text.empty();
  unsigned __int128 want = 0;
  for (char c : text) {
    if (c < '0' || c > '9') {
      valid = false;
      break;
    }
    want = want * 10 + static_cast<unsigned>(c - '0');
    if (want > UINT64_MAX) {
      valid = false;
      break;
    }
  }
  try {
    const std::uint64_t got = parlab::parse_seed(text);
    if (!valid || got != want) std::abort();
  } catch (const parlab::UsageError&) {
    if (valid) std::abort();
  }
  return 0;
}
