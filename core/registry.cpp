// The kernel registry: kernels register themselves from their families'
// files at static initialisation; kernels() assembles the list on first use
// (after every registration has run, since that is during main()).
#include "parlab/registry.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "runtime/error.hpp"

namespace parlab {
namespace {

struct PendingVariant {
  std::string kernel;
  Backend backend;
  Variant variant;
};

// Function-local statics: registrations from other translation units may run
// before or after this file's own static objects are built.
std::vector<Kernel>& registered() {
  static std::vector<Kernel> list;
  return list;
}
std::vector<PendingVariant>& pending_variants() {
  static std::vector<PendingVariant> list;
  return list;
}
bool assembled = false;

// A registration after kernels() was first called would be lost silently:
// only a static initialiser that calls kernels() can cause it.
void check_not_assembled(std::string_view what) {
  if (!assembled) return;
  std::fprintf(stderr, "parlab: %.*s registered after the kernel list was assembled\n", static_cast<int>(what.size()),
               what.data());
  std::abort();
}

// Merges the separately registered variants into their kernels; sorted by
// family, then name, whatever the order of static initialisation was.
std::vector<Kernel> assemble() {
  std::vector<Kernel> all = registered();
  std::sort(all.begin(), all.end(), [](const Kernel& a, const Kernel& b) {
    return a.family != b.family ? a.family < b.family : a.name < b.name;
  });
  for (std::size_t i = 1; i < all.size(); ++i)
    if (all[i].name == all[i - 1].name) throw Error("kernel '" + std::string(all[i].name) + "' is registered twice");
  for (const PendingVariant& v : pending_variants()) {
    auto k = std::find_if(all.begin(), all.end(), [&](const Kernel& x) { return x.name == v.kernel; });
    if (k == all.end())
      throw Error("a " + std::string(to_string(v.backend)) + " variant is registered for '" + v.kernel +
                  "', which is not a kernel");
    k->variants[index(v.backend)] = v.variant;
  }
  return all;
}

}  // namespace

Register::Register(Kernel k) {
  check_not_assembled(k.name);
  registered().push_back(std::move(k));
}

RegisterVariant::RegisterVariant(std::string_view kernel, Backend b, Variant v) {
  check_not_assembled(kernel);
  pending_variants().push_back({std::string(kernel), b, v});
}

std::span<const Kernel> kernels() {
  static const std::vector<Kernel> all = [] {
    auto list = assemble();
    assembled = true;
    return list;
  }();
  return all;
}

const Option* Kernel::option(std::string_view n) const {
  for (const Option& o : options)
    if (o.name == n) return &o;
  return nullptr;
}

const Option* Kernel::size_option() const {
  const Option* size = nullptr;
  for (const Option& o : options)
    if (o.scales) {
      if (size) return nullptr;
      size = &o;
    }
  return size && size->type == OptionType::count ? size : nullptr;
}

const Kernel& find_kernel(std::string_view name) {
  std::string known;
  for (const Kernel& k : kernels()) {
    if (k.name == name) return k;
    known += (known.empty() ? "" : ", ") + std::string(k.name);
  }
  throw UsageError("kernel '" + std::string(name) + "': unknown (known: " + known + ")");
}

bool needs_reference(const Kernel& k) {
  return std::any_of(k.checks.begin(), k.checks.end(), [](const Check& c) { return !c.oracle; });
}

// ---- Verification.
namespace {

bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

// The worst element-wise error of `got` against `want` under a relative,
// absolute or exact check; +Inf when they cannot be compared.
struct Worst {
  Check::Kind kind;
  double error = 0;
  void add(double g, double w) {
    double e;
    if (kind == Check::exact || std::isnan(g) || std::isnan(w))  // NaN matches only NaN
      e = same(g, w) ? 0 : (std::isnan(g) || std::isnan(w)) ? INFINITY : std::fabs(g - w);
    else if (kind == Check::absolute)
      e = std::fabs(g - w);
    else
      e = g == w ? 0 : std::fabs(g - w) / std::fabs(w);
    error = std::max(error, e);
  }
};

template <class T>
bool same_shape(const T& a, const T& b) {
  if constexpr (std::is_same_v<T, Image> || std::is_same_v<T, Image8>)
    return a.width == b.width && a.height == b.height && a.channels == b.channels && a.data.size() == b.data.size();
  else if constexpr (std::is_same_v<T, Floats> || std::is_same_v<T, Counts> || std::is_same_v<T, KeyCounts>)
    return a.size() == b.size();
  else
    return true;
}

// Fills `w` with the element-wise errors of one part; false if the kinds or
// shapes differ.
bool compare_part(const Value& got, const Value& want, Worst& w) {
  if (got.index() != want.index()) return false;
  return std::visit(
      [&](const auto& g) -> bool {
        using T = std::decay_t<decltype(g)>;
        const T& x = std::get<T>(want);
        if (!same_shape(g, x)) return false;
        if constexpr (std::is_same_v<T, double>) {
          w.add(g, x);
        } else if constexpr (std::is_same_v<T, Estimate>) {
          w.add(g.value, x.value);
          w.add(g.std_error, x.std_error);
        } else if constexpr (std::is_same_v<T, Floats>) {
          for (std::size_t i = 0; i < g.size(); ++i) w.add(g[i], x[i]);
        } else if constexpr (std::is_same_v<T, Image>) {
          for (std::size_t i = 0; i < g.data.size(); ++i) w.add(g.data[i], x.data[i]);
        } else if constexpr (std::is_same_v<T, Stream>) {
          return false;  // an input, never an output
        } else {
          // Integers and tables are compared exactly whatever the check says:
          // a count is right or wrong.
          w.error = std::max(w.error, g == x ? 0.0 : INFINITY);
        }
        return true;
      },
      got);
}

std::string fmt(const char* f, double a, double b = 0) {
  char buf[96];
  std::snprintf(buf, sizeof buf, f, a, b);
  return buf;
}

// One check over one part (or every part of `want`: then, against the
// reference, `got` must have the same parts; an oracle may give fewer).
Verdict run_check(const Check& c, const Data& got, const Data& want) {
  std::vector<const Part*> parts;
  for (const Part& p : want.parts())
    if (c.part.empty() || p.name == c.part) parts.push_back(&p);
  if (parts.empty()) return {false, "nothing to compare: no part '" + std::string(c.part) + "' in the expected output"};
  if (c.part.empty() && !c.oracle && got.parts().size() != want.parts().size())
    return {false, "output has " + std::to_string(got.parts().size()) + " part(s), the reference " +
                       std::to_string(want.parts().size())};

  if (c.kind == Check::statistical) {
    std::string detail;
    bool ok = true;
    for (const Part* p : parts) {
      const Part* g = got.find(p->name);
      if (!g || !std::holds_alternative<Estimate>(g->value))
        return {false, p->name + ": missing, or not an estimate"};
      const Estimate& e = std::get<Estimate>(g->value);
      if (e.samples < c.min_samples) {
        detail += (detail.empty() ? "" : "; ") + p->name + ": " + std::to_string(e.samples) +
                  " samples, too few to judge statistically (< " + std::to_string(c.min_samples) + ")";
        continue;
      }
      if (e.std_error == 0 && e.samples > 0) {
        // Every sample gave the same value (an option no path reaches): its
        // spread says nothing about the error, so it cannot be judged.
        detail += (detail.empty() ? "" : "; ") + p->name + ": every sample equal, not judged statistically";
        continue;
      }
      double want_value = 0, want_se = 0;
      if (const auto* x = std::get_if<Estimate>(&p->value)) {
        want_value = x->value;
        want_se = x->std_error;
      } else if (const auto* x = std::get_if<double>(&p->value)) {
        want_value = *x;
      } else {
        return {false, p->name + ": the oracle gives a " + std::string(kind_name(p->value)) + ", not a number"};
      }
      const double se = std::sqrt(e.std_error * e.std_error + want_se * want_se);
      const double z = e.value == want_value ? 0 : std::fabs(e.value - want_value) / se;  // se 0: z inf unless equal
      const bool fine = z <= c.bound;
      ok = ok && fine;
      detail += (detail.empty() ? "" : "; ") + p->name + ": " +
                fmt(fine ? "%.2g standard errors <= %g" : "%.2g standard errors > %g", z, c.bound) +
                fmt(" (%.9g vs %.9g)", e.value, want_value);
    }
    return {ok, detail};
  }

  Worst w{c.kind};
  for (const Part* p : parts) {
    const Part* g = got.find(p->name);
    if (!g) return {false, "output part '" + p->name + "' is missing"};
    if (!compare_part(g->value, p->value, w))
      return {false, "output part '" + p->name + "' has another kind or shape than the reference's"};
  }
  static constexpr const char* what[] = {"relative error", "absolute error", "difference"};
  const std::string prefix = c.part.empty() ? "" : std::string(c.part) + ": ";
  if (c.kind == Check::exact)
    return {w.error == 0, prefix + fmt("difference %.3g (exact match required)", w.error), w.error};
  const bool ok = w.error <= c.bound;
  return {ok, prefix + what[c.kind] + fmt(ok ? " %.3g <= %.3g" : " %.3g > %.3g", w.error, c.bound), w.error};
}

}  // namespace

Verdict verify(const Kernel& k, const Data& got, const Data& reference, const Params& p) {
  if (k.checks.empty()) return {false, "the kernel declares no check"};
  Verdict all{true, ""};
  for (const Check& c : k.checks) {
    const Verdict v = c.oracle ? run_check(c, got, c.oracle(p)) : run_check(c, got, reference);
    all.ok = all.ok && v.ok;
    all.detail += (all.detail.empty() ? "" : "; ") + v.detail;
    if (c.kind != Check::statistical) all.error = std::max(all.error, v.error);
  }
  return all;
}

Verdict verify_oracles(const Kernel& k, const Data& got, const Params& p) {
  Verdict all{true, ""};
  int skipped = 0;
  for (const Check& c : k.checks) {
    if (!c.oracle) {
      ++skipped;
      continue;
    }
    const Verdict v = run_check(c, got, c.oracle(p));
    all.ok = all.ok && v.ok;
    all.detail += (all.detail.empty() ? "" : "; ") + v.detail;
  }
  if (skipped)
    all.detail += std::string(all.detail.empty() ? "" : "; ") +
                  "not compared with the scalar reference (parlab compare does that)";
  return all;
}

}  // namespace parlab
