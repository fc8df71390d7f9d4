#pragma once
// The fast backends' word table: words of up to 16 bytes held in the table's
// own slots, longer ones in a table of strings.
//
// Why: in absl's flat_hash_map<std::string, count> a slot is a std::string
// (32 bytes, its bytes behind a pointer, inline only up to 15) and its
// count; a lookup hashes the bytes, then follows the string to compare. Here
// a short word is its 16 bytes themselves, zero-padded (a word holds no zero
// byte), so a slot is 24 bytes, the comparison two 64-bit compares, and the
// hash is computed once per word and handed to the table (absl's
// heterogeneous lookup with a precomputed hash). Words arrive in batches:
// the slots of a whole batch are prefetched before the first is probed, so
// the cache misses of a table larger than L2 overlap instead of following
// one another.
#include <absl/container/flat_hash_map.h>
#include <absl/hash/hash.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "cpu/mapreduce/word_table.hpp"

namespace parlab::mapreduce {

inline constexpr std::size_t kShortWord = 16;

struct ShortWord {
  std::uint64_t lo = 0, hi = 0;  // the bytes, little-endian, zero-padded
  bool operator==(const ShortWord&) const = default;

  // A word of n <= 16 bytes at p, where 16 bytes may be read from p (the
  // caller's buffer has that much room past its end): two loads, the bytes
  // past the word masked to zero.
  static ShortWord of(const char* p, std::size_t n) {
    std::uint64_t a, b;
    std::memcpy(&a, p, 8);
    std::memcpy(&b, p + 8, 8);
    const auto keep = [](std::size_t bytes) { return bytes >= 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * bytes)) - 1; };
    return {a & keep(n), n > 8 ? b & keep(n - 8) : 0};
  }
  std::string str() const {
    char b[kShortWord];
    std::memcpy(b, &lo, 8);
    std::memcpy(b + 8, &hi, 8);
    return std::string(b, strnlen(b, kShortWord));
  }
};

// A short word with its hash, computed once: what the batch looks up.
struct HashedWord {
  ShortWord word;
  std::size_t hash;
};

struct ShortWordHash {
  using is_transparent = void;
  std::size_t operator()(const ShortWord& w) const { return absl::Hash<std::pair<std::uint64_t, std::uint64_t>>{}({w.lo, w.hi}); }
  std::size_t operator()(const HashedWord& h) const { return h.hash; }
};
struct ShortWordEq {
  using is_transparent = void;
  bool operator()(const ShortWord& a, const ShortWord& b) const { return a == b; }
  bool operator()(const ShortWord& a, const HashedWord& b) const { return a == b.word; }
  bool operator()(const HashedWord& a, const ShortWord& b) const { return a.word == b; }
};

struct InlineWordTable {
  using Shorts = absl::flat_hash_map<ShortWord, std::uint64_t, ShortWordHash, ShortWordEq>;
  Shorts shorts;
  FastTable longs;          // words over 16 bytes
  std::uint64_t words = 0;  // every occurrence

  // The words at bounds[2w], bounds[2w + 1] of `text`, w in [0, n): 16 bytes
  // may be read past the end of every word (the caller pads `text`).
  void add(const char* text, const std::uint32_t* bounds, std::size_t n) {
    constexpr std::size_t kBatch = 16;
    HashedWord batch[kBatch];
    for (std::size_t first = 0; first < n; first += kBatch) {
      const std::size_t m = std::min(kBatch, n - first);
      for (std::size_t j = 0; j < m; ++j) {
        const std::uint32_t start = bounds[2 * (first + j)], length = bounds[2 * (first + j) + 1] - start;
        if (length > kShortWord) continue;
        batch[j].word = ShortWord::of(text + start, length);
        batch[j].hash = ShortWordHash{}(batch[j].word);
        shorts.prefetch(batch[j]);
      }
      for (std::size_t j = 0; j < m; ++j) {
        const std::uint32_t start = bounds[2 * (first + j)], length = bounds[2 * (first + j) + 1] - start;
        if (length > kShortWord) {
          longs.add(absl::string_view(text + start, length));
          continue;
        }
        if (auto it = shorts.find(batch[j], batch[j].hash); it != shorts.end())
          ++it->second;
        else
          shorts.emplace(batch[j].word, 1);
      }
    }
    words += n;
  }

  // As WordTable's: the slots (a control byte each, room to grow once) and
  // the long words' table.
  std::uint64_t bytes() const {
    return 3 * shorts.capacity() * (sizeof(Shorts::value_type) + 1) + longs.bytes();
  }
  void check(std::uint64_t limit) const { check_table_bytes(bytes(), limit, shorts.size() + longs.counts.size()); }
  void merge(InlineWordTable&& o) {
    words += o.words;
    if (shorts.empty())
      shorts.swap(o.shorts);
    else
      for (const auto& [w, n] : o.shorts) shorts[w] += n;
    o.shorts = {};
    longs.merge(std::move(o.longs));
  }
  KeyCounts table() const {
    KeyCounts t = longs.table();
    t.reserve(t.size() + shorts.size());
    for (const auto& [w, n] : shorts) t.push_back({w.str(), n});
    return t;
  }
};

}  // namespace parlab::mapreduce
