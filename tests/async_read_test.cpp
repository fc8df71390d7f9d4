// The async read stage (pipelines/io/async_read.hpp): every method reads every byte
// of files of awkward sizes, keeps each file's chunks in order, never holds
// more than the cap, reports a bad file with its name and goes on, and stops
// cleanly.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>

#include "parlab/progress.hpp"
#include "pipelines/io/async_read.hpp"
#include "runtime/error.hpp"
#include "scratch_dir.hpp"

namespace parlab::test {
namespace {

using io::Method;

std::uint64_t fnv1a(std::uint64_t h, std::span<const std::byte> bytes) {
  for (std::byte b : bytes) h = (h ^ static_cast<std::uint64_t>(b)) * 0x100000001b3ull;
  return h;
}
constexpr std::uint64_t kFnvStart = 0xcbf29ce484222325ull;

// What a read gave, file by file: a running hash of its bytes in the order
// they came, and whether each chunk started where the last one ended.
struct Seen {
  std::map<std::size_t, std::uint64_t> hash, bytes;
  std::map<std::size_t, int> last;
  std::map<std::size_t, std::string> errors;
  bool in_order = true;
};

class AsyncRead : public ScratchDir, public ::testing::WithParamInterface<Method> {
 protected:
  // A file of `n` random bytes; returns its hash.
  // "x17": a file name (built without operator+, which GCC 12 warns about in tests).
  static std::string numbered(const char* prefix, int i) {
    std::string s = prefix;
    s += std::to_string(i);
    return s;
  }
  std::uint64_t write(const std::string& name, std::size_t n, unsigned seed = 1) {
    std::vector<std::byte> b(n);
    std::mt19937 g(seed);
    for (std::byte& x : b) x = static_cast<std::byte>(g());
    std::ofstream(at(name), std::ios::binary).write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(n));
    return fnv1a(kFnvStart, b);
  }
  io::ReadOptions options(std::size_t chunk = 4096, std::size_t cap = std::size_t{64} << 20) const {
    io::ReadOptions o;
    o.method = GetParam();
    o.chunk_bytes = chunk;
    o.max_in_flight = cap;
    return o;
  }
  io::ReadStats read(const std::vector<std::string>& paths, const io::ReadOptions& o, Seen& s,
                     const std::function<void(const io::Chunk&)>& also = {}) {
    return io::read_files(
        paths, o,
        [&](const io::Chunk& c) {
          if (c.offset != s.bytes[c.file]) s.in_order = false;
          s.hash.try_emplace(c.file, kFnvStart);
          s.hash[c.file] = fnv1a(s.hash[c.file], c.bytes);
          s.bytes[c.file] += c.bytes.size();
          s.last[c.file] += c.last;
          if (also) also(c);
        },
        [&](std::size_t file, const std::string& why) { s.errors[file] = why; });
  }
};

TEST_P(AsyncRead, EveryByteOfAwkwardSizesInOrder) {
  const std::vector<std::size_t> sizes = {0, 1, 4095, 4096, 4097, (std::size_t{64} << 20) + 1};
  std::vector<std::string> paths;
  std::vector<std::uint64_t> want;
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    want.push_back(write(numbered("f", static_cast<int>(i)), sizes[i], static_cast<unsigned>(i + 1)));
    paths.push_back(at(numbered("f", static_cast<int>(i))));
  }
  for (std::size_t chunk : {std::size_t{4096}, std::size_t{1} << 20}) {
    Seen s;
    const io::ReadStats st = read(paths, options(chunk), s);
    EXPECT_EQ(st.files_ok, sizes.size());
    EXPECT_EQ(st.files_failed, 0u);
    EXPECT_TRUE(s.in_order);
    EXPECT_TRUE(s.errors.empty());
    for (std::size_t i = 0; i < sizes.size(); ++i) {
      EXPECT_EQ(s.bytes[i], sizes[i]) << "file " << i << ", chunk " << chunk;
      EXPECT_EQ(s.hash[i], want[i]) << "file " << i << ", chunk " << chunk;
      EXPECT_EQ(s.last[i], 1) << "file " << i << ": one last chunk";
    }
  }
}

