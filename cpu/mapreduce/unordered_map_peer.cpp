// What users write first for a word count: one thread, a std::string per
// word, std::unordered_map<std::string, size_t>. The baseline of the
// wordcount kernels, on the same text, with the same definition of a word
// (cpu/mapreduce/words.hpp) and the same output, so it is checked exactly.
// Registered as the word count's peer unordered_map (parlab/benchmarks.hpp),
// timed beside the scalar backend.
#include <string>
#include <unordered_map>

#include "cpu/mapreduce/wordcount.hpp"
#include "cpu/mapreduce/words.hpp"
#include "parlab/benchmarks.hpp"

namespace parlab::mapreduce {
namespace {

void unordered_map_wordcount(const Data& in, Data& out, const Params& p, Spans&) {
  std::unordered_map<std::string, std::size_t> counts;
  std::size_t total = 0;
  std::string word;  // carried across chunk borders
  in.get<Stream>("text")->for_each_chunk([&](std::span<const std::byte> chunk, std::uint64_t) {
    for (std::byte b : chunk) {
      const auto c = std::to_integer<unsigned char>(b);
      if (words::is_word_byte(c)) {
        word += words::lower(c);
      } else if (!word.empty()) {
        ++counts[word];
        ++total;
        word.clear();
      }
    }
  });
  if (!word.empty()) {
    ++counts[word];
    ++total;
  }
  KeyCounts table;
  for (const auto& [w, n] : counts) table.push_back({w, n});
  wordcount_output(std::move(table), total, p, out);
}

const RegisterPeer kPeer{{.name = "unordered_map",
                          .kernel = "wordcount",
                          .summary = "one thread of std::unordered_map<std::string, size_t>",
                          .beside = Backend::scalar,
                          .run = unordered_map_wordcount}};

}  // namespace
}  // namespace parlab::mapreduce
