// Saved results are files users pass around between machines: `parlab diff`
// must refuse any malformed one with an Error, never crash. The input is two
// documents separated by a NUL byte (or one, compared with itself).
#include <cstddef>
#include <cstdint>
#include <string>

#include "app/diff_tables.hpp"
#include "app/saved.hpp"
#include "runtime/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string all(reinterpret_cast<const char*>(data), size);
  const std::size_t nul = all.find('\0');
  const std::string a = all.substr(0, nul), b = nul == std::string::npos ? a : all.substr(nul + 1);
  try {
    const auto x = parlab::cli::parse_saved(a, "a.json");
    const auto y = parlab::cli::parse_saved(b, "b.json");
    for (bool best : {false, true}) parlab::cli::diff_tables(x, "a.json", y, "b.json", {0.05, best});
  } catch (const parlab::Error&) {
    // refused, with its reason: what a bad file should get
  }
  return 0;
}
