// The table format fits a terminal: the digest of the results (kernel,
// backend, threads, times, rate, GFLOP/s, % of the limit, bound, speed-up,
// check) and the checks in words, within 120 columns for `parlab compare all`;
// --wide, JSON and CSV give every field, and JSON does not change.
#include "cli.hpp"

namespace clitest {
namespace {

// Small sizes for every kernel (options a kernel does not declare are ignored by `compare all`).
const std::string kSmall =
    "--size 2^12 --width 61 --height 37 --samples 1e4 --paths 2000 --steps 12 --roof-repeat 1 --repeat 1";

std::size_t widest(const std::string& text) {
  std::size_t w = 0, line = 0;
  for (char c : text) {
    if (c == '\n') {
      w = std::max(w, line);
      line = 0;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {  // a UTF-8 character, not a continuation byte
      ++line;
    }
  }
  return std::max(w, line);
}

TEST(CliTable, CompareAllFitsA120ColumnTerminalAndWideGivesEveryColumn) {
  const Outcome o = parlab("compare all " + kSmall, "COLUMNS=120");
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_LE(widest(o.out), 120u) << o.out;
  for (const char* column : {"kernel_ms", "rate", "GFLOP/s", "% limit", "bound", "speedup", "Checks and values"})
    EXPECT_NE(o.out.find(column), std::string::npos) << column << "\n" << o.out;
  EXPECT_EQ(o.out.find("samples_ms"), std::string::npos) << "the digest leaves out the runs";

  // Narrower: titles wrap at the width (a table's rows can only be as narrow as their columns).
  const Outcome narrow = parlab("compare reduce_sum --size 2^12 --roof-repeat 1 --repeat 1", "COLUMNS=80");
  ASSERT_EQ(narrow.code, 0) << narrow.err;
  std::istringstream lines(narrow.out);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("  ", 0) != 0) {
      EXPECT_LE(widest(line), 80u) << line;
    }

  const Outcome wide = parlab("compare reduce_sum --size 2^12 --roof-repeat 1 --repeat 1 --wide", "COLUMNS=80");
  ASSERT_EQ(wide.code, 0) << wide.err;
  for (const char* column : {"samples_ms", "kernel_samples_ms", "limit_ms", "params", "pct_of_limit"})
    EXPECT_NE(wide.out.find(column), std::string::npos) << column;
  EXPECT_EQ(wide.out.find("Checks and values"), std::string::npos);
}

TEST(CliTable, JsonAndCsvKeepEveryFieldAndNoDigest) {
  const Outcome j = parlab("run reduce_sum --size 1000 --repeat 2 --format json");
  ASSERT_EQ(j.code, 0) << j.err;
  const auto doc = nlohmann::json::parse(j.out);
  EXPECT_FALSE(doc.contains("summary"));
  EXPECT_FALSE(doc.contains("checks"));
  std::set<std::string> keys;
  for (const auto& [k, v] : doc["results"][0].items()) keys.insert(k);
  EXPECT_EQ(keys, (std::set<std::string>{"kernel", "backend", "threads", "size", "time_ms", "kernel_ms", "GB/s",
                                         "GFLOP/s", "pct_of_limit", "bound", "speedup", "value", "check", "params",
                                         "note", "samples_ms", "kernel_samples_ms", "limit_ms", "bytes", "flops", "updates", "random_reads",
                                         "table_bytes"}));
  const Outcome c = parlab("run reduce_sum --size 1000 --repeat 2 --format csv");
  ASSERT_EQ(c.code, 0) << c.err;
  EXPECT_NE(c.out.find("kernel,backend,threads,size,time_ms"), std::string::npos) << c.out;
  EXPECT_EQ(c.out.find("# table: summary"), std::string::npos) << c.out;
}

TEST(CliTable, ListFitsAndItsJsonHasEveryBackend) {
  const Outcome o = parlab("list", "COLUMNS=120");
  ASSERT_EQ(o.code, 0) << o.err;
  EXPECT_LE(widest(o.out), 120u) << o.out;
  const Outcome j = parlab("list --format json");
  ASSERT_EQ(j.code, 0) << j.err;
  const auto rows = nlohmann::json::parse(j.out)["kernels"];
  ASSERT_FALSE(rows.empty());
  for (const char* column : {"cuda", "openmp", "simd", "scalar", "options", "files", "summary"})
    EXPECT_TRUE(rows[0].contains(column)) << column;
}

}  // namespace
}  // namespace clitest
