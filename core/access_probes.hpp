#pragma once
// The roofs of access patterns that the streaming and FMA probes cannot
// judge (parlab/roofs.hpp, Access): increments into a small table at random
// indices, what bounds a histogram; and random reads over a table of a given
// size, dependent (one at a time: latency) and independent (many in flight:
// throughput), what bounds a hash-table lookup. The pieces are exposed so
// that tests can hold each against its closed form.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "parlab/roofs.hpp"

namespace parlab::access {

// ---- Updates. kTables tables of 256 32-bit counters, taken in turn, so two
// increments of the same value in a row do not wait on each other, and the
// indices read eight at a time: the machine's rate of independent
// increments, the most a histogram can reach. (Measured on Zen 4: about one
// increment per cycle whether 2, 4 or 8 tables, 1 or 8 indices per load.)
inline constexpr int kTables = 4;
using Tables = std::vector<std::uint32_t>;  // kTables * 256 counters
// Adds `passes` passes over idx[0, n) into t (zeroed first).
void count_updates(const std::uint8_t* idx, std::size_t n, std::uint64_t passes, Tables& t);

// ---- Random reads over a table of `entries` uint64 (a power of two) whose
// entry j holds j * kFill (mod 2^64).
inline constexpr std::uint64_t kFill = 0x9E3779B97F4A7C15ull;
// Independent reads: kStreams LCG streams give the indices (never the loaded
// values), so the core keeps as many misses in flight as it can. Returns the
// sum of the values read; `index_sum` gets the sum of the indices, computed
// without a load: the sum must equal index_sum * kFill.
inline constexpr int kStreams = 8;
std::uint64_t independent_reads(const std::uint64_t* table, std::uint64_t entries, std::uint64_t reads,
                                std::uint64_t seed);
std::uint64_t index_sum(std::uint64_t entries, std::uint64_t reads, std::uint64_t seed);

// Dependent reads: one 64-byte line in eight holds the index of the next
// line to read, in an order that visits every line once before it repeats
// (one cycle through all of them), so each read waits for the one before.
// The order is a seeded bijection of [0, lines) (`Cycle`: odd multipliers and
// xor-shifts, each invertible modulo a power of two), so the table is
// written in one sequential pass and the k-th line of the cycle is known
// without following it: k steps from cycle.at(i) land on cycle.at(i + k).
inline constexpr std::size_t kLine = 8;  // uint64 per 64-byte line
class Cycle {
 public:
  Cycle(std::uint64_t lines, std::uint64_t seed);  // lines: a power of two
  std::uint64_t at(std::uint64_t k) const;         // the line k steps after line at(0) (k modulo lines)
  std::uint64_t position(std::uint64_t line) const;  // the inverse: at(position(line)) == line
  void write(std::uint64_t* table) const;          // table[line * kLine] = the line after it
 private:
  std::uint64_t mask_, a_, b_, a_inv_, b_inv_;
  int shift_;
};
std::uint64_t chase(const std::uint64_t* table, std::uint64_t start, std::uint64_t steps);

// The probes, timed, each result checked (Error if one is wrong).
// G increments/s on `threads` threads (each its own tables).
double update_rate(int threads, int repeat);
// For each footprint from 32 KiB (x4 each step) up to `largest` bytes (a
// power of two, at least 32 KiB), and `largest` itself: the
// latency of one dependent read and the rate of independent ones, on one
// thread (into `one`) and on `threads` threads (into `all`).
void random_reads(std::size_t largest, int threads, int repeat, Access& one, Access& all);

}  // namespace parlab::access
