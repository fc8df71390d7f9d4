// The strong one-thread word count a careful user writes: the whole text in
// memory, lower-cased once, then one plain loop that looks each word up as a
// std::string_view into that text in absl's flat_hash_map (open addressing,
// no allocation per word). Same definition of a word (words.hpp) and same
// output as the kernels, so it is checked exactly; timed beside simd.
#include <absl/container/flat_hash_map.h>

#include <string>
#include <string_view>

#include "cpu/mapreduce/wordcount.hpp"
#include "cpu/mapreduce/words.hpp"
#include "parlab/benchmarks.hpp"

namespace parlab::mapreduce {
namespace {

void flat_hash_map_wordcount(const Data& in, Data& out, const Params& p, Spans&) {
  const Stream& stream = in.get<Stream>("text");
  std::string text;
  if (const auto n = stream->size()) text.reserve(*n);
  stream->for_each_chunk([&](std::span<const std::byte> chunk, std::uint64_t) {
    const std::size_t at = text.size();
    text.resize(at + chunk.size());
    for (std::size_t i = 0; i < chunk.size(); ++i) text[at + i] = words::lower(std::to_integer<unsigned char>(chunk[i]));
  });
  absl::flat_hash_map<std::string_view, std::size_t> counts;
  std::size_t total = 0;
  const std::string_view all(text);
  for (std::size_t i = 0; i < all.size();) {
    while (i < all.size() && !words::is_word_byte(static_cast<unsigned char>(all[i]))) ++i;
    const std::size_t start = i;
    while (i < all.size() && words::is_word_byte(static_cast<unsigned char>(all[i]))) ++i;
    if (i > start) {
      ++counts[all.substr(start, i - start)];
      ++total;
    }
  }
  KeyCounts table;
  table.reserve(counts.size());
  for (const auto& [w, n] : counts) table.push_back({std::string(w), n});
  wordcount_output(std::move(table), total, p, out);
}

const RegisterPeer kPeer{{.name = "flat_hash_map",
                          .kernel = "wordcount",
                          .summary = "one thread of absl::flat_hash_map<std::string_view, size_t> over the text in memory",
                          .beside = Backend::simd,
                          .run = flat_hash_map_wordcount}};

}  // namespace
}  // namespace parlab::mapreduce
