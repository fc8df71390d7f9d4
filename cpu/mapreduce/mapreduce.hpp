#pragma once
// The map-reduce family's variants and built-in inputs, registered in mapreduce_kernels.cpp.
#include "cpu/mapreduce/wordcount.hpp"
#include "parlab/registry.hpp"

namespace parlab::mapreduce {

// Inputs: built-in English-like text, built-in float32 values (from the seed).
Data generated_text(const Params& p);
Data generated_values(const Params& p);
std::vector<std::byte> english_like_text(std::uint64_t bytes, std::uint64_t seed);

void histogram_scalar(const Data& in, Data& out, const Params& p, Spans&);
void histogram_openmp(const Data& in, Data& out, const Params& p, Spans&);
void wordcount_scalar(const Data& in, Data& out, const Params& p, Spans&);
void wordcount_simd(const Data& in, Data& out, const Params& p, Spans&);
void wordcount_openmp(const Data& in, Data& out, const Params& p, Spans&);
void stats_scalar(const Data& in, Data& out, const Params& p, Spans&);
void stats_simd(const Data& in, Data& out, const Params& p, Spans&);
void stats_openmp(const Data& in, Data& out, const Params& p, Spans&);

// The outputs every backend gives: "bytes" and "histogram"; "count", "nan",
// "mean", "variance", "min", "max".
void histogram_output(Counts bins, Data& out);
struct Moments;
void stats_output(const Moments& m, Data& out);

// Stats' blocks: 4096 float32 values (16 KiB, held in L1 for the second pass).
inline constexpr std::size_t kStatsBlock = 4096;

}  // namespace parlab::mapreduce
