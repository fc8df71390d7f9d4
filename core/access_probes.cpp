// The update and random-read probes (core/access_probes.hpp).
#include "core/access_probes.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <memory>
#include <numeric>
#include <random>
#include <string>

#include "parlab/machine.hpp"
#include "parlab/timing.hpp"
#include "parlab/trace.hpp"
#include "runtime/error.hpp"
#include "runtime/openmp.hpp"

namespace parlab::access {
namespace {

[[noreturn]] void wrong(const std::string& probe) {
  throw Error("roofline: the " + probe +
              " probe's result differs from its closed form: the compiler or the CPU did not do the work it was timed for");
}

// Runs probe(thread) on every thread of a team of `threads` at once and
// returns the best wall time of `repeat` runs; false from any thread fails
// the probe (checked outside the parallel region: an exception must not
// leave one).
template <class Probe>
double timed(int threads, int repeat, const char* name, Probe probe) {
  bool bad = false;
  const Timing t = time_repeated(repeat, [&] {
#pragma omp parallel num_threads(threads)
    {
      const trace::Scope span(name, "roofline");
      if (!probe(openmp::thread_index())) {
#pragma omp atomic write
        bad = true;
      }
    }
  });
  if (bad) wrong(name);
  return t.best_s;
}

std::uint64_t lcg(std::uint64_t x) { return x * 6364136223846793005ull + 1442695040888963407ull; }
// The index an LCG state gives: its high bits (the low bits of an LCG cycle
// with short periods).
std::uint64_t index_of(std::uint64_t x, std::uint64_t mask) { return (x >> 24) & mask; }
std::uint64_t stream_start(std::uint64_t seed, int s) { return lcg(seed * 0x100000001B3ull + static_cast<std::uint64_t>(s) + 1); }

}  // namespace

void count_updates(const std::uint8_t* idx, std::size_t n, std::uint64_t passes, Tables& t) {
  t.assign(kTables * 256, 0);
  std::uint32_t* c = t.data();
  const std::size_t full = n - n % 8;
  for (std::uint64_t p = 0; p < passes; ++p) {
    // Eight indices from one load: a load port less per increment.
    for (std::size_t i = 0; i < full; i += 8) {
      std::uint64_t w;
      std::memcpy(&w, idx + i, 8);
      for (int k = 0; k < 8; ++k) ++c[(k % kTables) * 256 + ((w >> (8 * k)) & 0xFF)];
    }
    for (std::size_t i = full; i < n; ++i) ++c[idx[i]];
  }
}

std::uint64_t independent_reads(const std::uint64_t* table, std::uint64_t entries, std::uint64_t reads,
                                std::uint64_t seed) {
  const std::uint64_t mask = entries - 1;
  std::uint64_t x[kStreams], sum[kStreams] = {};
  for (int s = 0; s < kStreams; ++s) x[s] = stream_start(seed, s);
  for (std::uint64_t r = 0; r < reads / kStreams; ++r)
    for (int s = 0; s < kStreams; ++s) {
      sum[s] += table[index_of(x[s], mask)];
      x[s] = lcg(x[s]);
    }
  return std::accumulate(sum, sum + kStreams, std::uint64_t{0});
}

std::uint64_t index_sum(std::uint64_t entries, std::uint64_t reads, std::uint64_t seed) {
  const std::uint64_t mask = entries - 1;
  std::uint64_t total = 0;
  for (int s = 0; s < kStreams; ++s)
    for (std::uint64_t r = 0, x = stream_start(seed, s); r < reads / kStreams; ++r, x = lcg(x)) total += index_of(x, mask);
  return total;
}

namespace {
std::uint64_t inverse_of_odd(std::uint64_t a) {  // a * x == 1 modulo 2^64 (Newton: each step doubles the good bits)
  std::uint64_t x = a;
  for (int i = 0; i < 6; ++i) x *= 2 - a * x;
  return x;
}
}  // namespace

Cycle::Cycle(std::uint64_t lines, std::uint64_t seed)
    : mask_(lines - 1),
      a_((lcg(seed) >> 1) << 1 | 1),
      b_((lcg(lcg(seed)) >> 1) << 1 | 1),
      a_inv_(inverse_of_odd(a_)),
      b_inv_(inverse_of_odd(b_)),
      shift_(std::max(1, static_cast<int>(std::bit_width(mask_) + 1) / 2)) {}

// Two rounds of (multiply by an odd number, xor with the value shifted
// right), modulo `lines`: each round is a bijection, and the shift brings the
// well-mixed high bits of the product down to the low ones.
std::uint64_t Cycle::at(std::uint64_t k) const {
  std::uint64_t x = k & mask_;
  x = (x * a_) & mask_;
  x ^= x >> shift_;
  x = (x * b_) & mask_;
  x ^= x >> shift_;
  return x;
}

std::uint64_t Cycle::position(std::uint64_t line) const {
  auto unshift = [&](std::uint64_t y) {  // undo x ^= x >> shift
    std::uint64_t x = y;
    for (int bits = shift_; bits < 64; bits += shift_) x = y ^ (x >> shift_);
    return x;
  };
  std::uint64_t x = unshift(line & mask_);
  x = (x * b_inv_) & mask_;
  x = unshift(x);
  return (x * a_inv_) & mask_;
}

void Cycle::write(std::uint64_t* table) const {
  const auto lines = static_cast<std::int64_t>(mask_ + 1);
#pragma omp parallel for schedule(static)
  for (std::int64_t i = 0; i < lines; ++i) {
    const auto line = static_cast<std::uint64_t>(i);
    table[line * kLine] = at(position(line) + 1);
  }
}

std::uint64_t chase(const std::uint64_t* table, std::uint64_t start, std::uint64_t steps) {
  std::uint64_t i = start;
  for (std::uint64_t s = 0; s < steps; ++s) i = table[i * kLine];
  return i;
}

double update_rate(int threads, int repeat) {
  constexpr std::size_t kIndices = 16 << 10;  // random bytes, L1-resident beside the 4 KiB of tables
  constexpr std::uint64_t kPasses = 1024;    // 2^24 increments per thread per run; counts stay < 2^32
  // One buffer of indices per thread, each from its own seed.
  std::vector<std::vector<std::uint8_t>> idx(static_cast<std::size_t>(threads), std::vector<std::uint8_t>(kIndices));
  std::vector<Tables> want(static_cast<std::size_t>(threads), Tables(256, 0));
  for (std::size_t t = 0; t < idx.size(); ++t) {
    std::mt19937 rng(static_cast<std::uint32_t>(t + 1));
    for (auto& b : idx[t]) b = static_cast<std::uint8_t>(rng() >> 24);
    for (auto b : idx[t]) want[t][b] += kPasses;
  }
  const double s = timed(threads, repeat, "update probe", [&](int t) {
    const auto ti = static_cast<std::size_t>(t);
    Tables got;
    count_updates(idx[ti].data(), kIndices, kPasses, got);
    for (int v = 0; v < 256; ++v) {
      std::uint32_t sum = 0;
      for (int k = 0; k < kTables; ++k) sum += got[static_cast<std::size_t>(k * 256 + v)];
      if (sum != want[ti][static_cast<std::size_t>(v)]) return false;
    }
    return true;
  });
  return static_cast<double>(kIndices * kPasses) * threads / s / 1e9;
}

void random_reads(std::size_t largest, int threads, int repeat, Access& one, Access& all) {
  one.random.clear();
  all.random.clear();
  constexpr std::uint64_t kSteps = 1 << 20;   // dependent reads per thread per run
  constexpr std::uint64_t kReads = 1 << 22;   // independent reads per thread per run
  std::vector<std::size_t> sizes;
  for (std::size_t bytes = 32 << 10; bytes < largest; bytes *= 4) sizes.push_back(bytes);
  sizes.push_back(largest);
  // One allocation for every size (each a prefix of it): the pages are
  // faulted in once.
  std::unique_ptr<std::uint64_t[]> table(new std::uint64_t[largest / sizeof(std::uint64_t)]);
  for (const std::size_t bytes : sizes) {
    const std::size_t entries = bytes / sizeof(std::uint64_t), lines = entries / kLine;
#pragma omp parallel for num_threads(threads) schedule(static)
    for (std::size_t j = 0; j < entries; ++j) table[j] = j * kFill;
    // Tables past the caches: fewer runs and a quarter of the dependent
    // steps (one read takes hundreds of ns there: 2^18 still take 0.05 s).
    const bool big = bytes > (std::size_t{1} << 20);
    const int runs = big ? std::min(repeat, 3) : repeat;
    const std::uint64_t steps = big ? kSteps / 4 : kSteps;
    // Each thread's expected sum, computed before the clock starts.
    std::vector<std::uint64_t> want(static_cast<std::size_t>(threads));
    for (int t = 0; t < threads; ++t) want[static_cast<std::size_t>(t)] = index_sum(entries, kReads, bytes + static_cast<std::uint64_t>(t)) * kFill;
    auto throughput = [&](int team) {
      const double s = timed(team, runs, "random-read probe", [&](int t) {
        return independent_reads(table.get(), entries, kReads, bytes + static_cast<std::uint64_t>(t)) ==
               want[static_cast<std::size_t>(t)];
      });
      return static_cast<double>(kReads) * team / s / 1e9;
    };
    RandomReads r1{.footprint = bytes, .reads = throughput(1)};
    RandomReads rt{.footprint = bytes, .reads = threads > 1 ? throughput(threads) : r1.reads};

    const Cycle cycle(lines, bytes);
    cycle.write(table.get());
    auto latency = [&](int team) {
      const double s = timed(team, runs, "dependent-read probe", [&](int t) {
        const std::uint64_t from = lines * static_cast<std::uint64_t>(t) / static_cast<std::uint64_t>(team);
        return chase(table.get(), cycle.at(from), steps) == cycle.at(from + steps);
      });
      return s / static_cast<double>(steps) * 1e9;
    };
    r1.latency_ns = latency(1);
    rt.latency_ns = threads > 1 ? latency(threads) : r1.latency_ns;
    one.random.push_back(r1);
    all.random.push_back(rt);
  }
}

}  // namespace parlab::access
