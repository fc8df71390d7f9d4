// A family that exists only in this file: registering it here, and nowhere
// else, puts it in the registry, the registry tests (every backend, every
// ISA, awkward sizes), the option parser and the file runner. That is the
// proof that adding a family edits nothing outside its own files.
//
// It also produces every kind of result (a count, a histogram, a table, an
// estimate) and is checked every way (exact against the reference,
// statistical against a closed form), from an input that streams in chunks.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "parlab/data_json.hpp"
#include "parlab/files.hpp"
#include "parlab/registry.hpp"
#include "parlab/runner.hpp"
#include "runtime/error.hpp"
#include "runtime/openmp.hpp"

namespace parlab::test {
namespace {

// ---- The fake family: byte statistics of a stream.

// Bytes from the seed: splitmix64, 8 bytes per step.
Data random_bytes(const Params& p) {
  std::vector<std::byte> bytes(p.count("size"));
  std::uint64_t state = p.seed;
  for (std::size_t i = 0; i < bytes.size(); i += 8) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    for (std::size_t k = 0; k < 8 && i + k < bytes.size(); ++k) bytes[i + k] = std::byte(z >> (8 * k));
  }
  Data d;
  // Small chunks, so every run crosses many chunk borders.
  d.set<Stream>("bytes", memory_source("random bytes", std::move(bytes), 4093));
  return d;
}

Data from_file(const Stream& file, const Params&) {
  Data d;
  d.set<Stream>("bytes", file);
  return d;
}

// Histogram -> the outputs: total, histogram, the top-K byte values, and the
// mean byte with its standard error.
void finish(const Counts& h, const Params& p, Data& out) {
  std::uint64_t n = 0;
  double sum = 0, sum2 = 0;
  for (int v = 0; v < 256; ++v) {
    n += h[v];
    sum += double(v) * h[v];
    sum2 += double(v) * v * h[v];
  }
  KeyCounts top;
  for (int v = 0; v < 256; ++v)
    if (h[v]) top.push_back({std::to_string(v), h[v]});
  std::stable_sort(top.begin(), top.end(), [](const KeyCount& a, const KeyCount& b) { return a.count > b.count; });
  top.resize(std::min<std::size_t>(top.size(), p.integer("top")));
  const double mean = n ? sum / n : 0, var = n > 1 ? (sum2 - n * mean * mean) / (n - 1) : 0;
  out.set("bytes", n);
  out.set("histogram", h);
  out.set("top", top);
  out.set("mean", Estimate{mean, std::sqrt(var / std::max<double>(n, 1)), n});
}

// scalar: one byte at a time.
void count_scalar(const Data& in, Data& out, const Params& p, Spans&) {
  Counts h(256, 0);
  in.get<Stream>("bytes")->for_each_chunk([&](std::span<const std::byte> c, std::uint64_t) {
    for (std::byte b : c) ++h[std::to_integer<int>(b)];
  });
  finish(h, p, out);
}

// "simd": four histograms, so consecutive equal bytes do not wait on each other.
void count_unrolled(const Data& in, Data& out, const Params& p, Spans&) {
  std::array<Counts, 4> h;
  h.fill(Counts(256, 0));
  in.get<Stream>("bytes")->for_each_chunk([&](std::span<const std::byte> c, std::uint64_t) {
    for (std::size_t i = 0; i < c.size(); ++i) ++h[i % 4][std::to_integer<int>(c[i])];
  });
  for (int k = 1; k < 4; ++k)
    for (int v = 0; v < 256; ++v) h[0][v] += h[k][v];
  finish(h[0], p, out);
}

// openmp: each chunk split over threads, per-thread histograms added in thread order.
void count_openmp(const Data& in, Data& out, const Params& p, Spans&) {
  const int threads = openmp::threads(p.threads);
  std::vector<Counts> h(threads, Counts(256, 0));
  in.get<Stream>("bytes")->for_each_chunk([&](std::span<const std::byte> c, std::uint64_t) {
#pragma omp parallel num_threads(threads)
    {
      const std::size_t t = openmp::thread_index(), T = openmp::team_size();
      for (std::size_t i = c.size() * t / T; i < c.size() * (t + 1) / T; ++i) ++h[t][std::to_integer<int>(c[i])];
    }
  });
  for (int t = 1; t < threads; ++t)
    for (int v = 0; v < 256; ++v) h[0][v] += h[t][v];
  finish(h[0], p, out);
}

// Uniform random bytes have mean 127.5: a closed form for the estimate.
Data uniform_mean(const Params&) {
  Data d;
  d.set("mean", 127.5);
  return d;
}

Cost byte_cost(const Params& p) {
  const double n = static_cast<double>(p.count("size"));
  return {.items = n, .bytes_read = n, .bytes_written = 256 * 8, .footprint = n};
}

const Register kFake{{
    .name = "fake_bytes",
    .family = "fake",
    .summary = "byte histogram, top byte values and mean byte of a stream (a test family)",
    .options = {{.name = "size", .type = OptionType::count, .fallback = 100000, .min = 1, .max = 1e9,
                 .help = "bytes of the built-in stream", .builtin_input = true, .scales = true},
                {.name = "top", .type = OptionType::integer, .fallback = 3, .min = 1, .max = 256,
                 .help = "how many of the most frequent byte values to list"}},
    .cost = byte_cost,
    .checks = {{Check::exact, 0, "bytes"},
               {Check::exact, 0, "histogram"},
               {Check::exact, 0, "top"},
               {Check::exact, 0, "mean"},
               {Check::statistical, 6, "mean", uniform_mean}},
    .generate = random_bytes,
    .read_file = from_file,
    .variants = variants({{Backend::openmp, count_openmp}, {Backend::simd, count_unrolled}, {Backend::scalar, count_scalar}}),
}};

// ---- What the family gets without writing any of it.

TEST(FakeFamily, IsInTheRegistryWithItsBackends) {
  const Kernel& k = find_kernel("fake_bytes");
  EXPECT_EQ(k.family, "fake");
  EXPECT_TRUE(k.has(Backend::scalar) && k.has(Backend::simd) && k.has(Backend::openmp));
  EXPECT_FALSE(k.has(Backend::cuda));
}

TEST(FakeFamily, HasItsRegistryTests) {
  // register_registry_tests() ran before this: it found the family by itself.
  int found = 0;
  const auto* unit = ::testing::UnitTest::GetInstance();
  for (int i = 0; i < unit->total_test_suite_count(); ++i) {
    const auto* suite = unit->GetTestSuite(i);
    for (int j = 0; j < suite->total_test_count(); ++j)
      found += std::string(suite->GetTestInfo(j)->name()).rfind("fake_bytes_", 0) == 0;
  }
  EXPECT_GE(found, 3 * 4) << "scalar (it has an oracle), simd and openmp, at four sizes";
}

TEST(FakeFamily, ComparedOnEveryBackendWithEveryCheck) {
  const Kernel& k = find_kernel("fake_bytes");
  Params p = k.defaults();
  p.set("size", 1 << 20);
  const Backend backends[] = {Backend::openmp, Backend::simd, Backend::scalar};
  const auto results = compare(k, backends, {p, 1}, nullptr);
  ASSERT_EQ(results.size(), 3u);
  for (const Result& r : results) {
    EXPECT_TRUE(r.verdict.ok) << to_string(r.backend) << ": " << r.verdict.detail;
    EXPECT_NE(r.verdict.detail.find("mean:"), std::string::npos) << r.verdict.detail;
    EXPECT_EQ(r.output.get<std::uint64_t>("bytes"), 1u << 20);
    EXPECT_EQ(r.cost.items, double(1 << 20));
  }
}

TEST(FakeFamily, OptionsAreParsedFromItsDeclarations) {
  const Kernel& k = find_kernel("fake_bytes");
  EXPECT_EQ(parse_option(*k.option("top"), "10"), 10);
  EXPECT_THROW(parse_option(*k.option("top"), "0"), UsageError);
  EXPECT_THROW(parse_option(*k.option("top"), "2.5"), UsageError);
  EXPECT_EQ(parse_option(*k.option("size"), "2^20"), double(1 << 20));
  try {
    parse_option(*k.option("size"), "2e9");
    FAIL();
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(), "--size '2e9': out of range (allowed: 1..1000000000)");
  }
}

