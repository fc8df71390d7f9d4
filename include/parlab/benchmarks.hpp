#pragma once
// What the benchmarks (bench/) measure beside the kernels' own variants,
// registered by each family beside its kernels, so that the benchmark
// drivers name no kernel and include no family's header:
//
//   a peer   another library's (or the textbook's) way to compute a
//            kernel's output: CUB's reduction, cuRAND, OpenCV's filters, one
//            thread of <random> or of std::unordered_map. It is checked like
//            a variant before it is timed, and timed beside one;
//   a sweep  one of a kernel's options over a list of values, on one backend.
//
//   const RegisterPeer kCub{{.name = "cub", .kernel = "reduce_sum", .summary = "CUB DeviceReduce::Sum",
//                            .beside = Backend::cuda, .run = cub_sum}};
//
// Peers live in the family's *_peer.cpp or *_peer.cu files, which only the
// benchmarks link (cmake/ParlabFamily.cmake, parlab_peer).
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parlab/backend.hpp"
#include "parlab/registry.hpp"

namespace parlab {

struct Peer {
  std::string_view name = {};     // "cub": the benchmarks' <kernel>/<name>/<items>
  std::string_view kernel = {};   // the kernel whose output it computes
  std::string_view summary = {};  // one line: what it is
  // The backend it is set against and timed like: cuda by the spans it
  // reports (kernel alone, and end to end), a CPU backend by the wall clock.
  Backend beside = Backend::scalar;
  // The kernel's output from the kernel's input (and `p.threads`, where it
  // runs threads). Throws Error where it cannot run.
  Variant run = nullptr;
  // Its random numbers are not Philox's, so only the kernel's closed forms
  // (oracles) can check it.
  bool oracles_only = false;
  // Named settings of the kernel's options to compare it at, each at one
  // thread and at all threads with the `beside` variant next to it:
  // vs_<name>/<label>/<threads>/{parlab,<name>}. Empty: the kernel's own
  // benchmark sizes.
  struct Case {
    std::string_view label;
    std::vector<std::pair<std::string_view, double>> settings;
  };
  std::vector<Case> cases = {};
  // Its version and setup for the benchmarks' context ("OpenCV 4.6.0, ..."); may be null.
  std::string (*about)() = nullptr;
};

struct Sweep {
  std::string_view name = {};    // "box_radius": the benchmarks' <name>/<value>/<threads>/parlab
  std::string_view kernel = {};
  std::string_view option = {};  // one of the kernel's options
  std::vector<double> values = {};
  Backend backend = Backend::openmp;  // at all threads
};

// Registration at static initialisation, from the family's own files.
struct RegisterPeer {
  explicit RegisterPeer(Peer p);
};
struct RegisterSweep {
  explicit RegisterSweep(Sweep s);
};

// Every peer (by kernel, then name) and sweep. Throws Error for one that
// names no kernel, or an option its kernel does not declare.
std::span<const Peer> peers();
std::span<const Sweep> sweeps();

}  // namespace parlab
