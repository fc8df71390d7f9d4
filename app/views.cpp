#include "app/views.hpp"

#include <algorithm>
#include <cmath>

#include "parlab/data_json.hpp"
#include "parlab/registry.hpp"
#include "pipelines/io/async_read.hpp"
#include "runtime/cuda/probe.hpp"
#include "runtime/mpi/ranks.hpp"

namespace parlab::cli {
namespace {

std::string join(const std::vector<std::string>& v, const char* sep = ", ") {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
  return s;
}

// Whether the kernel reads files, and writes them: "in, out", "in" or "-".
std::string files_of(const Kernel& k) { return !k.read_file ? "-" : k.write_file ? "in, out" : "in"; }

}  // namespace

std::string flags_of(const Kernel& k, const char* none) {
  std::vector<std::string> v;
  for (const Option& o : k.options) v.push_back("--" + std::string(o.name));
  return v.empty() ? none : join(v, " ");
}

Table info_table(const MachineInfo& m) {
  Table t{"machine", "Machine", {"field", "value"}, {}, true};
  auto add = [&](std::string k, Cell v) { t.rows.push_back({text(std::move(k)), std::move(v)}); };
  add("cpu", text(m.cpu_model));
  add("logical_cpus", integer(m.logical_cpus));
  add("memory_available", text(gib(static_cast<double>(m.memory_available))));
  add("openmp_threads", integer(m.omp_threads));
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
  add("file_reads", text(io::choose_method(io::Method::io_uring).second));  // how `parlab pipeline` reads
  add("mpi", text(mpi::compiled() ? mpi::build_info() + (mpi::initialised() ? "; running " + mpi::library_version() : "; not launched: one process (mpirun -n R parlab ... for R ranks)")
                                   : mpi::build_info()));
  add("ranks", integer(mpi::size()));
  add("compiler", text(m.compiler));
  add("flags", text(m.flags.empty() ? "(none)" : m.flags));
  add("build_type", text(m.build_type));
  add("git_revision", text(m.git_revision));
  return t;
}

Table ranks_table(const std::vector<Placement>& rows) {
  Table t{"ranks", "Ranks: where each runs (check the binding: ranks on one host should not share CPUs)",
          {"rank", "host", "cpus", "cpu_count", "omp_threads", "thread_cpus", "device"}, {}};
  t.wrap = {"device"};
  for (const Placement& p : rows)
    t.rows.push_back({integer(p.rank), text(p.host), text(p.cpus), integer(p.cpu_count), integer(p.threads), text(p.thread_cpus),
                      text(p.device)});
  return t;
}

Table backends_table() {
  Table t{"backends", "Backends (auto takes the first usable, top down)", {"backend", "compiled", "usable", "reason"}, {}};
  t.wrap = {"reason"};
  for (const BackendStatus& s : backend_status())
    t.rows.push_back({text(std::string(to_string(s.backend))), text(s.compiled ? "yes" : "no"),
                      text(s.usable ? "yes" : "no"), text(s.reason)});
  return t;
}

std::vector<Table> kernels_tables() {
  Table t{"kernels", "Kernels (`parlab list KERNEL` for a kernel's options)", {"kernel", "family"}, {}};
  for (Backend b : kBackends) t.columns.emplace_back(to_string(b));
  t.columns.insert(t.columns.end(), {"options", "files", "summary"});
  t.form = Table::Form::full;
  for (const Kernel& k : kernels()) {
    std::vector<Cell> row{text(std::string(k.name)), text(std::string(k.family))};
    for (Backend b : kBackends)
      row.push_back(text(!k.has(b) ? "-" : backend_status(b).usable ? "yes" : "no (not usable here)"));
    row.push_back(text(flags_of(k)));
    row.push_back(text(files_of(k)));
    row.push_back(text(std::string(k.summary)));
    t.rows.push_back(std::move(row));
  }
  Table d{"kernels_digest", t.title + "; * compiled in, but not usable here", {"kernel", "family", "backends", "files", "summary"},
          {}};
  d.form = Table::Form::digest;
  d.wrap = {"summary"};
  for (const Kernel& k : kernels()) {
    std::string backends;
    for (Backend b : kBackends) {
      if (!k.has(b)) continue;
      if (!backends.empty()) backends += ' ';
      backends += to_string(b);
      if (!backend_status(b).usable) backends += '*';
    }
    d.rows.push_back({text(std::string(k.name)), text(std::string(k.family)), text(backends),
                      text(files_of(k)), text(std::string(k.summary))});
  }
  return {t, d};
}

Table options_table(const Kernel& k) {
  Table t{"options",
          std::string(k.name) + " (" + std::string(k.family) + "): " + std::string(k.summary) +
              "\n  input: " + (k.generate ? "built in, from --seed" : "none") + (k.read_file ? "; or files (parlab filter)" : ""),
          {"option", "type", "default", "allowed", "help"},
          {}};
  t.wrap = {"help"};
  for (const Option& o : k.options)
    t.rows.push_back({text("--" + std::string(o.name)), text(std::string(type_name(o.type))),
                      text(format_option(o, o.fallback)), text(describe_range(o)),
                      text(std::string(o.help) + (o.builtin_input ? " (built-in input only)" : ""))});
  return t;
}

Table memory_table(const Roofline& r) {
  Table t{"memory", "Memory bandwidth, GB/s (arrays of " + gib(static_cast<double>(r.array_bytes)) + ")",
          {"threads", "read", "copy", "triad"}, {}};
  auto row = [&](int threads, const Bandwidth& b) {
    t.rows.push_back({integer(threads), num(b.read, "%.1f"), num(b.copy, "%.1f"), num(b.triad, "%.1f")});
  };
  row(1, r.one_thread);
  if (r.threads > 1) row(r.threads, r.all_threads);
  if (r.device_copy > 0)
    t.rows.push_back({text("cuda device"), text("-"), num(r.device_copy, "%.1f"), text("-")});
  else
    t.title += "; no device figure: " + r.device_note;
  return t;
}

Table compute_table(const Roofline& r) {
  Table t{"compute", "Compute throughput, ISA " + r.isa + " (G operations/s; an FMA is 2 flops; every probe checked)",
          {"threads", "fp32_gflops", "fp64_gflops", "int32_mul_gops"}, {}};
  auto row = [&](int threads, const Compute& c) {
    t.rows.push_back({integer(threads), num(c.fp32, "%.1f"), num(c.fp64, "%.1f"), num(c.int32_mul, "%.1f")});
  };
  row(1, r.compute_one_thread);
  if (r.threads > 1) row(r.threads, r.compute_all_threads);
  return t;
}

Table access_table(const Roofline& r) {
  Table t{"access",
          "Access (every probe checked): increments at random indices into 4 KiB of tables (G/s); random reads over a "
          "table of table_bytes, one at a time (latency, ns) and many in flight (G reads/s)",
          {"threads", "table_bytes", "updates_g", "latency_ns", "reads_g"}, {}};
  // Table sizes in KiB, MiB or GiB (all powers of two); JSON: bytes.
  auto size = [](std::size_t bytes) {
    const char* unit[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    std::size_t v = bytes;
    for (; v >= 1024 && v % 1024 == 0 && u < 4; v /= 1024) ++u;
    return value(std::to_string(v) + " " + unit[u], bytes);
  };
  auto rows = [&](int threads, const Access& a) {
    t.rows.push_back({integer(threads), size(4 << 10) /* core/access_probes.hpp: 4 tables of 256 */, num(a.updates, "%.2f"), text("-"), text("-")});
    for (const RandomReads& x : a.random)
      t.rows.push_back({integer(threads), size(x.footprint), text("-"), num(x.latency_ns, "%.1f"), num(x.reads, "%.3f")});
  };
  rows(1, r.access_one_thread);
  if (r.threads > 1) rows(r.threads, r.access_all_threads);
  return t;
}

Table values_table(const Result& r) {
  Table t{"values", std::string(r.kernel) + (r.partial ? ": partial result (" + r.note + ")" : ""),
          {"part", "value", "std_error", "ci95_low", "ci95_high", "samples"}, {}};
  for (const Part& p : r.output.parts()) {
    if (const auto* e = std::get_if<Estimate>(&p.value); e && !e->has_error())
      t.rows.push_back({text(p.name), num(e->value, "%.9g"), text("undefined"), text("-"), text("-"),
                        integer(static_cast<double>(e->samples))});
    else if (e)
      t.rows.push_back({text(p.name), num(e->value, "%.9g"), num(e->std_error, "%.3g"), num(e->low95(), "%.9g"),
                        num(e->high95(), "%.9g"), integer(static_cast<double>(e->samples))});
    else if (const auto* n = std::get_if<std::uint64_t>(&p.value))
      t.rows.push_back({text(p.name), integer(static_cast<double>(*n)), text("-"), text("-"), text("-"), text("-")});
    else if (const auto* x = std::get_if<double>(&p.value))
      t.rows.push_back({text(p.name), num(*x, "%.9g"), text("-"), text("-"), text("-"), text("-")});
  }
  return t;
}

std::vector<Table> parts_tables(const Result& r) {
  std::vector<Table> out;
  for (const Part& p : r.output.parts()) {
    if (const auto* t = std::get_if<KeyCounts>(&p.value)) {
      Table x{p.name, std::string(r.kernel) + ": " + p.name, {"rank", "key", "count"}, {}};
      for (std::size_t i = 0; i < t->size(); ++i)
        x.rows.push_back({integer(static_cast<double>(i + 1)), data_key((*t)[i].key), integer(static_cast<double>((*t)[i].count))});
      out.push_back(std::move(x));
    } else if (const auto* h = std::get_if<Counts>(&p.value)) {
      Table x{p.name, std::string(r.kernel) + ": " + p.name + " (bins that are not empty)", {"value", "count"}, {}};
      for (std::size_t v = 0; v < h->size(); ++v)
        if ((*h)[v]) x.rows.push_back({integer(static_cast<double>(v)), integer(static_cast<double>((*h)[v]))});
      out.push_back(std::move(x));
    }
  }
  return out;
}

namespace {

// Every timed run in ms: a JSON array; in text, the values separated by spaces.
Cell samples_ms(const std::vector<double>& s) {
  std::string text;
  nlohmann::json a = nlohmann::json::array();
  for (double x : s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", x * 1e3);
    if (!text.empty()) text += ' ';
    text += buf;
    a.push_back(x * 1e3);
  }
  return value(text.empty() ? "-" : text, a);
}

// Every field of every result.
Table results_table(const std::vector<Result>& results, const std::string& title) {
  Table t{"results", title,
          {"kernel", "backend", "threads", "size", "time_ms", "kernel_ms", "GB/s", "GFLOP/s", "pct_of_limit", "bound",
           "speedup", "value", "check", "params", "note", "samples_ms", "kernel_samples_ms", "limit_ms",
           "bytes", "flops", "updates", "random_reads", "table_bytes"},
          {}};
  t.form = Table::Form::full;
  for (const Result& r : results) {
    const std::string out = to_text(r.output);
    t.rows.push_back({text(std::string(r.kernel)), text(std::string(to_string(r.backend))), integer(r.threads),
                      integer(r.cost.items), num(r.time_s * 1e3, "%.3f"), num(r.kernel_s * 1e3, "%.3f"),
                      num(r.gbps, "%.1f"), num(r.gflops, "%.1f"),
                      r.limit.seconds > 0 ? num(r.pct_of_limit(), "%.0f%%") : text("-"),
                      text(r.limit.seconds > 0 ? r.limit.roof : "-"), r.speedup > 0 ? num(r.speedup, "%.1fx") : text("-"),
                      value(out.empty() ? "-" : out, to_json(r.output)),
                      text((r.verdict.ok ? "ok: " : "FAILED: ") + r.verdict.detail),
                      value(to_text(r.params), to_json(r.params)), text(r.note), samples_ms(r.samples_s),
                      samples_ms(r.kernel_samples_s), r.limit.seconds > 0 ? num(r.limit.seconds * 1e3, "%.4g") : text("-"),
                      integer(std::round(r.cost.bytes())), integer(std::round(r.cost.flops32 + r.cost.flops64)),
                      integer(std::round(r.cost.updates)), integer(std::round(r.cost.random_reads)),
                      integer(std::round(r.cost.table_bytes))});
  }
  return t;
}

// 43.4 GB/s when the run moves bytes, else items a second: 3.20 G/s.
std::string rate(const Result& r) {
  char buf[32];
  if (r.gbps > 0) {
    std::snprintf(buf, sizeof buf, "%.1f GB/s", r.gbps);
    return buf;
  }
  const double per_s = r.kernel_s > 0 ? r.cost.items / r.kernel_s : 0;
  if (per_s <= 0) return "-";
  const char* prefix[] = {"", "k", "M", "G", "T"};
  int p = 0;
  double v = per_s;
  while (v >= 1000 && p < 4) {
    v /= 1000;
    ++p;
  }
  std::snprintf(buf, sizeof buf, "%.3g %s/s", v, prefix[p]);
  return buf;
}

Table summary_table(const std::vector<Result>& results, const std::string& title) {
  Table t{"summary",
          title + "\nrate: bytes moved, or items (elements, pixels, samples, paths), per second; % limit: the bound's time / "
              "the kernel's; --wide or --format json: every field",
          {"kernel", "backend", "threads", "time_ms", "kernel_ms", "rate", "GFLOP/s", "% limit", "bound", "speedup", "check"},
          {}};
  t.form = Table::Form::digest;
  for (const Result& r : results)
    t.rows.push_back({text(std::string(r.kernel)), text(std::string(to_string(r.backend))), integer(r.threads),
                      num(r.time_s * 1e3, "%.3f"), num(r.kernel_s * 1e3, "%.3f"), text(rate(r)),
                      r.gflops > 0 ? num(r.gflops, "%.1f") : text("-"),
                      r.limit.seconds > 0 ? num(r.pct_of_limit(), "%.0f%%") : text("-"),
                      text(r.limit.seconds > 0 ? r.limit.roof : "-"), r.speedup > 0 ? num(r.speedup, "%.1fx") : text("-"),
                      text(r.verdict.ok ? "ok" : "FAILED")});
  return t;
}

// The checks in words, backends whose check reads the same on one row, and
// each kernel's value once: on its first row, and again where another
// backend's value reads otherwise.
Table checks_table(const std::vector<Result>& results, bool values) {
  Table t{"checks", values ? "Checks and values" : "Checks", {"kernel", "backends", "check"}, {}};
  t.form = Table::Form::digest;
  t.wrap = {"check", "value"};
  if (values) t.columns.push_back("value");
  struct Row {
    std::string kernel, backends, check, value;
  };
  std::vector<Row> rows;
  std::size_t first = 0;  // the current kernel's first row
  for (const Result& r : results) {
    const std::string check = (r.verdict.ok ? "ok: " : "FAILED: ") + r.verdict.detail;
    const std::string value = values ? to_text(r.output) : "";
    if (rows.empty() || rows.back().kernel != r.kernel) first = rows.size();
    auto same = std::find_if(rows.begin() + static_cast<std::ptrdiff_t>(first), rows.end(),
                             [&](const Row& x) { return x.check == check && x.value == value; });
    if (same != rows.end())
      same->backends += ", " + std::string(to_string(r.backend));
    else
      rows.push_back({std::string(r.kernel), std::string(to_string(r.backend)), check, value});
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::vector<Cell> row{text(rows[i].kernel), text(rows[i].backends), text(rows[i].check)};
    if (values) {
      const bool again = i > 0 && rows[i - 1].kernel == rows[i].kernel && rows[i - 1].value == rows[i].value;
      row.push_back(text(again ? "" : rows[i].value.empty() ? "-" : rows[i].value));
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

}  // namespace

std::vector<Table> results_tables(const std::vector<Result>& results, const std::string& title, bool values) {
  Table full = results_table(results, title);
  if (std::any_of(results.begin(), results.end(), [](const Result& r) { return r.limit.seconds > 0; }))
    full.title += "; pct_of_limit: the bound's time / the kernel's";
  return {std::move(full), summary_table(results, title), checks_table(results, values)};
}

Table files_table(const std::vector<FileRow>& rows, const std::string& title) {
  Table t{"files", title, {"input", "output", "width", "height", "channels", "kernel_ms", "value"}, {}};
  t.wrap = {"value"};
  // Across ranks: the slowest rank's communication (scatter, halos, gather) beside its compute.
  const bool exchanged = std::any_of(rows.begin(), rows.end(), [](const FileRow& f) { return f.run.exchange_s > 0; });
  if (exchanged) t.columns.insert(t.columns.end() - 1, "exchange_ms");
  for (const FileRow& f : rows) {
    // The shape of the first image the kernel gave, if any.
    int w = 0, h = 0, c = 0;
    for (const Part& p : f.run.output.parts()) {
      if (const auto* i = std::get_if<Image>(&p.value)) std::tie(w, h, c) = std::tuple(i->width, i->height, i->channels);
      if (const auto* i = std::get_if<Image8>(&p.value)) std::tie(w, h, c) = std::tuple(i->width, i->height, i->channels);
      if (w) break;
    }
    const std::string out = to_text(f.run.output);
    std::vector<Cell> row{text(f.input), text(f.output.empty() ? "-" : f.output), w ? integer(w) : text("-"),
                          h ? integer(h) : text("-"), c ? integer(c) : text("-"), num(f.run.kernel_s * 1e3, "%.3f")};
    if (exchanged) row.push_back(num(f.run.exchange_s * 1e3, "%.3f"));
    row.push_back(value(out.empty() ? "-" : out, to_json(f.run.output)));
    t.rows.push_back(std::move(row));
  }
  return t;
}

}  // namespace parlab::cli
