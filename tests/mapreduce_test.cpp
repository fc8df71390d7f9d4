// The map-reduce family beyond the registry tests (every backend against the
// scalar reference at awkward sizes): counts against a straightforward
// reference written here, words cut by a chunk border at every position,
// empty and wordless inputs, words longer than a chunk, binary data, case and
// UTF-8; the same result for any thread count and chunk size; statistics
// against a float64 reference on ill-conditioned data; files and
// directories, with the paths that fail.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include "backend_param.hpp"
#include "cpu/mapreduce/split_map_reduce.hpp"
#include "cpu/mapreduce/stats_simd.hpp"
#include "cpu/mapreduce/words.hpp"
#include "cpu/mapreduce/words_simd.hpp"
#include "parlab/file_set.hpp"
#include "parlab/progress.hpp"
#include "parlab/registry.hpp"
#include "pipelines/io/async_file_set.hpp"
#include "runtime/simd/dispatch.hpp"
#include "runtime/simd/isa.hpp"
#include "scratch_dir.hpp"

namespace parlab::test {
using namespace parlab::mapreduce;  // the family under test
namespace {

std::vector<std::byte> bytes_of(std::string_view s) {
  const auto* p = reinterpret_cast<const std::byte*>(s.data());
  return {p, p + s.size()};
}

// The reference: split on anything that is not a letter, a digit or a byte
// >= 0x80, lower ASCII letters, count in a std::map. Written independently
// of words.hpp.
std::map<std::string, std::uint64_t> reference_words(std::string_view text) {
  std::map<std::string, std::uint64_t> m;
  std::string w;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const unsigned char c = i < text.size() ? static_cast<unsigned char>(text[i]) : ' ';
    if (std::isalnum(c) && c < 0x80) {
      w += static_cast<char>(std::tolower(c));
    } else if (c >= 0x80) {
      w += static_cast<char>(c);
    } else if (!w.empty()) {
      ++m[w];
      w.clear();
    }
  }
  return m;
}

// A kernel's output for a stream, on one backend.
Data run_on(std::string_view kernel, Backend b, Stream s, int threads = 0, bool all = true) {
  const Kernel& k = find_kernel(kernel);
  Params p = k.defaults();
  p.threads = threads;
  if (kernel == "wordcount") p.set("all", all ? 1 : 0).set("top", 5);
  Data out;
  Spans spans;
  k.variant(b)(k.read_file(s, p), out, p, spans);
  return out;
}

Stream memory(std::string_view text, std::size_t chunk) { return memory_source("text", bytes_of(text), chunk); }

// Every backend's word count of `text` read in chunks of `chunk`, against the reference.
void expect_words(std::string_view text, std::size_t chunk, const std::string& what) {
  const auto want = reference_words(text);
  std::uint64_t total = 0;
  for (const auto& [w, n] : want) total += n;
  for (Backend b : {Backend::scalar, Backend::simd, Backend::openmp}) {
    for (std::size_t isa : runnable_isas()) {
      const simd::ScopedIsa scoped(isa);
      const Data out = run_on("wordcount", b, memory(text, chunk), b == Backend::openmp ? 3 : 0);
      ASSERT_EQ(out.get<std::uint64_t>("words"), total) << what << " on " << to_string(b);
      ASSERT_EQ(out.get<std::uint64_t>("unique"), want.size()) << what << " on " << to_string(b);
      std::map<std::string, std::uint64_t> got;
      for (const KeyCount& kc : out.get<KeyCounts>("all")) got[kc.key] = kc.count;
      ASSERT_EQ(got, want) << what << " on " << to_string(b) << " ISA " << simd::compiled()[isa];
      if (b == Backend::scalar) break;  // no ISA
    }
  }
}

std::string random_text(std::size_t n, std::uint32_t seed, bool binary) {
  std::mt19937 g(seed);
  const std::string alphabet = "abcdeXYZ019  ,.\n\t-";
  const std::string utf8[] = {"é", "ß", "日本", "ü"};
  std::string s;
  while (s.size() < n) {
    const unsigned r = g() % 100;
    if (binary && r < 10)
      s += static_cast<char>(g() % 256);  // NUL and every other byte
    else if (r < 14)
      s += utf8[g() % 4];
    else
      s += alphabet[g() % alphabet.size()];
  }
  s.resize(n);  // may cut a UTF-8 sequence: bytes >= 0x80 are word bytes all the same
  return s;
}

TEST(Wordcount, RandomTextsOfAwkwardSizesMatchTheReferenceOnEveryBackend) {
  for (std::size_t n : {0u, 1u, 2u, 17u, 63u, 64u, 65u, 1000u, 70001u})
    for (std::size_t chunk : {1u, 7u, 64u, 4093u, 1u << 20})
      expect_words(random_text(n, static_cast<std::uint32_t>(n + chunk), n % 2 == 1), chunk,
                   "n=" + std::to_string(n) + " chunk=" + std::to_string(chunk));
}

TEST(Wordcount, AWordCutByAChunkBorderAtEveryPositionIsCountedOnce) {
  const std::string text = "one Twelveletters three, four\nfivefivefive six";
  for (std::size_t chunk = 1; chunk <= text.size() + 1; ++chunk) expect_words(text, chunk, "chunk " + std::to_string(chunk));
}

TEST(Wordcount, EmptyWordlessLongWordBinaryCaseAndUtf8) {
  expect_words("", 4096, "empty");
  expect_words(" ,.;\n\t--!!", 3, "no words");
  expect_words(std::string(100000, 'q') + " q " + std::string(100000, 'q'), 4096, "words longer than a chunk");
  expect_words(std::string("a\0b\0\0c", 6) + "\xff\xfe", 2, "NUL and high bytes");
  expect_words("Hello HELLO hello hElLo Straße STRASSE straße café CAFÉ", 5, "case and UTF-8");
}

// The fast backends hold words of up to 16 bytes in the table's slots
// (inline_word_table.hpp): words of every length around that border, words
// that differ only in their 16th or 17th byte or in a byte >= 0x80, prefixes
// of one another, and a word that ends the text, each counted exactly.
TEST(Wordcount, WordsAroundTheSixteenByteBorderAreKeptApart) {
  std::string text;
  for (std::size_t len = 1; len <= 40; ++len) {
    const std::string w(len, 'x');
    text += w + " " + w + "a " + w + "b " + w + "\xc3\xa9 ";
    if (len % 3 == 0) text += w + ", ";  // once more, for counts other than 1
  }
  text += std::string(15, 'z') + "\xff " + std::string(16, 'z') + " " + std::string(16, 'x');  // the last word ends the text
  for (std::size_t chunk : {1u, 7u, 64u, 4093u, 1u << 20}) expect_words(text, chunk, "chunk " + std::to_string(chunk));
}

TEST(Wordcount, TopKBreaksTiesByTheWordsBytes) {
  const Data out = run_on("wordcount", Backend::scalar, memory("b a c b a c d e f", 3));
  const KeyCounts& top = out.get<KeyCounts>("top");
  ASSERT_EQ(top.size(), 5u);
  EXPECT_EQ(top[0], (KeyCount{"a", 2}));
  EXPECT_EQ(top[1], (KeyCount{"b", 2}));
  EXPECT_EQ(top[2], (KeyCount{"c", 2}));
  EXPECT_EQ(top[3], (KeyCount{"d", 1}));
  EXPECT_EQ(top[4], (KeyCount{"e", 1}));
}

TEST(Wordcount, TheSameForAnyThreadCountAndChunkSize) {
  const Kernel& k = find_kernel("wordcount");
  Params p = k.defaults();
  p.set("size", 3e6).set("all", 1);
  const std::vector<std::byte> text = [&] {
    std::vector<std::byte> t;
    k.generate(p).get<Stream>("text")->for_each_chunk([&](auto c, auto) { t.insert(t.end(), c.begin(), c.end()); });
    return t;
  }();
  const Data want = run_on("wordcount", Backend::scalar, memory_source("t", text, 1 << 20));
  for (int threads : {1, 2, 7, 32})
    for (std::size_t chunk : {4093u, 65536u, 1u << 22}) {
      const Data got = run_on("wordcount", Backend::openmp, memory_source("t", text, chunk), threads);
      EXPECT_EQ(got.get<KeyCounts>("all"), want.get<KeyCounts>("all")) << threads << " threads, chunk " << chunk;
      EXPECT_EQ(got.get<std::uint64_t>("words"), want.get<std::uint64_t>("words"));
    }
}

// A map that throws in an OpenMP task (out of memory, in life): the error
// leaves map_reduce as the file's error, on any thread count, and no task
// maps into a table after one failed. Uncaught in the task, it ended the
// process.
TEST(MapReduce, AnErrorInAMapTaskIsTheFilesErrorNotTheEndOfTheProcess) {
  struct Count {
    std::uint64_t parts = 0;
    void merge(Count&& o) { parts += o.parts; }
  };
  std::string text;
  for (int i = 0; i < 200000; ++i) text += "word" + std::to_string(i) + " ";
  text += "boom ";
  for (int i = 0; i < 200000; ++i) text += "more" + std::to_string(i) + " ";
  const std::vector<std::byte> bytes(reinterpret_cast<const std::byte*>(text.data()),
                                     reinterpret_cast<const std::byte*>(text.data() + text.size()));
  for (int threads : {1, 2, 4})
    for (std::size_t chunk : {std::size_t{1} << 16, std::size_t{1} << 22}) {
      std::atomic<int> after_failure{0};
      std::atomic<bool> failed{false};
      auto map = [&](mapreduce::Bytes part, Count& c) {
        if (failed) ++after_failure;
        const std::string_view v(reinterpret_cast<const char*>(part.data()), part.size());
        if (v.find("boom") != std::string_view::npos) {
          failed = true;
          throw Error("t: boom");
        }
        ++c.parts;
      };
      EXPECT_THROW(mapreduce::map_reduce<Count>(*memory_source("t", bytes, chunk), threads, words::cut, map), Error)
          << threads << " threads, chunk " << chunk;
      // On one thread the tasks run one after another: none maps after the
      // failed one. On more, the parts handed out with the failed one may
      // start while its exception is on its way to the task's catch (a
      // thread preempted there lets the others take any number of them),
      // but no part of a later chunk is handed out: at most the parts of
      // the two pieces of one chunk (the carried word, the rest), 4 per
      // thread each (split()).
      if (threads == 1)
        EXPECT_EQ(after_failure.load(), 0) << "chunk " << chunk;
      else
        EXPECT_LE(after_failure.load(), 2 * 4 * threads) << threads << " threads, chunk " << chunk;
    }
}

TEST(WordTokens, EveryIsaFindsTheWordsOfTheScalarDefinition) {
  std::mt19937 g(7);
  for (std::size_t n : {0u, 1u, 15u, 16u, 63u, 64u, 65u, 127u, 128u, 129u, 1000u, 4099u}) {
    std::vector<unsigned char> in(n);
    for (auto& c : in) c = static_cast<unsigned char>(g() % 3 ? "aZ9 .\x80"[g() % 6] : g() % 256);
    for (std::size_t isa : runnable_isas()) {
      std::vector<char> lowered(n);
      std::vector<std::uint32_t> bounds(n + 1);
      const std::size_t words = simd::kernel<WordTokens>(isa)(in.data(), n, lowered.data(), bounds.data());
      std::vector<std::string> got, want;
      for (std::size_t w = 0; w < words; ++w)
        got.emplace_back(lowered.data() + bounds[2 * w], bounds[2 * w + 1] - bounds[2 * w]);
      words::for_each_word(std::span(reinterpret_cast<const std::byte*>(in.data()), n),
                           [&](std::string_view w) { want.emplace_back(w); });
      EXPECT_EQ(got, want) << "n=" << n << " ISA " << simd::compiled()[isa];
    }
  }
}

// ---- Histogram.

Counts reference_histogram(const std::string& s) {
  Counts h(256, 0);
  for (unsigned char c : s) ++h[c];
  return h;
}

TEST(Histogram, ConstantDataAllValuesAndRandomBytesOnEveryThreadCount) {
  std::string all;
  for (int r = 0; r < 3; ++r)
    for (int v = 0; v < 256; ++v) all += static_cast<char>(v);
  const std::string inputs[] = {"", std::string(1, 'x'), std::string(1 << 20, 'e'), all, random_text(300007, 3, true)};
  for (const std::string& s : inputs) {
    const Counts want = reference_histogram(s);
    for (std::size_t chunk : {1u, 4093u, 1u << 20})
      for (int threads : {1, 2, 5, 7}) {
        if (chunk == 1 && s.size() > 10000) continue;  // a million one-byte chunks prove nothing more
        const Data got = run_on("histogram", Backend::openmp, memory(s, chunk), threads);
        ASSERT_EQ(got.get<Counts>("histogram"), want) << s.size() << " bytes, chunk " << chunk << ", " << threads;
        ASSERT_EQ(got.get<std::uint64_t>("bytes"), s.size());
      }
    EXPECT_EQ(run_on("histogram", Backend::scalar, memory(s, 4093)).get<Counts>("histogram"), want);
  }
  // All 256 values, three times each.
  const Counts h = run_on("histogram", Backend::openmp, memory(all, 100), 2).get<Counts>("histogram");
  EXPECT_TRUE(std::all_of(h.begin(), h.end(), [](std::uint64_t c) { return c == 3; }));
}

// ---- Stats.

Stream floats_stream(const std::vector<float>& x, std::size_t chunk) {
  std::vector<std::byte> b(x.size() * 4);
  if (!b.empty()) std::memcpy(b.data(), x.data(), b.size());
  return memory_source("values", std::move(b), chunk);
}

TEST(Stats, IllConditionedDataMatchesAFloat64TwoPassReference) {
  // A large mean and a tiny spread: the textbook sum(x^2) - n mean^2 loses
  // every digit here (in float64, 1e12 * 1e-16 = 1e-4 of absolute error on a
  // variance of 1e-3).
  std::mt19937 g(11);
  std::normal_distribution<float> noise(0.0f, 0.03f);
  for (std::size_t n : {1u, 2u, 3u, 4095u, 4096u, 4097u, 100003u}) {
    std::vector<float> x(n);
    for (float& v : x) v = 1e6f + noise(g);
    long double mean = 0, m2 = 0;
    for (float v : x) mean += v;
    mean /= n;
    for (float v : x) m2 += (v - mean) * (v - mean);
    const double var = n > 1 ? static_cast<double>(m2 / (n - 1)) : NAN;
    for (Backend b : {Backend::scalar, Backend::simd, Backend::openmp})
      for (std::size_t isa : runnable_isas()) {
        const simd::ScopedIsa scoped(isa);
        const Data out = run_on("stats", b, floats_stream(x, 4093), 3);
        EXPECT_EQ(out.get<std::uint64_t>("count"), n);
        EXPECT_NEAR(out.get<double>("mean"), static_cast<double>(mean), 1e-12 * 1e6) << n << " " << to_string(b);
        if (n > 1) {
          EXPECT_NEAR(out.get<double>("variance"), var, 1e-9 * var + 1e-12) << n << " " << to_string(b);
        }
        EXPECT_EQ(out.get<double>("min"), *std::min_element(x.begin(), x.end()));
        EXPECT_EQ(out.get<double>("max"), *std::max_element(x.begin(), x.end()));
      }
    }
}

TEST(Stats, TheSameBitsForAnyThreadCountAndChunkSize) {
  std::vector<float> x(300001);
  std::mt19937 g(5);
  for (float& v : x) v = std::uniform_real_distribution<float>(-1e3f, 1e5f)(g);
  const Data want = run_on("stats", Backend::openmp, floats_stream(x, 1 << 22), 1);
  for (int threads : {2, 3, 16})
    for (std::size_t chunk : {4u, 4093u, 65536u}) {
      const Data got = run_on("stats", Backend::openmp, floats_stream(x, chunk), threads);
      EXPECT_EQ(got.get<double>("mean"), want.get<double>("mean")) << threads << " threads, chunk " << chunk;
      EXPECT_EQ(got.get<double>("variance"), want.get<double>("variance")) << threads << " threads, chunk " << chunk;
    }
}

// The SIMD blocks on every ISA, with NaNs where the unrolled loop, the
// single batches and the scalar tail read them: the first pass runs without
// NaN tests and must notice a NaN and read the block again with them.
TEST(Stats, SimdBlocksCountNansWhereverTheyStandOnEveryIsa) {
  std::mt19937 g(11);
  for (std::size_t n : std::vector<std::size_t>{1, 7, 37, 100, 4093, 4096}) {
    std::vector<float> clean(n);
    for (float& v : clean) v = std::uniform_real_distribution<float>(-5.0f, 100.0f)(g);
    const std::vector<std::vector<std::size_t>> nan_sets = {
        {}, {0}, {n - 1}, {n / 2}, {1, 2, 3, 70, n - 2}, {33, 34, 35, 36, 37, 38, 39, 40}};
    for (const auto& at : nan_sets) {
      std::vector<float> x = clean;
      for (std::size_t i : at)
        if (i < n) x[i] = NAN;
      std::uint64_t count = 0;
      long double sum = 0;
      double lo = INFINITY, hi = -INFINITY;
      for (float v : x)
        if (!std::isnan(v)) ++count, sum += v, lo = std::min(lo, double(v)), hi = std::max(hi, double(v));
      const long double mean = count ? sum / count : 0;
      long double m2 = 0;
      for (float v : x)
        if (!std::isnan(v)) m2 += (v - mean) * (v - mean);
      for (std::size_t isa : runnable_isas()) {
        SCOPED_TRACE(std::string(simd::compiled()[isa]) + ", n " + std::to_string(n) + ", " +
                     std::to_string(at.size()) + " NaN positions");
        const mapreduce::Moments m = simd::kernel<mapreduce::BlockMoments>(isa)(x.data(), n);
        EXPECT_EQ(m.n, count);
        EXPECT_EQ(m.nan, n - count);
        if (count == 0) continue;
        EXPECT_EQ(m.min, lo);
        EXPECT_EQ(m.max, hi);
        EXPECT_NEAR(m.mean, static_cast<double>(mean), 1e-12 * std::fabs(static_cast<double>(mean)));
        EXPECT_NEAR(m.m2, static_cast<double>(m2), 1e-10 * static_cast<double>(m2) + 1e-9);
      }
    }
  }
}

TEST(Stats, NanIsCountedAndLeftOutEmptyIsNan) {
  const std::vector<float> x = {1.0f, NAN, 3.0f, NAN};
  for (Backend b : {Backend::scalar, Backend::simd, Backend::openmp}) {
    const Data out = run_on("stats", b, floats_stream(x, 7), 2);
    EXPECT_EQ(out.get<std::uint64_t>("count"), 4u);
    EXPECT_EQ(out.get<std::uint64_t>("nan"), 2u);
    EXPECT_EQ(out.get<double>("mean"), 2.0);
    EXPECT_EQ(out.get<double>("variance"), 2.0);
    EXPECT_EQ(out.get<double>("min"), 1.0);
    EXPECT_EQ(out.get<double>("max"), 3.0);
    const Data none = run_on("stats", b, floats_stream({}, 7), 2);
    EXPECT_EQ(none.get<std::uint64_t>("count"), 0u);
    EXPECT_TRUE(std::isnan(none.get<double>("mean")));
  }
}

// An infinity is a value: the mean is what IEEE arithmetic gives sum / n
// (+-inf, NaN when both signs occur) and the variance NaN (numpy: mean inf,
// var nan); it used to print mean -nan and variance 0 with check "ok". Also
// across blocks (4096 values each): infinities in two blocks, merged.
TEST(Stats, InfinitiesGiveTheIeeeMeanAndANanVarianceOnEveryBackend) {
  const float inf = INFINITY;
  std::vector<float> long_one(3 * 4096 + 17, 1.5f);
  long_one[5000] = inf;
  long_one[9000] = inf;
  std::vector<float> both = long_one;
  both[12000] = -inf;
  struct Case {
    std::vector<float> x;
    double mean;  // NaN: both signs
    double min, max;
  };
  const std::vector<Case> cases = {{{1, 2, inf, 3}, inf, 1, inf},
                                   {{-inf, 2, NAN}, -inf, -inf, 2},
                                   {{inf}, inf, inf, inf},
                                   {{1, -inf, inf}, NAN, -inf, inf},
                                   {long_one, inf, 1.5, inf},
                                   {both, NAN, -inf, inf}};
  for (const Case& c : cases)
    for (Backend b : {Backend::scalar, Backend::simd, Backend::openmp}) {
      SCOPED_TRACE(std::string(to_string(b)) + ", " + std::to_string(c.x.size()) + " values");
      const Data out = run_on("stats", b, floats_stream(c.x, 4096), 2);
      const double mean = out.get<double>("mean");
      if (std::isnan(c.mean))
        EXPECT_TRUE(std::isnan(mean)) << mean;
      else
        EXPECT_EQ(mean, c.mean);
      EXPECT_TRUE(std::isnan(out.get<double>("variance"))) << out.get<double>("variance");
      EXPECT_EQ(out.get<double>("min"), c.min);
      EXPECT_EQ(out.get<double>("max"), c.max);
    }
}

// ---- Files and directories.

class Files : public ScratchDir {
 protected:
  std::string write(const std::string& name, std::string_view text) {
    const auto p = dir_ / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
};

TEST_F(Files, DirectoriesAreWalkedInNameOrderAndLinkLoopsAndSpecialFilesReported) {
  write("b/2.txt", "two");
  write("b/1.txt", "one");
  write("a.txt", "zero");
  std::filesystem::create_directory_symlink("..", dir_ / "b" / "up");  // a loop
  ASSERT_EQ(::mkfifo((dir_ / "fifo").c_str(), 0600), 0);
  const Listing l = list_files({dir_.string(), (dir_ / "missing").string(), "/dev/null"});
  ASSERT_EQ(l.files.size(), 3u);
  EXPECT_EQ(l.files[0], (dir_ / "a.txt").string());
  EXPECT_EQ(l.files[1], (dir_ / "b/1.txt").string());
  EXPECT_EQ(l.files[2], (dir_ / "b/2.txt").string());
  EXPECT_EQ(l.bytes, 10u);
  ASSERT_EQ(l.problems.size(), 4u);
  auto has = [&](const std::string& what) {
    return std::any_of(l.problems.begin(), l.problems.end(), [&](const std::string& p) { return p.find(what) != std::string::npos; });
  };
  EXPECT_TRUE(has("up: a symbolic link loop"));
  EXPECT_TRUE(has("fifo: a named pipe (FIFO), not read"));
  EXPECT_TRUE(has("missing: No such file or directory"));
  EXPECT_TRUE(has("/dev/null: a character device, not read"));
}

TEST_F(Files, WordsDoNotJoinAcrossFilesAndAFileThatFailsAddsNothing) {
  const std::string a = write("a.txt", "abc"), b = write("b.txt", "def abc");
  const std::string gone = write("gone.txt", "never counted");
  const std::string odd = write("odd.f32", "12345");  // not a whole number of floats
  auto set = std::make_shared<FileSet>("set", list_files({a, gone, b}), 2);
  std::filesystem::remove(gone);  // removed between listing and reading
  for (Backend backend : {Backend::scalar, Backend::simd, Backend::openmp}) {
    const Data out = run_on("wordcount", backend, set, 2);
    EXPECT_EQ(out.get<std::uint64_t>("words"), 3u) << to_string(backend);
    EXPECT_EQ(out.get<KeyCounts>("top")[0], (KeyCount{"abc", 2}));
  }
  const auto problems = set->problems();
  ASSERT_EQ(problems.size(), 1u);  // reported once, however many runs
  EXPECT_EQ(problems[0], gone + ": No such file or directory");

  std::vector<float> one = {2.5f};
  const std::string good = write("good.f32", std::string(reinterpret_cast<const char*>(one.data()), 4));
  auto values = std::make_shared<FileSet>("values", list_files({odd, good}));
  const Data s = run_on("stats", Backend::openmp, values, 2);
  EXPECT_EQ(s.get<std::uint64_t>("count"), 1u);
  EXPECT_EQ(s.get<double>("mean"), 2.5);
  ASSERT_EQ(values->problems().size(), 1u);
  EXPECT_NE(values->problems()[0].find(odd + ": 1 byte(s) left over"), std::string::npos) << values->problems()[0];
}

// The map-reduce commands read through the async read stage: every method
// gives what FileSet gives, with 2-byte and 4 KiB chunks, empty files, a
// file removed after listing and one that is not whole floats.
TEST_F(Files, TheAsyncFileSetCountsWhatFileSetCounts) {
  std::mt19937 g(5);
  const char* words[] = {"the", "of", "Zebra", "naïve", "x", "42", "end."};
  std::vector<std::string> paths;
  for (int i = 0; i < 30; ++i) {
    std::string text;
    const int n = i % 6 == 0 ? 0 : static_cast<int>(g() % 600);
    for (int w = 0; w < n; ++w) {
      text += words[g() % 7];
      text += g() % 5 ? ' ' : '\n';
    }
    std::string name = std::to_string(100 + i);
    name += ".txt";
    paths.push_back(write(name, text));
  }
  const std::string gone = write("gone.txt", "never counted");
  paths.insert(paths.begin() + 7, gone);
  for (std::size_t chunk : {std::size_t{2}, std::size_t{4096}}) {
    const auto want = run_on("wordcount", Backend::openmp, std::make_shared<FileSet>("set", list_files(paths), chunk), 2);
    for (io::Method m : {io::Method::io_uring, io::Method::blocking, io::Method::sequential}) {
      SCOPED_TRACE(std::string(io::to_string(m)) + ", chunk " + std::to_string(chunk));
      auto set = std::make_shared<io::AsyncFileSet>("set", list_files(paths), m, chunk);
      if (chunk == 4096 && m == io::Method::io_uring) std::filesystem::remove(gone);  // between listing and reading
      for (Backend b : {Backend::scalar, Backend::openmp}) {
        const Data got = run_on("wordcount", b, set, 2);
        if (std::filesystem::exists(gone)) {
          EXPECT_EQ(got.get<std::uint64_t>("words"), want.get<std::uint64_t>("words"));
          EXPECT_EQ(got.get<KeyCounts>("top"), want.get<KeyCounts>("top"));
        }
      }
      if (!std::filesystem::exists(gone)) {
        ASSERT_EQ(set->problems().size(), 1u);
        EXPECT_EQ(set->problems()[0], gone + ": No such file or directory");
      } else {
        EXPECT_TRUE(set->problems().empty());
      }
    }
  }
  const std::string odd = write("odd.f32", "12345");
  std::vector<float> one = {2.5f};
  const std::string good = write("good.f32", std::string(reinterpret_cast<const char*>(one.data()), 4));
  auto values = std::make_shared<io::AsyncFileSet>("values", list_files({odd, good}));
  const Data st = run_on("stats", Backend::openmp, values, 2);
  EXPECT_EQ(st.get<std::uint64_t>("count"), 1u);
  ASSERT_EQ(values->problems().size(), 1u);
  EXPECT_NE(values->problems()[0].find(odd + ": 1 byte(s) left over"), std::string::npos) << values->problems()[0];
}

TEST_F(Files, AnUnreadableFileOrDirectoryIsReportedAndTheRestCounted) {
  if (::geteuid() == 0) {
    // Permissions do not stop root from reading: the test runs again as
    // nobody, in a process of its own (a fork would inherit OpenMP's threads).
    if (std::system("command -v setpriv >/dev/null 2>&1") != 0) GTEST_SKIP() << "running as root, and no setpriv to run as nobody";
    char self[4096] = {};
    ASSERT_GT(::readlink("/proc/self/exe", self, sizeof self - 1), 0);
    const std::string again = std::string("setpriv --reuid=65534 --regid=65534 --clear-groups ") + self +
                              " --gtest_filter=Files.AnUnreadableFileOrDirectoryIsReportedAndTheRestCounted >/dev/null";
    EXPECT_EQ(std::system(again.c_str()), 0) << again;
    return;
  }
  const std::string ok = write("ok.txt", "counted");
  const std::string locked = write("locked/x.txt", "hidden");
  const std::string secret = write("secret.txt", "hidden");
  std::filesystem::permissions(secret, std::filesystem::perms::none);
  std::filesystem::permissions(dir_ / "locked", std::filesystem::perms::none);
  auto set = std::make_shared<FileSet>("set", list_files({ok, (dir_ / "locked").string(), secret}));
  const Data out = run_on("wordcount", Backend::openmp, set, 2);
  EXPECT_EQ(out.get<std::uint64_t>("words"), 1u);
  EXPECT_EQ(set->problems().size(), 2u);
}

// ---- Byte ranges of one file, as ranks read a large file (file_set.hpp).

// The words of `path` read as the byte ranges that end at `cuts` (offsets,
// multiples of kRangeAlign), each range through `open`, the pieces counted
// with the teaching tokenizer and the range borders joined as the ranks join
// them (map_joined_edges: with one process, the edges gathered are these).
template <class ForEachRange>
std::map<std::string, std::uint64_t> words_by_ranges(ForEachRange for_each_range) {
  std::map<std::string, std::uint64_t> counted;
  auto count = [&](Bytes b) { words::for_each_word(b, [&](std::string_view w) { ++counted[std::string(w)]; }); };
  std::vector<Edges> edges;
  for_each_range([&](const Source& range) { for_each_piece(range, words::cut, count, [] {}, edges); });
  map_joined_edges(edges, [&](const std::string&, Bytes b) { count(b); });
  return counted;
}

std::vector<Range> ranges_at(std::uint64_t size, const std::vector<std::uint64_t>& cuts) {
  std::vector<Range> r;
  std::uint64_t at = 0;
  for (std::size_t i = 0; i <= cuts.size(); ++i) {
    const std::uint64_t end = i < cuts.size() ? cuts[i] : size;
    r.push_back({.file = 3, .begin = at, .end = end, .starts_file = at == 0, .ends_file = end == size});
    at = end;
  }
  return r;
}

TEST_F(Files, ByteRangesCountAWordCutByTheirBordersOnceWithEveryReader) {
  constexpr std::uint64_t M = kRangeAlign;
  std::mt19937 g(9);
  const char* words[] = {"the", "of", "Zebra", "naïve", "x", "42"};
  std::string text;
  while (text.size() < 4 * M + 777) {
    text += words[g() % 6];
    text += g() % 4 ? " " : ",\n";
  }
  text.resize(4 * M + 777);
  std::fill(text.begin() + M - M / 10, text.begin() + 2 * M + M / 10, 'q');  // a word longer than the range [1, 2) MiB
  text.replace(3 * M - 1, 5, " word");                                      // a cut just after a space
  text.replace(4 * M - 2, 4, "é ");                                        // a cut inside a character
  const std::string path = write("big.txt", text);
  const auto want = reference_words(text);
  for (const std::vector<std::uint64_t>& cuts : std::vector<std::vector<std::uint64_t>>{
           {M, 2 * M, 3 * M, 4 * M}, {2 * M}, {M, 3 * M}, {4 * M}}) {
    const std::vector<Range> ranges = ranges_at(text.size(), cuts);
    SCOPED_TRACE(std::to_string(ranges.size()) + " ranges");
    for (std::size_t chunk : {std::size_t{4096}, std::size_t{1} << 20}) {
      EXPECT_EQ(words_by_ranges([&](auto each) {
                  for (const Range& r : ranges) each(*open_range(path, r, chunk));
                }),
                want);
    }
    Listing l;
    for (const Range& r : ranges) {
      l.files.push_back(path);
      l.sizes.push_back(text.size());
      l.ranges.push_back(r);
    }
    l.bytes = text.size();
    for (io::Method m : {io::Method::io_uring, io::Method::blocking, io::Method::sequential}) {
      SCOPED_TRACE(io::to_string(m));
      const io::AsyncFileSet set("big", l, m, 64 << 10);
      EXPECT_EQ(words_by_ranges([&](auto each) { set.for_each_file(each); }), want);
      EXPECT_TRUE(set.problems().empty());
    }
  }
  // Without the joining, the words cut by the borders are lost or split:
  // the test can tell.
  std::map<std::string, std::uint64_t> unjoined;
  std::vector<Edges> dropped;
  for (const Range& r : ranges_at(text.size(), {M, 2 * M, 3 * M, 4 * M}))
    for_each_piece(*open_range(path, r), words::cut,
                   [&](Bytes b) { words::for_each_word(b, [&](std::string_view w) { ++unjoined[std::string(w)]; }); },
                   [] {}, dropped);
  EXPECT_NE(unjoined, want);
}

TEST_F(Files, AByteRangePastTheEndOfAFileThatShrankIsItsError) {
  const std::string path = write("short.txt", "only these bytes");
  const Range r{.begin = 5, .end = 40, .starts_file = false, .ends_file = false};
  try {
    open_range(path, r);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), path + ": shorter (16 bytes) than when it was listed");
  }
  const auto five = open_range(path, {.begin = 5, .end = 10, .starts_file = false, .ends_file = false});
  EXPECT_EQ(five->size(), 5u);
  EXPECT_EQ(read_all(*five, 100), bytes_of("these"));
  Listing l;
  l.files = {path};
  l.sizes = {40};
  l.ranges = {r};
  for (io::Method m : {io::Method::io_uring, io::Method::blocking, io::Method::sequential}) {
    const io::AsyncFileSet set("short", l, m);
    set.for_each_file([](const Source&) { ADD_FAILURE() << "a range of a file too short was handed out"; });
    ASSERT_EQ(set.problems().size(), 1u) << io::to_string(m);
    EXPECT_EQ(set.problems()[0], path + ": shorter (16 bytes) than when it was listed");
  }
}

}  // namespace
}  // namespace parlab::test

