#pragma once
// The map-reduce layer: split a stream of bytes into pieces, map the pieces
// on every thread, reduce the partial results in a fixed order. The three
// kernels of the family (histogram, wordcount, stats) are this layer plus
// what one piece means to them.
//
//   split   Files arrive in chunks whose borders fall anywhere (source.hpp).
//           A Cut says where a piece may end: after the last byte that is
//           not part of a word, at a block border, anywhere. The bytes after
//           the last such place are carried over and joined to the next
//           chunk, so a word cut by a chunk border is seen whole, once. The
//           end of a file ends every piece: nothing carries from one file
//           into the next.
//   map     Each piece is cut again, at the same kind of place, into parts
//           for the threads.
//   reduce  map_reduce: each thread folds its parts into its own
//           accumulator; at the end of each file the accumulators are merged
//           in thread order into the total. For counts, which add exactly in
//           any order, the result does not depend on the thread count.
//           map_blocks: fixed-size blocks, each mapped to a partial result;
//           the partials are folded strictly in block order. Blocks start at
//           fixed offsets of the file, so floating-point results are the
//           same bits for any thread count and any chunk size.
//
// Memory: one chunk, the carried bytes (at most the longest word, or one
// block), and the accumulators, whatever the size of the input. A file that
// fails (file_set.hpp) adds nothing: its accumulators are dropped.
//
// A stop request (progress.hpp) ends the run after the current chunk; the
// result then covers what was read (progress::done() bytes).
//
// Across ranks (a source split by file_set.hpp's my_share): each rank runs
// on its files and byte ranges of files, and the results are combined as
// across_ranks.hpp says. A range that starts or ends inside a file cannot
// finish the words cut by its borders alone: it keeps their bytes (Edges),
// and once the ranks have met, the pieces of each word are joined and mapped
// (map_joined_edges), so a word that straddles two ranks counts once.
#include <algorithm>
#include <atomic>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "cpu/mapreduce/across_ranks.hpp"
#include "parlab/progress.hpp"
#include "parlab/file_set.hpp"
#include "parlab/source.hpp"
#include "parlab/trace.hpp"
#include "runtime/error.hpp"
#include "runtime/openmp.hpp"

