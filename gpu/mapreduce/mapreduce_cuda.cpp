// The cuda column of the map-reduce family: built only with CUDA, so the
// kernels registered in cpu/mapreduce/mapreduce_kernels.cpp get a cuda variant only
// then. The host reads the files in pieces (cpu/mapreduce/split_map_reduce.hpp);
// each piece is mapped on the device (gpu/mapreduce/mapreduce_device.cu) and the
// pieces' results are folded on the host, in order.
#include <string>

#include "gpu/mapreduce/mapreduce_cuda.hpp"
#include "cpu/mapreduce/mapreduce.hpp"
#include "cpu/mapreduce/split_map_reduce.hpp"
#include "cpu/mapreduce/word_table.hpp"
#include "cpu/mapreduce/words.hpp"

namespace parlab::mapreduce {
namespace {

struct Bins {
  Counts bins = Counts(256, 0);
  void merge(const Bins& o) {
    for (int v = 0; v < 256; ++v) bins[v] += o.bins[v];
  }
};

void histogram_cuda(const Data& in, Data& out, const Params&, Spans& spans) {
  MapReduceDevice device(spans);
  const auto anywhere = [](mapreduce::Bytes b) { return b.size(); };
  Bins h = mapreduce::fold_pieces<Bins>(*in.get<Stream>("bytes"), anywhere,
                                        [&](const Source&, mapreduce::Bytes piece, Bins& sum) {
                                          device.histogram(piece, sum.bins.data());
                                        });
  device.finish();
  histogram_output(std::move(h.bins), out);
}

void stats_cuda(const Data& in, Data& out, const Params&, Spans& spans) {
  MapReduceDevice device(spans);
  const Moments m = mapreduce::fold_blocks<Moments>(
      *in.get<Stream>("values"), kStatsBlock * sizeof(float), sizeof(float),
      [&](mapreduce::Bytes piece, std::vector<Moments>& part) { device.moments(piece, kStatsBlock, part.data()); });
  device.finish();
  stats_output(m, out);
}

void wordcount_cuda(const Data& in, Data& out, const Params& p, Spans& spans) {
  MapReduceDevice device(spans);
  std::vector<WordRun> distinct;
  std::string word;
  FastTable t = mapreduce::fold_pieces<FastTable>(
      *in.get<Stream>("text"), words::cut, [&](const Source&, mapreduce::Bytes piece, FastTable& sum) {
        sum.words += device.words(piece, distinct);
        for (const WordRun& r : distinct) {
          word.clear();
          for (std::uint32_t i = 0; i < r.length; ++i)
            word += words::lower(std::to_integer<unsigned char>(piece[r.start + i]));
          sum.counts[word] += r.count;
        }
      });
  device.finish();
  wordcount_output(t.table(), t.words, p, out);
}

const RegisterVariant kHistogram{"histogram", Backend::cuda, histogram_cuda};
const RegisterVariant kStats{"stats", Backend::cuda, stats_cuda};
const RegisterVariant kWordcount{"wordcount", Backend::cuda, wordcount_cuda};

}  // namespace
}  // namespace parlab::mapreduce
