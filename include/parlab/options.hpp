#pragma once
// Options a kernel declares (name, type, default, allowed range, help), and
// the values of one run (Params). The CLI derives its flags, their
// validation and help from the declarations; `parlab list KERNEL` prints
// them; results carry the values.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parlab {

enum class OptionType {
  integer,  // -3, 65535
  real,     // 0.5, 2e-3
  count,    // a number of elements or samples: 1000000, 2^26, 1e8 (whole, >= 0)
  flag,     // 0 or 1 (false/true, no/yes, off/on)
};

struct Option {
  std::string_view name = {};  // the flag without dashes: "sigma"
  OptionType type = OptionType::integer;
  double fallback = 0;    // the default
  double min = 0, max = 0;  // the values the kernel computes correctly, inclusive
  std::string_view help = {};
  bool min_exclusive = false;  // (min, max]: e.g. sigma > 0
  // Shapes the built-in input (an array's length, an image's width): does not
  // apply to a user's file.
  bool builtin_input = false;
  // Sets the problem size: the tests shrink it, the benchmarks sweep it.
  bool scales = false;
};

// Largest count an option may declare: doubles hold integers exactly up to 2^53.
inline constexpr double kMaxCount = 9007199254740992.0;

// Parses `text` as a value of `o`: the right type and within the range, else
// UsageError("--<name> '<text>': <reason>"). Counts accept 1000000, 2^26, 1e8.
double parse_option(const Option& o, std::string_view text);
// A seed as typed: decimal digits only, at most 2^64 - 1; anything else (a
// sign, a fraction, an exponent, a larger number, which would otherwise wrap
// or saturate silently) is UsageError("--seed '<text>': ...").
std::uint64_t parse_seed(std::string_view text);
// "1", "2.5", "2^26" style text of a value, for help and reports.
std::string format_option(const Option& o, double v);
// "0..65535", "> 0 and <= 1000": the allowed range in words.
std::string describe_range(const Option& o);
std::string_view type_name(OptionType t);

// The values of one run: the seed, the thread count, and one value per
// option the kernel declares (its defaults unless set).
class Params {
 public:
  std::uint64_t seed = 42;  // stream of the counter-based generator
  int threads = 0;          // OpenMP threads; 0 takes OpenMP's default

  Params() = default;
  // The declared options at their defaults.
  explicit Params(std::span<const Option> options);

  double real(std::string_view name) const;
  std::int64_t integer(std::string_view name) const;
  std::uint64_t count(std::string_view name) const;
  bool flag(std::string_view name) const;
  bool has(std::string_view name) const;
  // Sets a value (no range check: parse_option is the gate for user input).
  // Throws Error for a name the kernel did not declare.
  Params& set(std::string_view name, double value);
  // name=value pairs in declaration order.
  const std::vector<std::pair<std::string, double>>& values() const { return values_; }
  std::span<const Option> options() const { return options_; }

 private:
  double at(std::string_view name) const;
  std::vector<std::pair<std::string, double>> values_;
  std::vector<Option> options_;
};

}  // namespace parlab
