// The pieces of the kernel interface on their own: options, data, sources.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <thread>

#include "core/access_probes.hpp"
#include "parlab/data.hpp"
#include "parlab/data_json.hpp"
#include "parlab/options.hpp"
#include "parlab/registry.hpp"
#include "parlab/roofs.hpp"
#include "parlab/source.hpp"
#include "runtime/error.hpp"

namespace parlab::test {
namespace {

// ---- Options: every type, its range, and the one-line reason.
std::string usage_error(const Option& o, const char* text) {
  try {
    parse_option(o, text);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

TEST(Options, CountsTakeIntegersPowersAndScientific) {
  const Option n{.name = "size", .type = OptionType::count, .fallback = 8, .min = 0, .max = kMaxCount, .help = "n"};
  EXPECT_EQ(parse_option(n, "1000000"), 1e6);
  EXPECT_EQ(parse_option(n, "2^26"), 67108864);
  EXPECT_EQ(parse_option(n, "1e8"), 1e8);
  EXPECT_EQ(parse_option(n, "0"), 0);
  for (const char* bad : {"-1", "2.5", "lots", "", "1e", "2^", "^3", "nan", "inf", "1e300", "0x10", "1,000"})
    EXPECT_NE(usage_error(n, bad).find(std::string("--size '") + bad + "'"), std::string::npos) << bad;
  EXPECT_EQ(usage_error(n, "1e300"), "--size '1e300': out of range (allowed: 0..2^53)");
}

TEST(Options, RealsAndIntegersWithinTheirRange) {
  const Option sigma{.name = "sigma", .type = OptionType::real, .fallback = 1, .min = 0, .max = 1000, .help = "s",
                     .min_exclusive = true};
  EXPECT_EQ(parse_option(sigma, "2.5"), 2.5);
  EXPECT_EQ(parse_option(sigma, "1000"), 1000);
  EXPECT_EQ(usage_error(sigma, "0"), "--sigma '0': out of range (allowed: > 0 and <= 1000)");
  EXPECT_NE(usage_error(sigma, "1e10").find("out of range"), std::string::npos);
  EXPECT_NE(usage_error(sigma, "nan").find("not a finite number"), std::string::npos);
  const Option r{.name = "radius", .type = OptionType::integer, .fallback = 4, .min = -1, .max = 4096, .help = "r"};
  EXPECT_EQ(parse_option(r, "-1"), -1);
  EXPECT_EQ(usage_error(r, "1.5"), "--radius '1.5': not an integer");
  EXPECT_EQ(usage_error(r, "4097"), "--radius '4097': out of range (allowed: -1..4096)");
}

TEST(Options, Flags) {
  const Option f{.name = "antithetic", .type = OptionType::flag, .fallback = 0, .min = 0, .max = 1, .help = "a"};
  for (const char* yes : {"1", "true", "yes", "on"}) EXPECT_EQ(parse_option(f, yes), 1) << yes;
  for (const char* no : {"0", "false", "no", "off"}) EXPECT_EQ(parse_option(f, no), 0) << no;
  EXPECT_NE(usage_error(f, "maybe").find("not a flag"), std::string::npos);
  EXPECT_EQ(format_option(f, 1), "true");
}

TEST(Options, ParamsHoldDeclaredOptionsOnly) {
  const std::vector<Option> decl = {
      {.name = "size", .type = OptionType::count, .fallback = 1024, .min = 0, .max = kMaxCount, .help = "n"},
      {.name = "sigma", .type = OptionType::real, .fallback = 1.5, .min = 0, .max = 10, .help = "s"}};
  Params p(decl);
  EXPECT_EQ(p.count("size"), 1024u);
  EXPECT_EQ(p.real("sigma"), 1.5);
  p.set("size", 7);
  EXPECT_EQ(p.count("size"), 7u);
  EXPECT_THROW(p.real("radius"), Error);
  EXPECT_THROW(p.set("radius", 1), Error);
  EXPECT_EQ(to_text(p), "size=7 sigma=1.5");
  EXPECT_EQ(to_json(p).dump(), R"({"sigma":1.5,"size":7})");
}

// ---- Data: named parts of several kinds.
TEST(Data, PartsByNameAndKind) {
  Data d;
  d.set("sum", 2.5);
  d.set("count", std::uint64_t{42});
  d.set("pi", Estimate{3.14, 0.01, 100});
  EXPECT_EQ(d.get<double>("sum"), 2.5);
  EXPECT_EQ(d.get<std::uint64_t>("count"), 42u);
  EXPECT_THROW(d.get<double>("count"), Error) << "another kind";
  EXPECT_THROW(d.get<double>("missing"), Error);
  d.put<Floats>("sum").push_back(1.0f);  // put replaces a part of another kind
  EXPECT_EQ(d.get<Floats>("sum").size(), 1u);
  EXPECT_EQ(d.parts().size(), 3u);
  EXPECT_EQ(d.parts()[0].name, "sum") << "parts keep their order";
  EXPECT_EQ(to_text(d), "count=42, pi=3.14 ± 0.01 (95%: 3.12040036..3.15959964, n=100)") << "bulk parts are not printed";
  EXPECT_EQ(to_json(d)["count"], 42);
}

// ---- Sources: every byte once, in order, in bounded chunks.
std::string collect(const Source& s, std::size_t* chunks = nullptr) {
  std::string all;
  std::uint64_t expected_offset = 0;
  s.for_each_chunk([&](std::span<const std::byte> c, std::uint64_t offset) {
    EXPECT_EQ(offset, expected_offset);
    EXPECT_LE(c.size(), s.chunk_bytes());
    EXPECT_GT(c.size(), 0u);
    all.append(reinterpret_cast<const char*>(c.data()), c.size());
    expected_offset += c.size();
    if (chunks) ++*chunks;
  });
  return all;
}

std::vector<std::byte> bytes_of(const std::string& s) {
  std::vector<std::byte> v(s.size());
  std::memcpy(v.data(), s.data(), s.size());
  return v;
}

TEST(Source, MemoryInChunks) {
  const std::string text = "the quick brown fox jumps over the lazy dog";
  for (std::size_t chunk : {1u, 2u, 7u, 43u, 44u, 1000u}) {
    std::size_t n = 0;
    const auto s = memory_source("text", bytes_of(text), chunk);
    EXPECT_EQ(collect(*s, &n), text) << chunk;
    EXPECT_EQ(n, (text.size() + chunk - 1) / chunk);
    EXPECT_EQ(collect(*s), text) << "a second pass starts again";
  }
  EXPECT_EQ(collect(*memory_source("empty", {}, 16)), "");
}

class SourceFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("parlab_src_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string p(const char* n) const { return (dir_ / n).string(); }
  std::filesystem::path dir_;
};

TEST_F(SourceFiles, FileInChunksWithItsSize) {
  std::string text;
  for (int i = 0; i < 10000; ++i) text += static_cast<char>('a' + i % 26);
  std::ofstream(p("f.txt"), std::ios::binary) << text;
  for (std::size_t chunk : {std::size_t{1}, std::size_t{4096}, std::size_t{9999}, std::size_t{10000}, std::size_t{10001}, std::size_t{4} << 20}) {
    const auto s = open_file(p("f.txt"), chunk);
    EXPECT_EQ(s->size(), 10000u);
    EXPECT_EQ(collect(*s), text) << chunk;
  }
  std::ofstream(p("empty"));
  EXPECT_EQ(collect(*open_file(p("empty"))), "");
  EXPECT_EQ(read_all(*open_file(p("f.txt")), 10000).size(), 10000u);
}

TEST_F(SourceFiles, PipesHaveNoSizeAndStillArriveWhole) {
  ASSERT_EQ(::mkfifo(p("fifo").c_str(), 0600), 0);
  const std::string text(100000, 'x');
  std::thread writer([&] { std::ofstream(p("fifo"), std::ios::binary) << text; });
  const auto s = open_file(p("fifo"), 4096);
  EXPECT_FALSE(s->size().has_value());
  EXPECT_EQ(collect(*s), text);
  writer.join();
  EXPECT_THROW(collect(*s), Error) << "a pipe cannot be read twice";
}

TEST_F(SourceFiles, ErrorsNameTheFile) {
  auto error_of = [](auto f) -> std::string {
    try {
      f();
    } catch (const Error& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_NE(error_of([&] { open_file(p("missing")); }).find(p("missing") + ": No such file"), std::string::npos);
  EXPECT_NE(error_of([&] { open_file(dir_.string()); }).find("is a directory"), std::string::npos);
  std::ofstream(p("big"), std::ios::binary) << std::string(5000, 'b');
  EXPECT_NE(error_of([&] { read_all(*open_file(p("big")), 4999); }).find(p("big") + ": larger than 4999 bytes"),
            std::string::npos);
}

// The limit a run is set against follows the threads it ran on: openmp at
// one thread meets the one-thread roofs (as simd does), at more the
// all-threads ones; memory or compute, whichever takes longer, binds.
TEST(Roofs, OpenmpAtOneThreadIsSetAgainstTheOneThreadRoofs) {
  Roofline r;
  r.threads = 4;
  r.one_thread = {.read = 10, .copy = 8, .triad = 9};      // GB/s
  r.all_threads = {.read = 40, .copy = 30, .triad = 35};
  r.compute_one_thread = {.fp32 = 100, .fp64 = 50, .int32_mul = 20};  // G operations/s
  r.compute_all_threads = {.fp32 = 400, .fp64 = 200, .int32_mul = 80};
  const Cost memory_bound{.items = 1, .bytes_read = 1e9, .bytes_written = 1e9, .flops32 = 1e9};
  EXPECT_DOUBLE_EQ(limit(memory_bound, Backend::simd, r).seconds, 0.2);  // 2e9 bytes at 10 GB/s
  EXPECT_DOUBLE_EQ(limit(memory_bound, Backend::openmp, r, 1).seconds, 0.2);
  EXPECT_DOUBLE_EQ(limit(memory_bound, Backend::openmp, r, 4).seconds, 0.05);
  EXPECT_DOUBLE_EQ(limit(memory_bound, Backend::openmp, r).seconds, 0.05);  // 0: all threads
  EXPECT_EQ(limit(memory_bound, Backend::openmp, r, 1).roof, "memory");
  const Cost compute_bound{.items = 1, .bytes_read = 1e6, .flops64 = 1e10};
  EXPECT_DOUBLE_EQ(limit(compute_bound, Backend::openmp, r, 1).seconds, 0.2);  // 1e10 at 50 G/s
  EXPECT_DOUBLE_EQ(limit(compute_bound, Backend::openmp, r, 4).seconds, 0.05);
  EXPECT_EQ(limit(compute_bound, Backend::openmp, r, 1).roof, "fp64");
}

// The update probe's tables hold, value by value, exactly `passes` times the
// count of each index, whatever the length (here not a multiple of the
// tables) and whichever table each increment went to.
TEST(AccessProbes, UpdatesAddUpToTheirClosedForm) {
  std::mt19937 rng(7);
  for (std::size_t n : {0u, 1u, 7u, 8u, 1003u}) {
    std::vector<std::uint8_t> idx(n);
    for (auto& b : idx) b = static_cast<std::uint8_t>(rng());
    std::vector<std::uint64_t> want(256, 0);
    for (auto b : idx) want[b] += 3;
    access::Tables t;
    access::count_updates(idx.data(), n, 3, t);
    ASSERT_EQ(t.size(), std::size_t{access::kTables} * 256);
    for (int v = 0; v < 256; ++v) {
      std::uint64_t sum = 0;
      for (int k = 0; k < access::kTables; ++k) sum += t[static_cast<std::size_t>(k * 256 + v)];
      EXPECT_EQ(sum, want[static_cast<std::size_t>(v)]) << "n " << n << ", value " << v;
    }
  }
}

// Independent reads over a table with entry j = j * kFill sum to kFill times
// the sum of the indices, which index_sum computes without a load; a table
// with one entry changed no longer does (the check can fail).
TEST(AccessProbes, IndependentReadsSumToTheirIndicesTimesTheFill) {
  const std::uint64_t entries = 4096, reads = 8 * 1000 + 3;  // the 3 past a multiple of the streams are not read
  std::vector<std::uint64_t> table(entries);
  for (std::uint64_t j = 0; j < entries; ++j) table[j] = j * access::kFill;
  const std::uint64_t want = access::index_sum(entries, reads, 5) * access::kFill;
  EXPECT_EQ(access::independent_reads(table.data(), entries, reads, 5), want);
  EXPECT_NE(access::index_sum(entries, reads, 5), access::index_sum(entries, reads, 6));
  for (auto& x : table) x += 1;  // every read now adds one more
  EXPECT_EQ(access::independent_reads(table.data(), entries, reads, 5), want + 8 * 1000);
}

// The dependent chase follows one cycle through every line: `lines` steps
// from any line come back to it, no line is met twice on the way, k steps
// from cycle.at(i) land on cycle.at(i + k), and position() inverts at().
TEST(AccessProbes, TheChaseVisitsEveryLineOnceBeforeItRepeats) {
  for (std::uint64_t lines : {1u, 2u, 8u, 1024u, 1u << 17}) {
    std::vector<std::uint64_t> table(lines * access::kLine);
    const access::Cycle cycle(lines, 11);
    cycle.write(table.data());
    for (std::uint64_t k = 0; k < lines; ++k) ASSERT_EQ(cycle.position(cycle.at(k)), k) << "of " << lines;
    std::vector<bool> seen(lines, false);
    std::uint64_t at = cycle.at(0);
    for (std::uint64_t s = 0; s < lines; ++s, at = access::chase(table.data(), at, 1)) {
      ASSERT_FALSE(seen[at]) << "line " << at << " met twice in a cycle of " << lines;
      seen[at] = true;
    }
    EXPECT_EQ(at, cycle.at(0));
    for (std::uint64_t i : {std::uint64_t{0}, lines / 3, lines - 1})
      EXPECT_EQ(access::chase(table.data(), cycle.at(i), 2 * lines + 17), cycle.at(i + 2 * lines + 17));
  }
  // Not the identity, nor a stride a prefetcher follows: consecutive steps
  // of a large cycle jump by many different distances.
  const access::Cycle cycle(1 << 20, 3);
  std::set<std::uint64_t> strides;
  for (std::uint64_t k = 0; k < 1000; ++k) strides.insert((cycle.at(k + 1) - cycle.at(k)) & ((1 << 20) - 1));
  EXPECT_GT(strides.size(), 900u);
}

// Increments and random reads bind a run when they take longer than its
// bytes and flops; random reads are judged at the rate of a table of their
// size, interpolated between the probed sizes on log scales.
TEST(Roofs, UpdatesAndRandomReadsBindWhenTheyTakeLongest) {
  Roofline r;
  r.threads = 2;
  r.one_thread = {.read = 10, .copy = 10, .triad = 10};
  r.all_threads = {.read = 20, .copy = 20, .triad = 20};
  r.access_one_thread = {.updates = 2, .random = {{.footprint = 32 << 10, .reads = 4}, {.footprint = 128 << 10, .reads = 1}}};
  r.access_all_threads = {.updates = 4, .random = {{.footprint = 32 << 10, .reads = 8}, {.footprint = 128 << 10, .reads = 2}}};
  const Cost histogram{.items = 1e9, .bytes_read = 1e9, .updates = 1e9};
  EXPECT_DOUBLE_EQ(limit(histogram, Backend::scalar, r).seconds, 0.5);  // 1e9 at 2 G/s, over 0.1 s of memory
  EXPECT_EQ(limit(histogram, Backend::scalar, r).roof, "updates");
  EXPECT_DOUBLE_EQ(limit(histogram, Backend::openmp, r).seconds, 0.25);
  const Cost lookups{.items = 1e9, .bytes_read = 1e9, .random_reads = 1e9, .table_bytes = 64 << 10};
  EXPECT_NEAR(limit(lookups, Backend::simd, r).seconds, 0.5, 1e-12);  // halfway on log scales: 2 G reads/s
  EXPECT_EQ(limit(lookups, Backend::simd, r).roof, "random reads");
  Cost small = lookups, huge = lookups;
  small.table_bytes = 1024;
  huge.table_bytes = 1e12;
  EXPECT_DOUBLE_EQ(limit(small, Backend::simd, r).seconds, 0.25);  // the smallest probed table's rate
  EXPECT_DOUBLE_EQ(limit(huge, Backend::simd, r).seconds, 1.0);    // the largest's
  EXPECT_EQ(limit(Cost{.items = 1, .bytes_read = 1e10, .updates = 1e9}, Backend::scalar, r).roof, "memory");
}

}  // namespace
}  // namespace parlab::test