TEST_P(AsyncRead, BytesHeldNeverPassTheCap) {
  std::vector<std::string> paths;
  for (int i = 0; i < 200; ++i) {
    write(numbered("s", static_cast<int>(i)), 10000 + static_cast<std::size_t>(i), static_cast<unsigned>(i));
    paths.push_back(at(numbered("s", static_cast<int>(i))));
  }
  write("big", 3 << 20);
  paths.push_back(at("big"));
  for (std::size_t cap : {std::size_t{4096}, std::size_t{3 * 4096}, std::size_t{1} << 20}) {
    Seen s;
    const io::ReadStats st = read(paths, options(4096, cap), s);
    EXPECT_EQ(st.files_ok, paths.size());
    EXPECT_TRUE(s.in_order);
    EXPECT_LE(st.peak_in_flight, cap) << "cap " << cap;
    EXPECT_GT(st.peak_in_flight, 0u);
  }
}

TEST_P(AsyncRead, ABadFileIsReportedByNameAndTheRestAreRead) {
  write("a", 5000);
  write("c", 7000);
  std::filesystem::create_directory(at("dir"));
  ::mkfifo(at("fifo").c_str(), 0600);
  const std::vector<std::string> paths = {at("a"), at("missing"), at("dir"), at("fifo"), at("c")};
  Seen s;
  const io::ReadStats st = read(paths, options(), s);
  EXPECT_EQ(st.files_ok, 2u);
  EXPECT_EQ(st.files_failed, 3u);
  EXPECT_EQ(s.bytes[0], 5000u);
  EXPECT_EQ(s.bytes[4], 7000u);
  ASSERT_EQ(s.errors.size(), 3u);
  EXPECT_EQ(s.errors[1], at("missing") + ": No such file or directory");
  EXPECT_EQ(s.errors[2], at("dir") + ": is a directory");
  EXPECT_NE(s.errors[3].find(at("fifo") + ": not a regular file"), std::string::npos);
}

TEST_P(AsyncRead, FilesRemovedOrTruncatedAfterListingAndTruncatedWhileRead) {
  write("removed", 100);
  write("truncated", 50000);
  write("shrinks", 5 * 4096);
  const std::vector<std::string> paths = {at("removed"), at("truncated"), at("shrinks")};
  std::filesystem::remove(at("removed"));               // between listing and reading
  std::filesystem::resize_file(at("truncated"), 1234);  // the same: read as it is now
  Seen s;
  // One chunk in flight at a time, so the next read of `shrinks` starts
  // after its first chunk was handed on, and the file is cut in between.
  const io::ReadStats st = read(paths, options(4096, 4096), s, [&](const io::Chunk& c) {
    if (c.file == 2 && c.offset == 0) ::truncate(at("shrinks").c_str(), 4096 + 10);
  });
  EXPECT_EQ(s.errors[0], at("removed") + ": No such file or directory");
  EXPECT_EQ(s.bytes[1], 1234u);
  EXPECT_EQ(s.errors.count(1), 0u);
  EXPECT_EQ(s.errors[2], at("shrinks") + ": changed while being read (ended at 4106 of 20480 bytes)");
  EXPECT_EQ(st.files_ok, 1u);
  EXPECT_EQ(st.files_failed, 2u);
}

TEST_P(AsyncRead, TwoThousandSmallFiles) {
  std::vector<std::string> paths;
  std::uint64_t total = 0;
  for (int i = 0; i < 2000; ++i) {
    const std::size_t n = static_cast<std::size_t>(i % 97) * 31;
    write(numbered("t", static_cast<int>(i)), n, static_cast<unsigned>(i));
    paths.push_back(at(numbered("t", static_cast<int>(i))));
    total += n;
  }
  Seen s;
  const io::ReadStats st = read(paths, options(), s);
  EXPECT_EQ(st.files_ok, 2000u);
  EXPECT_EQ(st.bytes, total);
  EXPECT_EQ(s.last.size(), 2000u);
}

