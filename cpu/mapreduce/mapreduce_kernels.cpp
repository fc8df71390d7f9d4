// The map-reduce family's kernels: a byte histogram, a word count and the
// statistics of float32 values, over built-in data or any number of files
// and directories (parlab/file_set.hpp), read in chunks through the
// map-reduce layer (mapreduce.hpp).
#include "cpu/mapreduce/mapreduce.hpp"

namespace parlab::mapreduce {
namespace {

Option size_option(double fallback, std::string_view help) {
  return {.name = "size", .type = OptionType::count, .fallback = fallback, .min = 0, .max = kMaxCount, .help = help,
          .builtin_input = true, .scales = true};
}

// Streams are read once, each byte once; the footprint is the built-in
// input (a file is never held whole).
Cost bytes_cost(const Params& p) {
  const double n = static_cast<double>(p.count("size"));
  return {.items = n, .bytes_read = n, .footprint = n};
}
// One increment per byte, into a 256-bin table: the update roof binds.
Cost histogram_cost(const Params& p) {
  Cost c = bytes_cost(p);
  c.updates = c.items;
  return c;
}
// One hash-table lookup per word, at random in a table of about 33 000
// distinct words (the built-in text's vocabulary and numbers): the fast
// backends' table (inline_word_table.hpp) holds those of up to 16 bytes, all
// but a handful, in 65 536 slots of 24 bytes and a control byte each, about
// 1.6 MB per thread. The built-in text averages 5.64 bytes a word,
// separator included (33 554 432 bytes, 5 944 748 words).
Cost wordcount_cost(const Params& p) {
  Cost c = bytes_cost(p);
  c.random_reads = c.items / 5.64;
  c.table_bytes = 65536.0 * 25;
  return c;
}
Cost stats_cost(const Params& p) {
  const double n = static_cast<double>(p.count("size"));
  // Pass 1: add, min, max; pass 2: subtract, add, fused multiply-add (2).
  return {.items = n, .bytes_read = 4 * n, .flops64 = 7 * n, .footprint = 4 * n};
}

// An input of one part: the stream (a file, files, or built-in bytes) under `part`.
Data with_stream(std::string_view part, Stream s) {
  Data d;
  d.set<Stream>(part, std::move(s));
  return d;
}
Data bytes_from_file(const Stream& file, const Params&) { return with_stream("bytes", file); }
Data text_from_file(const Stream& file, const Params&) { return with_stream("text", file); }
Data values_from_file(const Stream& file, const Params&) { return with_stream("values", file); }
Data generated_bytes(const Params& p) {
  return with_stream("bytes", memory_source("built-in text", english_like_text(p.count("size"), p.seed)));
}

const Register kHistogram{{.name = "histogram",
                           .family = "mapreduce",
                           .summary = "256-bin histogram of bytes (exact 64-bit counts)",
                           .options = {size_option(double(1 << 26), "bytes of built-in English-like text")},
                           .cost = histogram_cost,
                           .checks = {{Check::exact, 0}},
                           .generate = generated_bytes,
                           .read_file = bytes_from_file,
                           .command = "histogram",
                           .variants = variants({{Backend::openmp, histogram_openmp},
                                                 {Backend::scalar, histogram_scalar}})}};

const Register kWordcount{
    {.name = "wordcount",
     .family = "mapreduce",
     .summary = "words, distinct words and the commonest (runs of letters, digits and UTF-8; case folded)",
     .options = {size_option(double(1 << 25), "bytes of built-in English-like text"),
                 {.name = "top", .type = OptionType::integer, .fallback = 10, .min = 0, .max = 1000000,
                  .help = "how many of the commonest words to list (ties: by the word's bytes)"},
                 {.name = "all", .type = OptionType::flag, .fallback = 0, .min = 0, .max = 1,
                  .help = "also list every word and its count"}},
     .cost = wordcount_cost,
     .checks = {{Check::exact, 0}},
     .generate = generated_text,
     .read_file = text_from_file,
     .command = "wordcount",
     .variants = variants({{Backend::openmp, wordcount_openmp},
                           {Backend::simd, wordcount_simd},
                           {Backend::scalar, wordcount_scalar}})}};

// Mean and variance: the backends add the same blocks in the same order, but
// within a block in a different order (SIMD lanes); the error of a block's
// two-pass sums is a few units of 1e-16 of the block's magnitude.
constexpr double kStatsRelative = 1e-10;

const Register kStats{{.name = "stats",
                       .family = "mapreduce",
                       .summary = "count, mean, variance, min and max of float32 values (blocks merged by Chan's update)",
                       .options = {size_option(double(1 << 24), "built-in float32 values (1e4 + uniform [0, 1))")},
                       .cost = stats_cost,
                       .checks = {{Check::exact, 0, "count"},
                                  {Check::exact, 0, "nan"},
                                  {Check::relative, kStatsRelative, "mean"},
                                  {Check::relative, kStatsRelative, "variance"},
                                  {Check::exact, 0, "min"},
                                  {Check::exact, 0, "max"}},
                       .generate = generated_values,
                       .read_file = values_from_file,
                       .command = "stats",
                       .variants = variants({{Backend::openmp, stats_openmp},
                                             {Backend::simd, stats_simd},
                                             {Backend::scalar, stats_scalar}})}};

}  // namespace
}  // namespace parlab::mapreduce
