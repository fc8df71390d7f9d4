// Kernel options: parsing user text against a declaration, and the values
// of one run.
#include "parlab/options.hpp"

#include <charconv>

#include <cmath>
#include <cstdio>

#include "runtime/error.hpp"

namespace parlab {
namespace {

std::string flag(const Option& o) { return "--" + std::string(o.name); }

// A plain decimal or scientific number, all of `s`.
bool to_double(const std::string& s, double& v) {
  if (s.empty() || s.find_first_not_of("0123456789+-.eE") != std::string::npos) return false;
  try {
    std::size_t used = 0;
    v = std::stod(s, &used);
    return used == s.size();
  } catch (const std::logic_error&) {
    return false;
  }
}

bool in_range(const Option& o, double v) {
  return (o.min_exclusive ? v > o.min : v >= o.min) && v <= o.max;
}

}  // namespace

std::string_view type_name(OptionType t) {
  switch (t) {
    case OptionType::integer: return "integer";
    case OptionType::real: return "real";
    case OptionType::count: return "count";
    case OptionType::flag: return "flag";
  }
  return "?";
}

std::string format_option(const Option& o, double v) {
  if (o.type == OptionType::flag) return v != 0 ? "true" : "false";
  char buf[40];
  if (o.type == OptionType::count && v >= 1024 && std::exp2(std::round(std::log2(v))) == v)
    std::snprintf(buf, sizeof buf, "2^%.0f", std::log2(v));
  else if (o.type == OptionType::real)
    std::snprintf(buf, sizeof buf, "%.6g", v);
  else
    std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}

std::string describe_range(const Option& o) {
  if (o.type == OptionType::flag) return "true or false";
  if (o.min_exclusive) return "> " + format_option(o, o.min) + " and <= " + format_option(o, o.max);
  return format_option(o, o.min) + ".." + format_option(o, o.max);
}

std::uint64_t parse_seed(std::string_view text) {
  std::uint64_t v = 0;
  const char* end = text.data() + text.size();
  const auto [at, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc() || at != end || text.front() < '0' || text.front() > '9')
    throw UsageError("--seed '" + std::string(text) + "': not a whole number from 0 to 18446744073709551615");
  return v;
}

double parse_option(const Option& o, std::string_view text) {
  const std::string s(text);
  auto bad = [&](const std::string& why) { return UsageError(flag(o) + " '" + s + "': " + why); };
  double v = 0;
  switch (o.type) {
    case OptionType::flag:
      if (s == "1" || s == "true" || s == "yes" || s == "on") return 1;
      if (s == "0" || s == "false" || s == "no" || s == "off") return 0;
      throw bad("not a flag (write true or false)");
    case OptionType::count:
      if (const auto caret = s.find('^'); caret != std::string::npos) {
        double base = 0, exp = 0;
        if (!to_double(s.substr(0, caret), base) || !to_double(s.substr(caret + 1), exp))
          throw bad("not a count (write e.g. 1000000, 2^26 or 1e8)");
        v = std::pow(base, exp);
      } else if (!to_double(s, v)) {
        throw bad("not a count (write e.g. 1000000, 2^26 or 1e8)");
      }
      if (!(v >= 0) || v != std::floor(v)) throw bad("not a count (write e.g. 1000000, 2^26 or 1e8)");
      break;
    case OptionType::integer:
      if (!to_double(s, v) || v != std::floor(v)) throw bad("not an integer");
      break;
    case OptionType::real:
      if (!to_double(s, v) || !std::isfinite(v)) throw bad("not a finite number");
      break;
  }
  if (!in_range(o, v)) throw bad("out of range (allowed: " + describe_range(o) + ")");
  return v;
}

Params::Params(std::span<const Option> options) : options_(options.begin(), options.end()) {
  for (const Option& o : options) values_.emplace_back(std::string(o.name), o.fallback);
}

double Params::at(std::string_view name) const {
  for (const auto& [n, v] : values_)
    if (n == name) return v;
  throw Error("option '" + std::string(name) + "' is not declared by this kernel");
}

double Params::real(std::string_view name) const { return at(name); }
std::int64_t Params::integer(std::string_view name) const { return static_cast<std::int64_t>(at(name)); }
std::uint64_t Params::count(std::string_view name) const { return static_cast<std::uint64_t>(at(name)); }
bool Params::flag(std::string_view name) const { return at(name) != 0; }

bool Params::has(std::string_view name) const {
  for (const auto& nv : values_)
    if (nv.first == name) return true;
  return false;
}

Params& Params::set(std::string_view name, double value) {
  for (auto& nv : values_)
    if (nv.first == name) {
      nv.second = value;
      return *this;
    }
  throw Error("option '" + std::string(name) + "' is not declared by this kernel");
}

}  // namespace parlab
