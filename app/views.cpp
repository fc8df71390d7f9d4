#include "views.hpp"

#include <cmath>

#include "parlab/cuda.hpp"
#include "parlab/machine.hpp"
#include "parlab/registry.hpp"

namespace parlab::cli {
namespace {


std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

}  // namespace

Table info_table(const MachineInfo& m) {
  Table t{"machine", "Machine", {"field", "value"}, {}, true};
  auto add = [&](std::string k, Cell v) { t.rows.push_back({text(std::move(k)), std::move(v)}); };
  add("cpu", text(m.cpu_model));
  add("logical_cpus", num(m.logical_cpus, "%.0f"));
  add("memory_available", text(gib(static_cast<double>(m.memory_available))));
  add("openmp_threads", num(m.omp_threads, "%.0f"));
  add("OMP_PROC_BIND", text(m.omp_proc_bind));
  add("OMP_PLACES", text(m.omp_places));
  add("simd_isa", text(m.simd_isa));
  add("simd_isas_compiled", text(join(m.simd_isas_compiled)));
  const cuda::Probe g = cuda::probe();
  if (g.usable) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "%s, %d SMs, compute %d.%d, %s, driver %d.%d, runtime %d.%d", g.name.c_str(),
                  g.sm_count, g.cc_major, g.cc_minor, gib(static_cast<double>(g.memory_bytes)).c_str(),
                  g.driver_version / 1000, g.driver_version % 1000 / 10, g.runtime_version / 1000,
                  g.runtime_version % 1000 / 10);
    add("gpu", text(buf));
  } else {
    add("gpu", text("none: " + g.reason));
  }
  add("compiler", text(m.compiler));
  add("flags", text(m.flags.empty() ? "(none)" : m.flags));
  add("build_type", text(m.build_type));
  add("git_revision", text(m.git_revision));
  return t;
}

Table backends_table() {
  Table t{"backends", "Backends (auto takes the first usable, top down)", {"backend", "compiled", "usable", "reason"}, {}};
  for (const BackendStatus& s : backend_status())
    t.rows.push_back({text(std::string(to_string(s.backend))), text(s.compiled ? "yes" : "no"),
                      text(s.usable ? "yes" : "no"), text(s.reason)});
  return t;
}

Table kernels_table() {
  Table t{"kernels", "Kernels", {"kernel", "family"}, {}};
  for (Backend b : kBackends) t.columns.emplace_back(to_string(b));
  t.columns.emplace_back("summary");
  for (const Kernel& k : kernels()) {
    std::vector<Cell> row{text(std::string(k.name)), text(std::string(k.family))};
    for (Backend b : kBackends)
      row.push_back(text(!k.has(b) ? "-" : backend_status(b).usable ? "yes" : "no (not usable here)"));
    row.push_back(text(std::string(k.summary)));
    t.rows.push_back(std::move(row));
  }
  return t;
}

Table roofline_table(const Roofline& r) {
  Table t{"roofline", "Memory bandwidth, GB/s (arrays of " + gib(static_cast<double>(r.array_bytes)) + ")",
          {"threads", "read", "copy", "triad"}, {}};
  auto row = [&](int threads, const Bandwidth& b) {
    t.rows.push_back({num(threads, "%.0f"), num(b.read, "%.1f"), num(b.copy, "%.1f"), num(b.triad, "%.1f")});
  };
  row(1, r.one_thread);
  if (r.threads > 1) row(r.threads, r.all_threads);
  if (r.device_copy > 0)
    t.rows.push_back({text("cuda device"), text("-"), num(r.device_copy, "%.1f"), text("-")});
  else
    t.title += "; no device figure: " + r.device_note;
  return t;
}

Table results_table(const std::vector<Result>& results, const std::string& title) {
  Table t{"results", title,
          {"kernel", "backend", "threads", "size", "time_ms", "kernel_ms", "GB/s", "pct_of_limit", "speedup", "value",
           "check", "note"},
          {}};
  for (const Result& r : results) {
    t.rows.push_back({text(std::string(r.kernel)), text(std::string(to_string(r.backend))), num(r.threads, "%.0f"),
                      num(static_cast<double>(r.size), "%.0f"), num(r.time_s * 1e3, "%.3f"),
                      num(r.kernel_s * 1e3, "%.3f"), num(r.gbps, "%.1f"),
                      r.limit_gbps > 0 ? num(100 * r.gbps / r.limit_gbps, "%.0f%%") : text("-"),
                      num(r.speedup, "%.1fx"), std::isnan(r.value) ? text("-") : num(r.value, "%.9g"),
                      text((r.verdict.ok ? "ok: " : "FAILED: ") + r.verdict.detail), text(r.note)});
  }
  return t;
}

}  // namespace parlab::cli