TEST(FakeFamily, KnownAnswersFromAFile) {
  const auto path = std::filesystem::temp_directory_path() / ("parlab_fake_" + std::to_string(::getpid()));
  std::ofstream(path, std::ios::binary) << "abracadabra";
  const Kernel& k = find_kernel("fake_bytes");
  for (Backend b : {Backend::scalar, Backend::simd, Backend::openmp}) {
    const FileRun r = run_on_file(k, b, k.defaults(), path.string(), "");
    SCOPED_TRACE(std::string(to_string(b)));
    EXPECT_EQ(r.output.get<std::uint64_t>("bytes"), 11u);
    EXPECT_EQ(r.output.get<Counts>("histogram")['a'], 5u);
    EXPECT_EQ(r.output.get<Counts>("histogram")['r'], 2u);
    const KeyCounts top{{"97", 5}, {"98", 2}, {"114", 2}};  // a, then b and r (ties in byte order)
    EXPECT_EQ(r.output.get<KeyCounts>("top"), top);
  }
  std::filesystem::remove(path);
  EXPECT_THROW(run_on_file(k, Backend::scalar, k.defaults(), path.string(), ""), Error) << "a missing file";
}

TEST(FakeFamily, EveryKindPrintsNaturallyInJson) {
  const Kernel& k = find_kernel("fake_bytes");
  Params p = k.defaults();
  p.set("size", 1000);
  Data out;
  Spans spans;
  k.variant(Backend::scalar)(k.generate(p), out, p, spans);
  const nlohmann::json j = to_json(out);
  EXPECT_TRUE(j["bytes"].is_number_unsigned());
  EXPECT_EQ(j["bytes"], 1000);
  ASSERT_TRUE(j["histogram"].is_array());
  EXPECT_EQ(j["histogram"].size(), 256u);
  ASSERT_TRUE(j["top"].is_array());
  EXPECT_TRUE(j["top"][0]["key"].is_string());
  EXPECT_TRUE(j["top"][0]["count"].is_number_unsigned());
  EXPECT_TRUE(j["mean"]["value"].is_number_float());
  EXPECT_TRUE(j["mean"]["std_error"].is_number_float());
  EXPECT_EQ(j["mean"]["samples"], 1000);
  const nlohmann::json params = to_json(p);
  EXPECT_TRUE(params["size"].is_number_integer());
  EXPECT_EQ(params["top"], 3);
}

}  // namespace
}  // namespace parlab::test
