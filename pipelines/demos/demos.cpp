// The demo registry: demos register themselves and run in their order.
#include <algorithm>

#include "pipelines/demos/demos.hpp"
#include "runtime/error.hpp"

namespace parlab::demo {
namespace {

std::vector<Demo>& list() {
  static std::vector<Demo> v;
  return v;
}

}  // namespace

Register::Register(Demo d) {
  auto& v = list();
  v.insert(std::upper_bound(v.begin(), v.end(), d, [](const Demo& a, const Demo& b) { return a.order < b.order; }), d);
}

std::span<const Demo> demos() { return list(); }

const Demo& find(std::string_view name) {
  std::string known;
  for (const Demo& d : list()) {
    if (d.name == name) return d;
    known += (known.empty() ? "" : ", ") + std::string(d.name);
  }
  throw UsageError("demo '" + std::string(name) + "': unknown (known: " + known + ")");
}

}  // namespace parlab::demo
