// Names and one-line text of the kinds of data kernels exchange.
#include "parlab/data.hpp"

#include <cmath>
#include <cstdio>

#include "core/overload.hpp"

namespace parlab {
namespace {

std::string number(double v) {
  if (std::isnan(v)) return "nan";  // one spelling: printf writes "-nan" for some NaNs
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

std::string shape(int w, int h, int c) {
  return std::to_string(w) + "x" + std::to_string(h) + "x" + std::to_string(c);
}

}  // namespace

void Data::wrong_part(std::string_view name, const Part* found) {
  std::string msg = "part '";
  msg += name;
  if (!found) throw Error(msg + "' is missing from the data");
  msg += "' is a ";
  msg += kind_name(found->value);
  throw Error(msg + ", not the kind asked for");
}

std::string_view kind_name(const Value& v) {
  static constexpr std::string_view names[] = {"real",  "count", "estimate", "floats", "histogram",
                                               "table", "image", "image8",   "stream"};
  static_assert(std::size(names) == std::variant_size_v<Value>);
  return names[v.index()];
}

bool is_bulk(const Value& v) {
  return std::holds_alternative<Floats>(v) || std::holds_alternative<Image>(v) ||
         std::holds_alternative<Image8>(v) || std::holds_alternative<Stream>(v);
}

std::string to_text(const Value& v) {
  return std::visit(
      Overload{
          [](double x) { return number(x); },
          [](std::uint64_t n) { return std::to_string(n); },
          [](const Estimate& e) {
            char buf[160];
            if (!e.has_error()) {
              std::snprintf(buf, sizeof buf, "%.9g (n=%llu: no standard error from one sample)", e.value,
                            static_cast<unsigned long long>(e.samples));
              return std::string(buf);
            }
            std::snprintf(buf, sizeof buf, "%.9g ± %.3g (95%%: %.9g..%.9g, n=%llu)", e.value, e.std_error, e.low95(),
                          e.high95(), static_cast<unsigned long long>(e.samples));
            return std::string(buf);
          },
          [](const Floats& f) { return "floats[" + std::to_string(f.size()) + "]"; },
          [](const Counts& c) {
            std::string s = "histogram[" + std::to_string(c.size()) + "]";
            std::uint64_t total = 0;
            for (std::uint64_t n : c) total += n;
            return s + " total " + std::to_string(total);
          },
          [](const KeyCounts& t) {
            std::string s = "table[" + std::to_string(t.size()) + "]";
            for (std::size_t i = 0; i < t.size() && i < 5; ++i)
              s += (i ? ", " : ": ") + t[i].key + "=" + std::to_string(t[i].count);
            return s + (t.size() > 5 ? ", ..." : "");
          },
          [](const Image& i) { return "image " + shape(i.width, i.height, i.channels); },
          [](const Image8& i) { return "image8 " + shape(i.width, i.height, i.channels); },
          [](const Stream& s) { return "stream " + (s ? s->name() : std::string("(none)")); },
      },
      v);
}

std::string to_text(const Data& d) {
  std::string s;
  for (const Part& p : d.parts())
    if (!is_bulk(p.value)) s += (s.empty() ? "" : ", ") + p.name + "=" + to_text(p.value);
  return s;
}

}  // namespace parlab