namespace parlab::mapreduce {

using Bytes = std::span<const std::byte>;

// The most bytes carried between chunks: a single word longer than this is
// an error for its file (parlab holds one word in memory, whole).
inline constexpr std::size_t kMaxCarry = std::size_t{256} << 20;

// Thrown through the source to end a run early; not an error, so not a
// std::exception (a file set records those as the file's problem).
struct Stopped {};

// A cut by content (words.hpp: a word ends at a byte that is not a word's)
// also gives the first place a piece may end, first(bytes) (0 if none). A
// positional cut (fixed blocks, anywhere) has none: a range of a file starts
// at a multiple of kRangeAlign (file_set.hpp), so at a place of its own.
template <class Cut>
concept ContentCut = requires(const Cut& c, Bytes b) {
  { c.first(b) } -> std::convertible_to<std::size_t>;
};

// What a byte range of a file (Source::range() not whole) leaves to be
// joined with its neighbours: the bytes before its first place (`head`: the
// end of a word the range before began) and after its last (`tail`: the
// start of a word the next range goes on with). With no place at all, the
// whole range is its head.
struct Edges {
  Range range;
  std::string name;  // the file's
  std::vector<std::byte> head = {}, tail = {};
  bool place = false;  // the range has a place of its own: its head ends there
};

inline void encode(const Edges& e, ByteWriter& w) {
  w.put(e.range);
  w.put(std::string_view(e.name));
  encode(e.head, w);
  encode(e.tail, w);
  w.put(e.place);
}
inline void decode(ByteReader& r, Edges& e) {
  e.range = r.get<Range>();
  e.name = r.get_string();
  decode(r, e.head);
  decode(r, e.tail);
  e.place = r.get<bool>();
}

// Whether range `b` goes on from range `a`: the same file, from where `a` ended.
inline bool continues(const Range& a, const Range& b) {
  return !b.starts_file && a.file == b.file && a.end == b.begin;
}

[[noreturn]] inline void too_long(const Source& file) {
  throw Error(file.name() + ": a word longer than " + std::to_string(kMaxCarry >> 20) +
              " MiB (the longest held in memory)");
}

// Calls piece(bytes) for consecutive pieces of one file, each ending where
// cut(bytes) allows (cut gives the length of the longest prefix that may end
// a piece, 0 if none) or at the end of the file. Pieces are not empty. For a
// byte range of a file, its Edges are added to `edges` instead of being
// pieces.
//
// piece() may return before it is done with its bytes (it hands them to
// other threads): they stay valid until wait() is next called, which must
// return only when the work on every piece handed out so far is finished.
// So the next chunk is read while the last one is being worked on.
template <class Cut, class Piece, class Wait>
void for_each_piece(const Source& file, Cut cut, Piece piece, Wait wait, std::vector<Edges>& edges) {
  const Range range = file.range();
  Edges e{.range = range, .name = file.name()};
  bool seeking = !range.starts_file && ContentCut<Cut>;  // still in the head, which is not ours to map
  // The bytes carried over, in two buffers taken in turn: the last piece
  // may still be read from one while the other collects the rest.
  std::vector<std::byte> carry[2];
  int now = 0;
  try {
    file.for_each_chunk([&](Bytes chunk, std::uint64_t) {
      if (progress::stop_requested()) throw Stopped{};
      wait();  // the pieces handed out before are done: their buffers may be reused
      Bytes view = chunk;
      if constexpr (ContentCut<Cut>) {
        if (seeking) {
          const std::size_t first = cut.first(view), take = first ? first : view.size();
          if (e.head.size() + take > kMaxCarry) too_long(file);
          e.head.insert(e.head.end(), view.begin(), view.begin() + static_cast<std::ptrdiff_t>(take));
          view = view.subspan(take);
          seeking = first == 0;
        }
      }
      if (!carry[now].empty()) {
        // A cut by content joins the carried bytes with this chunk's head
        // only, up to its first place, and hands that out as a piece of its
        // own: the rest of the chunk is mapped where it lies, not copied.
        std::size_t head = 0;
        if constexpr (ContentCut<Cut>) head = cut.first(view);
        const std::size_t join = head ? head : view.size();  // no place in the chunk: the word goes on
        if (carry[now].size() + join > kMaxCarry) too_long(file);
        carry[now].insert(carry[now].end(), view.begin(), view.begin() + static_cast<std::ptrdiff_t>(join));
        if (head) {
          piece(Bytes(carry[now]));  // read until the next wait(); the carry goes on in the other buffer
          view = view.subspan(head);
        } else {
          view = carry[now];
        }
      }
      const std::size_t k = cut(view);
      carry[now ^ 1].assign(view.begin() + static_cast<std::ptrdiff_t>(k), view.end());
      if (k > 0) piece(view.first(k));
      now ^= 1;
      progress::advance(static_cast<double>(chunk.size()));
    });
  } catch (...) {
    wait();  // a stop or an error: the pieces still at work read `carry` and the chunk
    throw;
  }
  wait();
  if (!carry[now].empty()) {
    if (range.ends_file) {
      piece(Bytes(carry[now]));
    } else {
      if (!ContentCut<Cut>) throw Error(file.name() + ": a byte range that ends off its kernel's block border");
      e.tail = std::move(carry[now]);
    }
  }
  wait();
  if (!range.whole()) {
    e.place = !seeking;
    edges.push_back(std::move(e));
  }
}

// The words cut by the borders of byte ranges, whole again: every rank's
// Edges (a collective call), in range order, the tail of one range joined
// to the head of the next one of the same file; map(bytes) for each joined
// piece. Every rank maps every joined piece, so every rank's result is the
// whole one. A range that failed leaves its neighbours' edges unjoined:
// they are dropped with it (the file is reported).
template <class Map>
void map_joined_edges(const std::vector<Edges>& mine, Map map) {
  const std::vector<Edges> all = gathered(mine);
  std::vector<std::byte> joined;
  const Edges* before = nullptr;
  for (const Edges& e : all) {
    if (!before || !continues(before->range, e.range)) joined.clear();
    joined.insert(joined.end(), e.head.begin(), e.head.end());
    if (e.place || e.range.ends_file) {
      if (!joined.empty()) map(e.name, Bytes(joined));
      joined = e.tail;
    }
    before = &e;
  }
}

// Up to `parts` consecutive parts of `bytes`, each ending where `cut` allows
// (a part may be longer than asked when no such place is near): the ends.
template <class Cut>
std::vector<std::size_t> split(Bytes bytes, std::size_t parts, std::size_t min_part, Cut cut) {
  parts = std::max<std::size_t>(1, std::min(parts, bytes.size() / std::max<std::size_t>(min_part, 1)));
  std::vector<std::size_t> ends;
  std::size_t at = 0;
  for (std::size_t i = 1; i < parts; ++i) {
    const std::size_t target = bytes.size() / parts * i;
    if (target <= at) continue;
    const std::size_t k = at + cut(bytes.subspan(at, target - at));
    if (k > at) ends.push_back(at = k);
  }
  ends.push_back(bytes.size());
  return ends;
}

// Parts smaller than this are not worth a thread's start.
inline constexpr std::size_t kMinPart = std::size_t{64} << 10;

// Every file of `source` mapped with map(part, acc) on `threads` threads;
// Acc has merge(Acc&&). Returns the merged accumulators of every file that
// was read whole (and, after a stop, of the file being read).
//
// With more than one thread, one thread reads while the others map: the
// parts of a chunk become OpenMP tasks, and the reading thread joins them
// only when it has read the next chunk (the wait before it is handed out).
// A task may run on any thread of the team; it adds into that thread's
// accumulator, which no other task touches at the same time. An exception in
// a task (out of memory) is kept and ends the file, as one in the reading
// thread does: it never leaves the task, where it would end the process.
template <class Acc, class Cut, class Map>
Acc map_reduce(const Source& source, int threads, Cut cut, Map map) {
  Acc total{};
  std::vector<Edges> edges;
  progress::begin(static_cast<double>(source.size().value_or(0)));
  try {
    source.for_each_file([&](const Source& file) {
      std::vector<Acc> acc(static_cast<std::size_t>(threads));
      std::exception_ptr failed, task_failed;
      std::atomic<bool> stop_tasks{false};  // after a task failed: its accumulator may be broken, touch none
#pragma omp parallel num_threads(threads) if (threads > 1)
#pragma omp single
      {
        try {
          for_each_piece(
              file, cut,
              [&](Bytes piece) {
                if (task_failed) std::rethrow_exception(task_failed);  // read after wait(): every task is done
                const std::vector<std::size_t> ends = split(piece, 4 * static_cast<std::size_t>(threads), kMinPart, cut);
                for (std::size_t i = 0; i < ends.size(); ++i) {
                  const Bytes part = piece.subspan(i ? ends[i - 1] : 0, ends[i] - (i ? ends[i - 1] : 0));
#pragma omp task firstprivate(part) shared(acc, map, task_failed, stop_tasks)
                  {
                    const trace::Scope span("map", "work");
                    try {
                      if (!stop_tasks.load(std::memory_order_relaxed)) map(part, acc[openmp::thread_index()]);
                    } catch (...) {
                      stop_tasks = true;
#pragma omp critical(parlab_map_failed)
                      if (!task_failed) task_failed = std::current_exception();
                    }
                  }
                }
              },
              [] {
#pragma omp taskwait
              },
              edges);
        } catch (...) {
          failed = std::current_exception();
        }
#pragma omp taskwait
        if (!failed) failed = task_failed;
      }
      auto merge = [&] {
        for (Acc& a : acc) total.merge(std::move(a));
      };
      if (failed) {
        try {
          std::rethrow_exception(failed);
        } catch (const Stopped&) {
          merge();  // stopped: the result so far counts this file's part
          throw;
        }  // any other error: the file adds nothing (a file set records it)
      }
      merge();
    });
  } catch (const Stopped&) {
  }
  if (source.split_across_ranks()) {  // counts: every rank's total, merged in rank order
    const trace::Scope span("combine", "communication");
    std::vector<Acc> all = gathered(std::vector<Acc>{std::move(total)});
    total = Acc{};
    for (Acc& a : all) total.merge(std::move(a));
    map_joined_edges(edges, [&](const std::string&, Bytes b) {
      Acc a{};
      map(b, a);
      total.merge(std::move(a));
    });
  }
  return total;
}

// A partial that goes on with the next range of the same file: extend()
// where the partial has it (BlockFold), else merge() (counts).
template <class Partial>
void extend(Partial& file, Partial&& more) {
  if constexpr (requires { file.extend(std::move(more)); })
    file.extend(std::move(more));
  else
    file.merge(std::move(more));
}

// Every file of `source` in pieces that end where `cut` allows; each piece
// is added into its file's Partial by add(file, piece, partial), in order, one
// piece at a time; then each file's Partial is merged into the total
// (Partial has merge(Partial&&) or merge(const Partial&)), unless the file failed. The CUDA
// backend maps its pieces on the device with this.
template <class Partial, class Cut, class Add>
Partial fold_pieces(const Source& source, Cut cut, Add add) {
  // Split across ranks, each file's (or range's) partial is kept, to be
  // folded in listing order with every rank's (across_ranks.hpp); else
  // merged as it comes.
  const bool split = source.split_across_ranks();
  std::vector<Part<Partial>> parts;
  std::vector<Edges> edges;
  Partial total{};
  progress::begin(static_cast<double>(source.size().value_or(0)));
  try {
    source.for_each_file([&](const Source& file) {
      Partial sum{};
      auto keep = [&] {
        split ? parts.push_back({file.range(), std::move(sum)}) : total.merge(std::move(sum));
      };
      try {
        for_each_piece(file, cut, [&](Bytes piece) { add(file, piece, sum); }, [] {}, edges);  // done when add() returns
      } catch (const Stopped&) {
        keep();
        throw;
      }
      keep();
    });
  } catch (const Stopped&) {
  }
  if (split) {
    const trace::Scope span("combine", "communication");
    // A range that goes on from the one before (the same file, from where
    // it ended) extends that file's partial; the file is merged whole.
    std::vector<Part<Partial>> all = gathered(parts);
    for (std::size_t i = 0; i < all.size();) {
      Partial file = std::move(all[i].partial);
      std::size_t j = i + 1;
      for (; j < all.size() && continues(all[j - 1].range, all[j].range); ++j) extend(file, std::move(all[j].partial));
      total.merge(std::move(file));
      i = j;
    }
    map_joined_edges(edges, [&](const std::string& name, Bytes b) {
      Partial sum{};
      add(*memory_source(name, std::vector<std::byte>(b.begin(), b.end())), b, sum);
      total.merge(std::move(sum));
    });
  }
  return total;
}

// A file's partial in fold_blocks: its blocks folded in order; for a byte
// range that goes on with a file an earlier rank began, the list of its
// blocks, folded on after the earlier ranges' (extend), so the file's fold is
// one process's, bit for bit (Chan's merge is not associative).
template <class P>
struct BlockFold {
  P sum{};
  std::vector<P> blocks = {};
  bool listing = false;  // a range that does not start its file
  void add(const P& p) { listing ? blocks.push_back(p) : sum.merge(p); }
  void extend(BlockFold&& o) {
    for (const P& b : o.blocks) sum.merge(b);
  }
  void merge(BlockFold&& o) {  // a whole file (or what is left of one) into the total
    if (o.listing) {
      P first{};
      for (const P& b : o.blocks) first.merge(b);
      o.sum = first;
    }
    sum.merge(o.sum);
  }
};
template <class P>
void encode(const BlockFold<P>& f, ByteWriter& w) {
  encode(f.sum, w);
  w.put(f.listing);
  w.put(static_cast<std::uint64_t>(f.blocks.size()));
  for (const P& b : f.blocks) encode(b, w);
}
template <class P>
void decode(ByteReader& r, BlockFold<P>& f) {
  decode(r, f.sum);
  f.listing = r.get<bool>();
  f.blocks.resize(r.get<std::uint64_t>());
  for (P& b : f.blocks) decode(r, b);
}

// Every file of `source` as blocks of `block_bytes` (the last one of a file
// may be shorter, but a whole number of `record_bytes`): map_piece(piece,
// part) gives one Partial per block of a piece, in block order. Partials are
// folded in block order, file by file, so the result does not depend on how
// the blocks were spread over threads, or over ranks.
template <class Partial, class MapPiece>
Partial fold_blocks(const Source& source, std::size_t block_bytes, std::size_t record_bytes, MapPiece map_piece) {
  if (kRangeAlign % block_bytes != 0) throw Error("fold_blocks: a block that does not divide kRangeAlign");
  std::vector<Partial> part;
  const auto whole_blocks = [&](Bytes b) { return b.size() / block_bytes * block_bytes; };
  auto add = [&](const Source& file, Bytes piece, BlockFold<Partial>& sum) {
    if (piece.size() % record_bytes != 0)
      throw Error(file.name() + ": " + std::to_string(piece.size() % record_bytes) +
                  " byte(s) left over: not a whole number of " + std::to_string(record_bytes) + "-byte values");
    sum.listing = !file.range().starts_file;
    part.assign((piece.size() + block_bytes - 1) / block_bytes, Partial{});
    map_piece(piece, part);
    for (const Partial& p : part) sum.add(p);
  };
  return fold_pieces<BlockFold<Partial>>(source, whole_blocks, add).sum;
}

// fold_blocks on `threads` threads: map(block) gives a block's Partial.
template <class Partial, class Map>
Partial map_blocks(const Source& source, int threads, std::size_t block_bytes, std::size_t record_bytes, Map map) {
  return fold_blocks<Partial>(source, block_bytes, record_bytes, [&](Bytes piece, std::vector<Partial>& part) {
    const auto n = static_cast<std::int64_t>(part.size());
#pragma omp parallel num_threads(threads) if (threads > 1 && n > 1)
    {
      const trace::Scope span("map blocks", "work");  // one span per thread
#pragma omp for schedule(static)
      for (std::int64_t b = 0; b < n; ++b) {
        const std::size_t begin = static_cast<std::size_t>(b) * block_bytes;
        part[b] = map(piece.subspan(begin, std::min(block_bytes, piece.size() - begin)));
      }
    }
  });
}

}  // namespace parlab::mapreduce