TEST_P(AsyncRead, AStopOrAnErrorInTheConsumerEndsTheReadCleanly) {
  std::vector<std::string> paths;
  for (int i = 0; i < 50; ++i) {
    write(numbered("x", static_cast<int>(i)), 20000);
    paths.push_back(at(numbered("x", static_cast<int>(i))));
  }
  Seen s;
  int chunks = 0;
  const io::ReadStats st = read(paths, options(4096, 8 * 4096), s, [&](const io::Chunk&) {
    if (++chunks == 10) progress::request_stop();
  });
  progress::clear_stop();
  EXPECT_TRUE(st.stopped);
  EXPECT_LT(st.files_ok, 50u);
  EXPECT_THROW(read(paths, options(), s, [](const io::Chunk&) { throw Error("consumer failed"); }), Error);
}

TEST_P(AsyncRead, TheMethodThatRanIsNamed) {
  write("a", 10);
  Seen s;
  const io::ReadStats st = read({at("a")}, options(), s);
  if (GetParam() == Method::io_uring && st.method != Method::io_uring) {
    EXPECT_NE(st.how.find("io_uring cannot be set up here ("), std::string::npos) << st.how;
    GTEST_SKIP() << "io_uring is not available here: " << st.how;
  }
  EXPECT_EQ(st.method, GetParam());
  EXPECT_EQ(st.how.rfind(io::to_string(GetParam()), 0), 0u) << st.how;
}

TEST_P(AsyncRead, InOrderHandsOnOneFileAfterAnother) {
  std::vector<std::string> paths;
  std::vector<std::uint64_t> want;
  for (int i = 0; i < 120; ++i) {
    const std::size_t n = i % 7 == 0 ? 0 : static_cast<std::size_t>((i * 7919) % 50000);
    want.push_back(write(numbered("o", i), n, static_cast<unsigned>(i)));
    paths.push_back(at(numbered("o", i)));
  }
  paths[50] = at("missing");  // an error in line keeps its place too
  for (std::size_t cap : {std::size_t{4096}, std::size_t{64} << 10}) {
    io::ReadOptions o = options(4096, cap);
    o.in_order = true;
    std::vector<std::size_t> order;  // the file of every chunk or error, as handed on
    Seen s;
    const io::ReadStats st = read(paths, o, s, [&](const io::Chunk& c) { order.push_back(c.file); });
    EXPECT_EQ(st.files_ok, 119u);
    EXPECT_EQ(st.files_failed, 1u);
    EXPECT_TRUE(std::is_sorted(order.begin(), order.end())) << "cap " << cap;
    EXPECT_EQ(std::set<std::size_t>(order.begin(), order.end()).size(), 119u);  // every file but the missing one
    for (std::size_t i = 0; i < paths.size(); ++i)
      if (i != 50) {
        EXPECT_EQ(s.hash[i], want[i]) << i;
      }
    EXPECT_EQ(s.errors.count(50), 1u);
    if (GetParam() == Method::blocking) {
      EXPECT_LE(st.peak_in_flight, cap + 4096);  // the file being handed on may read one chunk beyond
    } else {
      EXPECT_LE(st.peak_in_flight, cap);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Methods, AsyncRead, ::testing::Values(Method::io_uring, Method::blocking, Method::sequential),
                         [](const auto& info) { return std::string(io::to_string(info.param)); });

TEST(AsyncReadMethod, TheEnvironmentOverridesAndABadValueIsAUsageError) {
  ::setenv("PARLAB_IO", "sequential", 1);
  EXPECT_EQ(io::choose_method(Method::io_uring).first, Method::sequential);
  ::setenv("PARLAB_IO", "threads", 1);
  EXPECT_THROW(io::choose_method(Method::io_uring), UsageError);
  ::unsetenv("PARLAB_IO");
  EXPECT_EQ(io::choose_method(Method::blocking).first, Method::blocking);
  EXPECT_THROW(io::parse_method("uring", "--io"), UsageError);
}

}  // namespace
}  // namespace parlab::test
