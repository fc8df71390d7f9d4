// The peers and sweeps the families register for the benchmarks
// (parlab/benchmarks.hpp), assembled on first use like the kernels.
#include "parlab/benchmarks.hpp"

#include <algorithm>

#include "runtime/error.hpp"

namespace parlab {
namespace {

std::vector<Peer>& registered_peers() {
  static std::vector<Peer> list;
  return list;
}
std::vector<Sweep>& registered_sweeps() {
  static std::vector<Sweep> list;
  return list;
}

}  // namespace

RegisterPeer::RegisterPeer(Peer p) { registered_peers().push_back(std::move(p)); }
RegisterSweep::RegisterSweep(Sweep s) { registered_sweeps().push_back(std::move(s)); }

std::span<const Peer> peers() {
  static const std::vector<Peer> all = [] {
    std::vector<Peer> v = registered_peers();
    for (const Peer& p : v) {
      const Kernel& k = find_kernel(p.kernel);  // a peer of no kernel: an error of the registration
      for (const Peer::Case& c : p.cases)
        for (const auto& [option, value] : c.settings)
          if (!k.option(option))
            throw Error("peer '" + std::string(p.name) + "': " + std::string(k.name) + " has no option --" +
                        std::string(option));
    }
    std::sort(v.begin(), v.end(),
              [](const Peer& a, const Peer& b) { return a.kernel != b.kernel ? a.kernel < b.kernel : a.name < b.name; });
    return v;
  }();
  return all;
}

std::span<const Sweep> sweeps() {
  static const std::vector<Sweep> all = [] {
    const std::vector<Sweep>& v = registered_sweeps();
    for (const Sweep& s : v)
      if (!find_kernel(s.kernel).option(s.option))
        throw Error("sweep '" + std::string(s.name) + "': " + std::string(s.kernel) + " has no option --" +
                    std::string(s.option));
    return v;
  }();
  return all;
}

}  // namespace parlab
