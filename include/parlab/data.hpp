#pragma once
// What kernels take and give: named parts, each one of a few kinds.
//
//   kind       C++ type                        example
//   real       double                          reduce_sum's "sum"
//   count      std::uint64_t                   points inside the circle (exact: no float rounding)
//   estimate   Estimate                        a Monte Carlo price: value, standard error, samples
//   floats     Floats (std::vector<float>)     an input array
//   histogram  Counts (std::vector<uint64_t>)  256 byte counts
//   table      KeyCounts                       the top-K words and their counts
//   image      Image                           planar float32 (include/parlab/image.hpp)
//   image8     Image8                          interleaved 8-bit samples
//   stream     Stream                          an input file read in chunks (include/parlab/source.hpp)
//
// A kernel's output is a Data: e.g. {"count": 785398, "pi": {3.1416, 0.0016, 10^6}}.
// Parts keep the order in which they were first set.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "parlab/image.hpp"
#include "parlab/source.hpp"
#include "runtime/error.hpp"

namespace parlab {

struct Estimate {
  double value = 0;
  double std_error = 0;       // of the value: sample standard deviation / sqrt(samples)
  std::uint64_t samples = 0;
  // One sample has no sample standard deviation: its error is undefined
  // (shown so, and null in JSON), not 0.
  bool has_error() const { return samples >= 2; }
  // The 95% confidence interval of the normal approximation: value -+ 1.96 standard errors.
  double low95() const { return value - 1.959963984540054 * std_error; }
  double high95() const { return value + 1.959963984540054 * std_error; }
  bool operator==(const Estimate&) const = default;
};

struct KeyCount {
  std::string key;
  std::uint64_t count = 0;
  bool operator==(const KeyCount&) const = default;
};

using Floats = std::vector<float>;
using Counts = std::vector<std::uint64_t>;
using KeyCounts = std::vector<KeyCount>;
using Stream = std::shared_ptr<const Source>;

using Value = std::variant<double, std::uint64_t, Estimate, Floats, Counts, KeyCounts, Image, Image8, Stream>;

// "real", "count", "estimate", "floats", "histogram", "table", "image", "image8", "stream".
std::string_view kind_name(const Value& v);
// Kinds that hold many samples (arrays, images, streams): checked, not printed.
bool is_bulk(const Value& v);

struct Part {
  std::string name;
  Value value;
};

class Data {
 public:
  // The part `name` as a T, created empty if missing or of another kind.
  // Outputs use it to reuse their buffers from one run to the next.
  template <class T>
  T& put(std::string_view name) {
    for (Part& p : parts_)
      if (p.name == name) {
        if (!std::holds_alternative<T>(p.value)) p.value = T{};
        return std::get<T>(p.value);
      }
    parts_.push_back({std::string(name), T{}});
    return std::get<T>(parts_.back().value);
  }
  template <class T>
  void set(std::string_view name, T value) {
    put<T>(name) = std::move(value);
  }
  // The part `name`; throws Error if it is missing or of another kind.
  template <class T>
  const T& get(std::string_view name) const {
    const Part* p = find(name);
    if (!p || !std::holds_alternative<T>(p->value)) wrong_part(name, p);
    return std::get<T>(p->value);
  }
  const Part* find(std::string_view name) const {
    for (const Part& p : parts_)
      if (p.name == name) return &p;
    return nullptr;
  }
  std::span<const Part> parts() const { return parts_; }
  bool empty() const { return parts_.empty(); }

 private:
  [[noreturn]] static void wrong_part(std::string_view name, const Part* found);
  std::vector<Part> parts_;
};

// One line for a terminal: "sum=33554431.5", "pi=3.14159 ± 0.00052 (n=1000000)",
// "histogram[256]", "table[10]: the=120, of=77, ...", "image 3840x2160x1".
std::string to_text(const Value& v);
std::string to_text(const Data& d);  // the parts that are not bulk, "name=value, ..."

}  // namespace parlab