namespace parlab::test {
using namespace parlab::mapreduce;  // the family under test
namespace {

// Hands out `text` in chunks and asks for a stop once `stop_after` chunks
// have been handed out, as Ctrl-C would.
class StoppingSource final : public Source {
 public:
  StoppingSource(std::string text, std::size_t chunk, int stop_after)
      : text_(std::move(text)), chunk_(chunk), stop_after_(stop_after) {}
  const std::string& name() const override { return name_; }
  std::optional<std::uint64_t> size() const override { return text_.size(); }
  std::size_t chunk_bytes() const override { return chunk_; }
  void for_each_chunk(const Chunk& chunk) const override {
    int handed = 0;
    for (std::size_t at = 0; at < text_.size(); at += chunk_) {
      if (handed++ == stop_after_) progress::request_stop();
      chunk(std::as_bytes(std::span(text_).subspan(at, std::min(chunk_, text_.size() - at))), at);
    }
  }

 private:
  std::string name_ = "stopping", text_;
  std::size_t chunk_;
  int stop_after_;
};

TEST(MapReduce, AStopKeepsWhatWasCountedAndLeavesNoTaskBehind) {
  const std::string text = random_text(200000, 9, false);
  const std::size_t chunk = 10007;
  for (Backend b : {Backend::scalar, Backend::simd, Backend::openmp}) {
    const Data out = run_on("wordcount", b, std::make_shared<StoppingSource>(text, chunk, 3), 2);
    progress::clear_stop();
    // Three chunks were mapped, up to the last byte that is not part of a word.
    const std::string_view done = std::string_view(text).substr(0, 3 * chunk);
    const std::size_t end = words::cut(std::as_bytes(std::span(done.data(), done.size())));
    std::uint64_t want = 0;
    for (const auto& [w, n] : reference_words(done.substr(0, end))) want += n;
    EXPECT_EQ(out.get<std::uint64_t>("words"), want) << to_string(b);
  }
}

}  // namespace
}  // namespace parlab::test
