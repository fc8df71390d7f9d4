// Every kernel at the extremes of every option it declares: the range an
// option accepts must be one the kernel computes correctly. Two outcomes are
// accepted: a refusal with a reason (a memory check), or results that pass
// their checks on every usable backend against a reference that is itself
// sane (finite, and not all zero where the input is not).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "parlab/backend.hpp"
#include "parlab/registry.hpp"
#include "parlab/runner.hpp"
#include "runtime/error.hpp"

namespace parlab::test {
namespace {

// The values at the edges of an option's range.
std::vector<double> extremes(const Option& o) {
  if (o.type == OptionType::flag) return {0, 1};
  const double lo = o.min_exclusive ? std::nextafter(o.min, o.max) : o.min;
  return {lo, o.max};
}

// Small defaults: the problem-size option and the built-in input's shape at
// small values, so that each run takes at most a few hundred million operations.
Params small(const Kernel& k) {
  Params p = k.defaults();
  for (const Option& o : k.options) {
    if (o.builtin_input && !o.scales) p.set(o.name, std::max(o.min, std::min(o.max, 21.0)));
    if (o.scales) p.set(o.name, std::max(o.min, std::min(o.max, 1000.0)));
  }
  return p;
}
void shrink(const Kernel& k, Params& p) {
  for (const Option& o : k.options)
    if (o.scales)
      while (k.cost(p).flops32 + k.cost(p).flops64 + k.cost(p).intops > 3e8 && p.count(o.name) > 1)
        p.set(o.name, std::max(1.0, std::floor(static_cast<double>(p.count(o.name)) / 10)));
}

// Bulk outputs of the reference must be finite and not all zero when the input is not.
void expect_sane(const Data& ref, const Data& in, const std::string& what) {
  bool input_nonzero = false;
  for (const Part& part : in.parts()) {
    if (const auto* f = std::get_if<Floats>(&part.value))
      for (float v : *f) input_nonzero = input_nonzero || v != 0;
    if (const auto* img = std::get_if<Image>(&part.value))
      for (float v : img->data) input_nonzero = input_nonzero || v != 0;
  }
  for (const Part& part : ref.parts()) {
    const std::vector<float>* values = nullptr;
    if (const auto* f = std::get_if<Floats>(&part.value)) values = f;
    if (const auto* img = std::get_if<Image>(&part.value)) values = &img->data;
    if (!values || values->empty()) continue;
    bool nonzero = false;
    for (float v : *values) {
      ASSERT_TRUE(std::isfinite(v)) << what << ": the reference's " << part.name << " holds " << v;
      nonzero = nonzero || v != 0;
    }
    if (input_nonzero) {
      EXPECT_TRUE(nonzero) << what << ": the reference's " << part.name << " is all zero";
    }
  }
}

TEST(Extremes, EveryOptionAtTheEdgesOfItsRangeGivesCheckedResults) {
  std::vector<Backend> usable;
  for (Backend b : kBackends)
    if (backend_status(b).usable) usable.push_back(b);
  int runs = 0;
  for (const Kernel& k : kernels())
    for (const Option& o : k.options) {
      if (o.scales) continue;  // its maximum is a memory or time limit, checked by check_fits
      for (double v : extremes(o)) {
        Params p = small(k);
        p.set(o.name, v);
        shrink(k, p);
        const std::string what = std::string(k.name) + " --" + std::string(o.name) + " " + format_option(o, v);
        SCOPED_TRACE(what);
        try {
          check_fits(k, p);
        } catch (const Error& e) {
          continue;  // refused with a reason: an accepted outcome
        }
        const Data in = k.generate ? k.generate(p) : Data{};
        Data ref;
        Spans spans;
        k.variant(Backend::scalar)(in, ref, p, spans);
        expect_sane(ref, in, what);
        for (const Result& r : compare(k, usable, {p, 1}, nullptr))
          EXPECT_TRUE(r.verdict.ok) << to_string(r.backend) << ": " << r.verdict.detail;
        ++runs;
      }
    }
  EXPECT_GT(runs, 20);
}

}  // namespace
}  // namespace parlab::test
