// The byte histogram. scalar: one table, one byte at a time (the teaching
// version). openmp: each thread its own tables, merged at the end; inside a
// part, four tables taken in turn, so that runs of equal bytes (text is full
// of spaces and 'e's) do not wait on the same counter's last increment.
// There is no simd variant: a histogram is a scatter, and x86 SIMD has no
// conflict-free scatter-add into 256 bins that beats this.
#include <array>

#include "cpu/mapreduce/mapreduce.hpp"
#include "cpu/mapreduce/split_map_reduce.hpp"
#include "runtime/openmp.hpp"

namespace parlab::mapreduce {
namespace {

struct Histogram {
  Counts bins = Counts(256, 0);
  void merge(Histogram&& o) {
    for (int v = 0; v < 256; ++v) bins[v] += o.bins[v];
  }
};

const auto anywhere = [](mapreduce::Bytes b) { return b.size(); };

void count_scalar(mapreduce::Bytes part, Histogram& h) {
  for (std::byte b : part) ++h.bins[std::to_integer<unsigned char>(b)];
}

void count_fast(mapreduce::Bytes part, Histogram& h) {
  // 32-bit counters: a part holds far fewer than 2^32 bytes per table.
  std::array<std::array<std::uint32_t, 256>, 4> t{};
  const auto* p = reinterpret_cast<const unsigned char*>(part.data());
  const std::size_t n = part.size(), full = n - n % 4;
  for (std::size_t i = 0; i < full; i += 4) {
    ++t[0][p[i]];
    ++t[1][p[i + 1]];
    ++t[2][p[i + 2]];
    ++t[3][p[i + 3]];
  }
  for (std::size_t i = full; i < n; ++i) ++t[0][p[i]];
  for (int v = 0; v < 256; ++v) h.bins[v] += std::uint64_t{t[0][v]} + t[1][v] + t[2][v] + t[3][v];
}

template <class Map>
void run(const Data& in, Data& out, int threads, Map map) {
  histogram_output(mapreduce::map_reduce<Histogram>(*in.get<Stream>("bytes"), threads, anywhere, map).bins, out);
}

}  // namespace

void histogram_output(Counts bins, Data& out) {
  std::uint64_t total = 0;
  for (std::uint64_t c : bins) total += c;
  out.set("bytes", total);
  out.set("histogram", std::move(bins));
}

void histogram_scalar(const Data& in, Data& out, const Params&, Spans&) { run(in, out, 1, count_scalar); }
void histogram_openmp(const Data& in, Data& out, const Params& p, Spans&) {
  run(in, out, openmp::threads(p.threads), count_fast);
}

}  // namespace parlab::mapreduce
