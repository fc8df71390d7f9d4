#include "parlab/gantt.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace parlab::gantt {
namespace {

std::string duration(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, s < 1 ? "%.1f ms" : "%.2f s", s < 1 ? s * 1e3 : s);
  return buf;
}

struct Extent {
  std::int64_t lo = 0, hi = 0;
};
Extent extent(const std::vector<Row>& rows) {
  bool any = false;
  Extent e;
  for (const Row& r : rows)
    for (const Bar& b : r.bars) {
      e.lo = any ? std::min(e.lo, b.start_ns) : b.start_ns;
      e.hi = any ? std::max(e.hi, b.end_ns) : b.end_ns;
      any = true;
    }
  return e;
}

// Legend letters in order of first appearance: A..Z, then a..z, then digits.
char letter(std::size_t i) {
  static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return i < 62 ? k[i] : '#';
}

}  // namespace

double seconds(const std::vector<Row>& rows) {
  const Extent e = extent(rows);
  return static_cast<double>(e.hi - e.lo) * 1e-9;
}

std::string text(const std::vector<Row>& rows, int width, bool ascii) {
  width = std::max(width, 10);
  const Extent e = extent(rows);
  const double total = static_cast<double>(std::max<std::int64_t>(e.hi - e.lo, 1));
  std::vector<std::string> labels;
  std::map<std::string, double> busy;  // label -> seconds
  std::size_t name_width = 0;
  for (const Row& r : rows) {
    name_width = std::max(name_width, r.name.size());
    for (const Bar& b : r.bars) {
      if (std::find(labels.begin(), labels.end(), b.label) == labels.end()) labels.push_back(b.label);
      busy[b.label] += static_cast<double>(b.end_ns - b.start_ns) * 1e-9;
    }
  }
  const char* bar = ascii ? "|" : "\u2502";
  std::string out;
  for (const Row& r : rows) {
    std::string cells(static_cast<std::size_t>(width), ' ');
    for (const Bar& b : r.bars) {
      const char c = letter(std::find(labels.begin(), labels.end(), b.label) - labels.begin());
      auto col = [&](std::int64_t t) { return static_cast<double>(t - e.lo) / total * width; };
      int from = static_cast<int>(std::floor(col(b.start_ns))), to = static_cast<int>(std::ceil(col(b.end_ns)));
      from = std::clamp(from, 0, width - 1);
      to = std::clamp(std::max(to, from + 1), from + 1, width);  // every bar shows, however short
      for (int i = from; i < to; ++i) cells[static_cast<std::size_t>(i)] = c;
    }
    out += r.name + std::string(name_width - r.name.size(), ' ') + " " + bar + cells + bar + "\n";
  }
  const std::string end = duration(total * 1e-9);
  out += std::string(name_width + 2, ' ') + "0" +
         std::string(static_cast<std::size_t>(std::max<int>(1, width - 1 - static_cast<int>(end.size()))), ' ') +
         end + "\n";
  std::string legend;
  for (std::size_t i = 0; i < labels.size(); ++i)
    legend += std::string(i ? "   " : "") + letter(i) + "  " + labels[i] + " (" + duration(busy[labels[i]]) + ")";
  return out + legend + "\n";
}

std::string mermaid(const std::vector<Row>& rows, const std::string& title) {
  const Extent e = extent(rows);
  std::string out = "```mermaid\ngantt\n  title " + title + "\n  dateFormat x\n  axisFormat %S.%L s\n";
  int id = 0;
  for (const Row& r : rows) {
    out += "  section " + r.name + "\n";
    for (const Bar& b : r.bars) {
      char buf[96];
      std::snprintf(buf, sizeof buf, " :b%d, %lld, %lld\n", id++, static_cast<long long>((b.start_ns - e.lo) / 1000000),
                    static_cast<long long>(std::max<std::int64_t>((b.end_ns - e.lo) / 1000000, (b.start_ns - e.lo) / 1000000 + 1)));
      out += "  " + b.label + buf;
    }
  }
  return out + "```\n";
}

}  // namespace parlab::gantt
