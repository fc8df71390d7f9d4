#pragma once
// Distinct words and their counts, merged across threads, pieces and files.
// Map: std::unordered_map (the scalar teaching version) or absl's
// flat_hash_map (open addressing, no allocation per lookup: a word is looked
// up as a view and copied only when it is new).
#include <absl/container/flat_hash_map.h>

#include <cstdint>
#include <string>
#include <unordered_map>

#include "parlab/data.hpp"
#include "runtime/error.hpp"

namespace parlab::mapreduce {

// The longest word a std::string holds without an allocation of its own
// (libstdc++'s small-string buffer).
inline constexpr std::size_t kInline = 15;

// Throws when a table of `distinct` words holds more than `limit` bytes
// (0: no limit): the distinct words grow with the input, and the output
// needs them once more.
inline void check_table_bytes(std::uint64_t bytes, std::uint64_t limit, std::size_t distinct) {
  if (limit == 0 || bytes <= limit) return;
  throw Error("the distinct words need more than " + std::to_string(limit >> 20) +
              " MiB, the counts' share of the memory available (" + std::to_string(distinct) + " distinct so far)");
}

template <class Map>
struct WordTable {
  Map counts;
  std::uint64_t words = 0;       // every occurrence
  std::uint64_t heap_bytes = 0;  // the words too long to sit in their std::string (SSO): held apart

  // One occurrence of `word`, held as Key (a std::string's view type).
  template <class Key>
  void add(Key word) {
    const std::size_t before = counts.size();
    if constexpr (requires { counts[word]; })
      ++counts[word];  // absl: looked up as a view, copied only when new
    else
      ++counts[std::string(word)];
    if (counts.size() != before && word.size() > kInline) heap_bytes += word.size() + 1;
  }
  // The memory the table needs, estimated from its layout: each slot (or
  // node) and the words held apart, and room to grow once. What `check`
  // compares with its share: an open-addressing table that fails to grow
  // is left broken (absl's), so it must never be let to try.
  std::uint64_t bytes() const {
    constexpr std::uint64_t kSlot = sizeof(typename Map::value_type);
    if constexpr (requires { counts.capacity(); })  // a slot and a control byte per capacity; growing holds old and new (2x)
      return 3 * counts.capacity() * (kSlot + 1) + heap_bytes;
    else  // std::unordered_map: a node per word (its link, hash and malloc header), a pointer per bucket
      return counts.size() * (kSlot + 3 * sizeof(void*)) + counts.bucket_count() * sizeof(void*) + heap_bytes;
  }
  // Throws when the table holds more than `limit` bytes.
  void check(std::uint64_t limit) const { check_table_bytes(bytes(), limit, counts.size()); }

  void merge(WordTable&& o) {
    words += o.words;
    if (counts.empty()) {
      counts.swap(o.counts);
      return;
    }
    heap_bytes += o.heap_bytes;  // at most: a word in both is held once
    for (auto& [word, n] : o.counts) counts[word] += n;
    o.counts = {};
  }
  KeyCounts table() const {
    KeyCounts t;
    t.reserve(counts.size());
    for (const auto& [word, n] : counts) t.push_back({word, n});
    return t;
  }
};

using ScalarTable = WordTable<std::unordered_map<std::string, std::uint64_t>>;
using FastTable = WordTable<absl::flat_hash_map<std::string, std::uint64_t>>;

}  // namespace parlab::mapreduce
