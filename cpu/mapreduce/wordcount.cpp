// The word count on every CPU backend. scalar: the teaching version, one
// byte at a time into std::unordered_map. simd: the SIMD tokenizer
// (simd/mapreduce/words_isa.cpp) into absl's flat_hash_map, words of up to
// 16 bytes held in the slots themselves and looked up in prefetched batches
// (inline_word_table.hpp). openmp: the same on every thread, one table per
// thread, merged at the end of each file.
#include <algorithm>
#include <string>

#include "cpu/mapreduce/mapreduce.hpp"
#include "cpu/mapreduce/inline_word_table.hpp"
#include "cpu/mapreduce/split_map_reduce.hpp"
#include "cpu/mapreduce/word_table.hpp"
#include "cpu/mapreduce/words.hpp"
#include "cpu/mapreduce/words_simd.hpp"
#include "parlab/machine.hpp"
#include "runtime/openmp.hpp"
#include "runtime/simd/dispatch.hpp"

namespace parlab::mapreduce {

namespace {

// The order of the lists: by count, descending, then by the word's bytes.
bool by_count(const KeyCount& a, const KeyCount& b) { return a.count != b.count ? a.count > b.count : a.key < b.key; }

}  // namespace

void wordcount_output(KeyCounts table, std::uint64_t words, const Params& p, Data& out) {
  out.set("words", words);
  out.set("unique", static_cast<std::uint64_t>(table.size()));
  const auto k = std::min<std::size_t>(static_cast<std::size_t>(p.integer("top")), table.size());
  if (p.flag("all")) {
    std::sort(table.begin(), table.end(), by_count);
    out.set("top", KeyCounts(table.begin(), table.begin() + static_cast<std::ptrdiff_t>(k)));
    out.set("all", std::move(table));
  } else {
    std::partial_sort(table.begin(), table.begin() + static_cast<std::ptrdiff_t>(k), table.end(), by_count);
    table.resize(k);
    out.set("top", std::move(table));
  }
}

namespace {

const Source& text_of(const Data& in) { return *in.get<Stream>("text"); }

void count_scalar(mapreduce::Bytes part, ScalarTable& t) {
  words::for_each_word(part, [&](std::string_view w) {
    t.add(w);
    ++t.words;
  });
}

// The SIMD tokenizer over one part, its scratch buffers kept per thread,
// then the words into the table in batches (inline_word_table.hpp).
void count_fast(mapreduce::Bytes part, InlineWordTable& t) {
  thread_local std::vector<char> lowered;
  thread_local std::vector<std::uint32_t> bounds;
  lowered.resize(part.size() + kShortWord);  // room to read 16 bytes from any word's start
  bounds.resize(part.size() + 1);
  const auto tokens = simd::kernel<WordTokens>();  // the active ISA (tests switch it)
  const std::size_t n = tokens(reinterpret_cast<const unsigned char*>(part.data()), part.size(), lowered.data(),
                               bounds.data());
  t.add(lowered.data(), bounds.data(), n);
}

// The counts may hold a third of the memory available at the start: the
// threads' tables are merged into one, and the output copies it once more.
// Each thread's table gets its share; the merged one is checked whole.
std::uint64_t table_limit() { return available_memory() / 3; }

template <class T, class Map>
void run(const Data& in, Data& out, const Params& p, int threads, Map map) {
  const std::uint64_t limit = table_limit();
  const T t = mapreduce::map_reduce<T>(text_of(in), threads, words::cut, [&](mapreduce::Bytes part, T& table) {
    map(part, table);
    table.check(limit / static_cast<std::uint64_t>(threads));
  });
  t.check(limit);
  wordcount_output(t.table(), t.words, p, out);
}

}  // namespace

void wordcount_scalar(const Data& in, Data& out, const Params& p, Spans&) { run<ScalarTable>(in, out, p, 1, count_scalar); }
void wordcount_simd(const Data& in, Data& out, const Params& p, Spans&) { run<InlineWordTable>(in, out, p, 1, count_fast); }
void wordcount_openmp(const Data& in, Data& out, const Params& p, Spans&) {
  run<InlineWordTable>(in, out, p, openmp::threads(p.threads), count_fast);
}

}  // namespace parlab::mapreduce
