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

namespace parlab::mapreduce {

template <class Map>
struct WordTable {
  Map counts;
  std::uint64_t words = 0;  // every occurrence

  void merge(WordTable&& o) {
    words += o.words;
    if (counts.empty()) {
      counts.swap(o.counts);
      return;
    }
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
