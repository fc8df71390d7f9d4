// `parlab taskgraph`: the kernels of three families as one graph of tasks.
//
//   load --> gray --+--> blur ------+
//                   +--> sobel -----+--> report
//                   +--> histogram -+
//   montecarlo ---------------------+
//
// Each task runs one kernel on one thread (its simd variant): the
// parallelism here is between tasks, which the graph lets run at once when
// their inputs are ready. Monte Carlo needs nothing from the image, so it
// starts at once. The kernels come from the registry by name.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "parlab/image.hpp"
#include "parlab/registry.hpp"
#include "parlab/runner.hpp"
#include "parlab/source.hpp"
#include "pipelines/taskgraph/graph.hpp"
#include "runtime/error.hpp"

namespace parlab::taskgraph {
namespace {

// Runs `k` on its single-thread SIMD variant (scalar if it has none).
void run_kernel(const Kernel& k, const Data& in, Data& out, const Params& p) {
  run_timed(k, k.has(Backend::simd) ? Backend::simd : Backend::scalar, in, out, p);
}

Params sized(const Kernel& k, const demo::Settings& s) {
  Params p = k.defaults();
  if (p.has("width")) {
    const double side = std::sqrt(std::clamp(s.scale, 0.0001, 4.0));
    p.set("width", std::max(16.0, std::round(3840 * side)));
    p.set("height", std::max(16.0, std::round(2160 * side)));
  }
  if (p.has("samples")) p.set("samples", std::max(1e4, std::round(6e7 * s.scale)));
  return p;
}

}  // namespace

demo::Report image_graph(const demo::Settings& s) {
  const Kernel &gray = find_kernel("gray"), &blur = find_kernel("gaussian_blur"), &sobel = find_kernel("sobel"),
               &histogram = find_kernel("histogram"), &pi = find_kernel("montecarlo_pi");
  const Params gray_p = sized(gray, s), blur_p = sized(blur, s), sobel_p = sized(sobel, s), pi_p = sized(pi, s);
  const Params hist_p = histogram.defaults();
  Data photo, luma, blurred, edges, bins, estimate;
  std::uint64_t counted = 0;
  std::string summary;

  const std::vector<Task> graph = {
      {"load", {}, [&] { photo = gray.generate(gray_p); }},
      {"gray", {"load"}, [&] { run_kernel(gray, photo, luma, gray_p); }},
      {"blur", {"gray"}, [&] { run_kernel(blur, luma, blurred, blur_p); }},
      {"sobel", {"gray"}, [&] { run_kernel(sobel, luma, edges, sobel_p); }},
      {"histogram", {"gray"},
       [&] {  // of the luma quantised to 8 bits
         const Image& l = luma.get<Image>("image");
         std::vector<std::byte> bytes(l.data.size());
         for (std::size_t i = 0; i < bytes.size(); ++i)
           bytes[i] = static_cast<std::byte>(std::lround(std::clamp(l.data[i], 0.0f, 1.0f) * 255));
         run_kernel(histogram, histogram.read_file(memory_source("luma", std::move(bytes)), hist_p), bins, hist_p);
       }},
      {"montecarlo", {}, [&] { run_kernel(pi, Data{}, estimate, pi_p); }},
      {"report", {"blur", "sobel", "histogram", "montecarlo"},
       [&] {
         for (const std::uint64_t c : bins.get<Counts>("histogram")) counted += c;
         const Verdict v = verify_oracles(pi, estimate, pi_p);
         const Estimate e = estimate.get<Estimate>("pi");
         char line[200];
         std::snprintf(line, sizeof line, "pi = %.5f +- %.5f (%s); histogram of %llu pixels", e.value, e.std_error,
                       v.ok ? "checked" : "check failed", static_cast<unsigned long long>(counted));
         summary = line;
       }},
  };
  const Outcome o = run(graph, s.threads);
  const Image& l = luma.get<Image>("image");
  if (counted != l.pixels())
    throw Error("taskgraph: the histogram counted " + std::to_string(counted) + " pixels of " +
                std::to_string(l.pixels()));

  demo::Report r;
  r.title = "taskgraph: load -> gray -> {blur, sobel, histogram}, montecarlo beside them, -> report; " +
            std::to_string(o.workers) + " worker" + (o.workers > 1 ? "s" : "");
  r.shows = "Seven tasks of three families (a " + std::to_string(l.width) + "x" + std::to_string(l.height) +
            " image, " + std::to_string(pi_p.count("samples")) +
            " Monte Carlo samples), each on one thread, run by oneTBB's flow graph as soon as their inputs are "
            "ready. " + summary + ".";
  for (const Ran& t : o.tasks) r.numbers.push_back({"task " + t.name, t.seconds(), "s"});
  std::string path;
  for (const std::string& n : o.critical_path) path += (path.empty() ? "" : " -> ") + n;
  r.numbers.push_back({"sum of task times (one worker's makespan)", o.sum_s, "s"});
  r.numbers.push_back({"critical path: " + path, o.critical_s, "s"});
  r.numbers.push_back({"lower bound: max(critical path, sum / workers)", std::max(o.critical_s, o.sum_s / o.workers), "s"});
  r.numbers.push_back({"makespan measured", o.makespan_s, "s"});
  r.numbers.push_back({"speed-up: sum / makespan", o.sum_s / o.makespan_s, "x"});
  std::vector<gantt::Row> rows(static_cast<std::size_t>(o.workers));
  for (int w = 0; w < o.workers; ++w) rows[w].name = "worker " + std::to_string(w);
  for (const Ran& t : o.tasks) rows.at(static_cast<std::size_t>(t.worker)).bars.push_back({t.name, t.start_ns, t.end_ns});
  std::erase_if(rows, [](const gantt::Row& row) { return row.bars.empty(); });
  r.charts = {{"who ran which task, when", rows}};
  char take[400];
  std::snprintf(take, sizeof take,
                "The tasks add up to %.3f s; %d worker%s finished the graph in %.3f s (%.2fx). No schedule can beat "
                "the critical path (%.3f s) or the work shared evenly (%.3f s): more workers help only until the "
                "longest chain of dependent tasks is all that is left.",
                o.sum_s, o.workers, o.workers > 1 ? "s" : "", o.makespan_s, o.sum_s / o.makespan_s, o.critical_s, o.sum_s / o.workers);
  r.takeaway = take;
  return r;
}

}  // namespace parlab::taskgraph
