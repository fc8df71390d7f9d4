#include "app/diff_tables.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include "app/saved.hpp"
#include "parlab/mann_whitney.hpp"
#include "runtime/error.hpp"

namespace parlab::cli {
namespace {

struct Row {
  std::string kernel, backend, params;  // params: the kernel's options, as compact JSON
  int threads = 0;
  double kernel_ms = 0, time_ms = 0;
  std::vector<double> samples;  // every run's kernel-only time, ms
  bool ok = true;
};

std::vector<Row> rows_of(const nlohmann::json& doc, const std::string& name) {
  std::vector<Row> rows;
  if (!doc.contains("results")) return rows;
  if (!doc["results"].is_array()) throw Error("'" + name + "': \"results\" is not an array");
  for (const auto& r : doc["results"]) {
    try {
      Row x;
      x.kernel = r.at("kernel").get<std::string>();
      x.backend = r.at("backend").get<std::string>();
      x.params = r.at("params").dump();
      // An integer in int's range: a float converted to int out of range is undefined.
      const nlohmann::json& threads = r.at("threads");
      if (!threads.is_number_integer() || threads.get<long long>() < 0 || threads.get<long long>() > 1 << 30)
        throw Error("'" + name + "': a results row's threads is not a whole number from 0 to 2^30");
      x.threads = threads.get<int>();
      x.kernel_ms = r.at("kernel_ms").get<double>();
      x.time_ms = r.at("time_ms").get<double>();
      x.samples = r.at("kernel_samples_ms").get<std::vector<double>>();
      x.ok = r.at("check").get<std::string>().rfind("ok", 0) == 0;
      rows.push_back(std::move(x));
    } catch (const nlohmann::json::exception&) {
      throw Error("'" + name + "': a results row lacks a field or has one of the wrong type (" + r.dump().substr(0, 60) +
                  "...)");
    }
  }
  return rows;
}

// The key rows are matched on, and the order they are listed in.
std::string key_of(const Row& r, bool best) { return r.kernel + "\n" + (best ? "" : r.backend) + "\n" + r.params; }

// With `best`: each key's fastest row (by kernel-only median).
std::map<std::string, Row> by_key(const std::vector<Row>& rows, bool best) {
  std::map<std::string, Row> m;
  for (const Row& r : rows) {
    auto [at, fresh] = m.emplace(key_of(r, best), r);
    if (!fresh && best && r.kernel_ms < at->second.kernel_ms) at->second = r;
  }
  return m;
}

std::string params_text(const std::string& json) {
  std::string s;
  const nlohmann::json params = nlohmann::json::parse(json);
  for (const auto& [k, v] : params.items()) s += (s.empty() ? "" : " ") + k + "=" + v.dump();
  return s.empty() ? "-" : s;
}

}  // namespace

std::vector<Table> diff_tables(const nlohmann::json& a, const std::string& name_a, const nlohmann::json& b,
                               const std::string& name_b, const DiffOptions& opt) {
  const auto rows_a = rows_of(a, name_a), rows_b = rows_of(b, name_b);
  if (rows_a.empty() && rows_b.empty())
    throw Error("'" + name_a + "' and '" + name_b + "': no results to compare (save them from run, compare, scale or a kernel command)");
  const auto ma = by_key(rows_a, opt.best), mb = by_key(rows_b, opt.best);
  char alpha[32];
  std::snprintf(alpha, sizeof alpha, "%g", opt.alpha);
  Table t{"diff",
          "B / A, kernel-only medians" + std::string(opt.best ? ", each kernel's fastest backend" : "") +
              "; a difference is called real when the Mann-Whitney U test over the runs gives p < " + alpha +
              "\n  A: " + name_a + " (" + where_made(a) + ")\n  B: " + name_b + " (" + where_made(b) + ")",
          {"kernel", "params", "backend_a", "backend_b", "threads_a", "threads_b", "a_ms", "b_ms", "ratio", "p_value",
           "verdict"},
          {}};
  std::vector<std::string> keys;
  for (const auto& [k, r] : ma) keys.push_back(k);
  for (const auto& [k, r] : mb)
    if (!ma.count(k)) keys.push_back(k);
  std::sort(keys.begin(), keys.end());
  for (const std::string& k : keys) {
    const auto ia = ma.find(k), ib = mb.find(k);
    const Row* x = ia == ma.end() ? nullptr : &ia->second;
    const Row* y = ib == mb.end() ? nullptr : &ib->second;
    const Row& any = x ? *x : *y;
    std::vector<Cell> row{text(any.kernel), text(params_text(any.params)), text(x ? x->backend : "-"),
                          text(y ? y->backend : "-"), x ? integer(x->threads) : text("-"), y ? integer(y->threads) : text("-"),
                          x ? num(x->kernel_ms, "%.4g") : text("-"), y ? num(y->kernel_ms, "%.4g") : text("-")};
    if (!x || !y) {
      row.insert(row.end(), {text("-"), text("-"), text(x ? "only in A" : "only in B")});
      t.rows.push_back(std::move(row));
      continue;
    }
    const double ratio = x->kernel_ms > 0 ? y->kernel_ms / x->kernel_ms : 0;
    const stats::UTest u = stats::mann_whitney(x->samples, y->samples);
    const int n = static_cast<int>(x->samples.size()), m = static_cast<int>(y->samples.size());
    std::string verdict;
    char buf[160];
    if (!x->ok || !y->ok) {
      verdict = std::string("not judged: a check failed in ") + (!x->ok && !y->ok ? "both" : !x->ok ? "A" : "B");
    } else if (const double floor = stats::smallest_p(n, m); floor >= opt.alpha) {
      std::snprintf(buf, sizeof buf, "not judged: %d and %d runs can give no p below %.3g (use --repeat 5 or more)", n, m,
                    floor);
      verdict = buf;
    } else if (u.p < opt.alpha) {
      std::snprintf(buf, sizeof buf, "B %.3gx %s", ratio < 1 ? 1 / ratio : ratio, ratio < 1 ? "faster" : "slower");
      verdict = buf;
    } else {
      verdict = "same (the runs overlap)";
    }
    row.insert(row.end(), {num(ratio, "%.3f"), num(u.p, "%.3g"), text(verdict)});
    t.rows.push_back(std::move(row));
  }
  return {t};
}

}  // namespace parlab::cli
