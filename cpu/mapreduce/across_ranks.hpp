#pragma once
// The map-reduce family across ranks: each rank reads its share of the files
// (file_set.hpp, my_share), and the partial results travel as bytes to be
// combined as one process combines them (split_map_reduce.hpp):
//   map_reduce    the ranks' totals, merged in rank order: counts (words,
//                 bytes) add exactly in any order;
//   fold_pieces   every file's partial, gathered in file order and folded from
//                 the first, as one process folds them: the float moments of
//                 `stats` are bitwise those of one process for any R. A file
//                 split by byte range is folded on from range to range: its
//                 later ranges send their block partials (BlockFold).
// encode/decode: one pair per partial type the family combines.
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "parlab/data.hpp"
#include "parlab/source.hpp"
#include "runtime/error.hpp"
#include "runtime/mpi/ranks.hpp"

namespace parlab::mapreduce {

// Appends and reads plain values and strings.
struct ByteWriter {
  std::vector<std::byte> out;
  template <class T>
  void put(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    const auto* b = reinterpret_cast<const std::byte*>(&v);
    out.insert(out.end(), b, b + sizeof v);
  }
  void put(std::string_view s) {
    put(static_cast<std::uint64_t>(s.size()));
    const auto* b = reinterpret_cast<const std::byte*>(s.data());
    out.insert(out.end(), b, b + s.size());
  }
};
struct ByteReader {
  std::span<const std::byte> in;
  std::size_t at = 0;
  const std::byte* take(std::size_t n) {
    if (in.size() - at < n) throw Error("across ranks: a partial result ended early");
    const std::byte* p = in.data() + at;
    at += n;
    return p;
  }
  template <class T>
  T get() {
    T v;
    std::memcpy(&v, take(sizeof v), sizeof v);
    return v;
  }
  std::string get_string() {
    const auto n = get<std::uint64_t>();
    const std::byte* p = take(n);
    return {reinterpret_cast<const char*>(p), n};
  }
  bool done() const { return at == in.size(); }
};

// Trivially copyable partials (Moments) as their bytes.
template <class T>
  requires std::is_trivially_copyable_v<T>
void encode(const T& v, ByteWriter& w) {
  w.put(v);
}
template <class T>
  requires std::is_trivially_copyable_v<T>
void decode(ByteReader& r, T& v) {
  v = r.get<T>();
}
inline void encode(const Counts& c, ByteWriter& w) {
  w.put(static_cast<std::uint64_t>(c.size()));
  for (std::uint64_t v : c) w.put(v);
}
inline void decode(ByteReader& r, Counts& c) {
  c.resize(r.get<std::uint64_t>());
  for (std::uint64_t& v : c) v = r.get<std::uint64_t>();
}
// Histograms and word tables: anything with `bins`, or `counts` and `words`.
template <class T>
  requires requires(T t) { t.bins; }
void encode(const T& h, ByteWriter& w) {
  encode(h.bins, w);
}
template <class T>
  requires requires(T t) { t.bins; }
void decode(ByteReader& r, T& h) {
  decode(r, h.bins);
}
template <class T>
  requires requires(T t) { t.counts.begin()->second; t.words; }
void encode(const T& t, ByteWriter& w) {
  w.put(t.words);
  w.put(static_cast<std::uint64_t>(t.counts.size()));
  for (const auto& [word, n] : t.counts) {
    w.put(std::string_view(word));
    w.put(n);
  }
}
template <class T>
  requires requires(T t) { t.counts.begin()->second; t.words; }
void decode(ByteReader& r, T& t) {
  t.words = r.get<std::uint64_t>();
  const auto n = r.get<std::uint64_t>();
  t.counts.reserve(n);
  for (std::uint64_t i = 0; i < n; ++i) {
    std::string word = r.get_string();
    t.counts[std::move(word)] = r.get<std::uint64_t>();
  }
}

// The fast backends' table (inline_word_table.hpp): its short words as
// their 16 bytes, then the long ones.
template <class T>
  requires requires(T t) { t.shorts; t.longs; }
void encode(const T& t, ByteWriter& w) {
  w.put(t.words);
  w.put(static_cast<std::uint64_t>(t.shorts.size()));
  for (const auto& [word, n] : t.shorts) {
    w.put(word);
    w.put(n);
  }
  encode(t.longs, w);
}
template <class T>
  requires requires(T t) { t.shorts; t.longs; }
void decode(ByteReader& r, T& t) {
  t.words = r.get<std::uint64_t>();
  const auto n = r.get<std::uint64_t>();
  t.shorts.reserve(n);
  for (std::uint64_t i = 0; i < n; ++i) {
    const auto word = r.get<typename T::Shorts::key_type>();
    t.shorts[word] = r.get<std::uint64_t>();
  }
  decode(r, t.longs);
}

inline void encode(const std::vector<std::byte>& b, ByteWriter& w) {
  w.put(std::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
}
inline void decode(ByteReader& r, std::vector<std::byte>& b) {
  const auto n = r.get<std::uint64_t>();
  const std::byte* p = r.take(n);
  b.assign(p, p + n);
}

// A file's partial, or a byte range's, and where it lies.
template <class P>
struct Part {
  Range range;
  P partial;
};
template <class P>
void encode(const Part<P>& p, ByteWriter& w) {
  w.put(p.range);
  encode(p.partial, w);
}
template <class P>
void decode(ByteReader& r, Part<P>& p) {
  p.range = r.get<Range>();
  decode(r, p.partial);
}

// Every rank's partials (a list each, in order), concatenated in rank order.
template <class P>
std::vector<P> gathered(const std::vector<P>& mine) {
  ByteWriter w;
  w.put(static_cast<std::uint64_t>(mine.size()));
  for (const P& p : mine) encode(p, w);
  std::vector<P> all;
  for (const auto& bytes : mpi::allgather_bytes(w.out)) {
    ByteReader r{bytes};
    const auto n = r.get<std::uint64_t>();
    for (std::uint64_t i = 0; i < n; ++i) decode(r, all.emplace_back());
    if (!r.done()) throw Error("across ranks: a partial result has bytes left over");
  }
  return all;
}

}  // namespace parlab::mapreduce
