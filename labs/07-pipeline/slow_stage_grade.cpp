// Lab 07's grader: every output byte for byte equal to what `parlab filter
// gaussian_blur --backend simd` writes for the same input; then the
// throughput against the bound the stages allow: the reads in order, one at
// a time, and everything else on every thread at once.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "labs/grading/grader.hpp"
#include "parlab/child_process.hpp"
#include "runtime/error.hpp"

namespace parlab::labs {
namespace {

namespace fs = std::filesystem;

// A directory removed with everything in it when the grader is done.
struct Scratch {
  fs::path dir;
  Scratch() {
    std::string t = (fs::temp_directory_path() / "parlab-lab07-XXXXXX").string();
    if (!mkdtemp(t.data())) throw Error("lab 7: cannot make a scratch directory in " + fs::temp_directory_path().string());
    dir = t;
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

std::string bytes_of(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return in ? s.str() : std::string("\x01missing");
}

void correctness(Grader& g) {
  Scratch s;
  const std::string sigma = std::to_string(1 + g.rng() % 4), passes = std::to_string(1 + g.rng() % 3);
  g.reference({"inputs", "--dir", (s.dir / "in").string(), "--count", "7", "--width", std::to_string(1 + g.rng() % 300),
               "--height", std::to_string(1 + g.rng() % 200), "--seed", g.seed_text()});
  g.student({"run", "--inputs", (s.dir / "in").string(), "--outputs", (s.dir / "out").string(), "--sigma", sigma,
             "--passes", passes, "--threads", std::to_string(g.settings.cores)});
  fs::create_directories(s.dir / "want");
  std::string wrong;
  for (const auto& e : fs::directory_iterator(s.dir / "in")) {
    const fs::path name = e.path().filename(), want = s.dir / "want" / name;
    const Captured c = capture_program({fs::read_symlink("/proc/self/exe").string(), "filter", "gaussian_blur", "--sigma",
                                        sigma, "--iterations", passes, "--backend", "simd", "-i", e.path().string(), "-o", want.string()},
                                       {.errors = true, .timeout_s = 60});
    if (c.status != 0) throw Error("lab 7: parlab filter failed on " + e.path().string() + ": " + c.err);
    if (bytes_of(s.dir / "out" / name) != bytes_of(want)) {
      wrong = name.string() + (fs::exists(s.dir / "out" / name) ? " differs from parlab filter's" : " was not written");
      break;
    }
  }
  g.correct("outputs_equal", wrong.empty(), wrong.empty() ? "7 of 7 images byte-equal" : wrong,
            "byte-equal to parlab filter gaussian_blur --sigma " + sigma + " --iterations " + passes + " --backend simd");
}

std::string report_text(const json& out) {
  std::string s;
  for (const json& st : out.at("stages"))
    append(s, st.at("stage").get<std::string>() + " " + seconds_text(st.at("busy_s").get<double>()) +
         " (" + std::to_string(st.at("at_once").get<int>()) + " at once)", ", ");
  return s;
}

void performance(Grader& g) {
  Scratch s;
  const std::string in = (s.dir / "in").string(), threads = std::to_string(g.settings.cores);
  g.reference({"inputs", "--dir", in, "--count", std::to_string(12 * g.settings.cores), "--width", "1024", "--height", "768",
               "--seed", g.seed_text()});
  json mine, ref;
  for (int i = 0; i < std::min(g.settings.repeat, 3); ++i) {
    const json m = g.student({"run", "--inputs", in, "--outputs", (s.dir / "a").string(), "--sigma", "4", "--passes", "8", "--threads", threads});
    const json r = g.reference({"run", "--inputs", in, "--outputs", (s.dir / "b").string(), "--sigma", "4", "--passes", "8", "--threads", threads});
    if (i == 0 || m.at("wall_s").get<double>() < mine.at("wall_s").get<double>()) mine = m;
    if (i == 0 || r.at("wall_s").get<double>() < ref.at("wall_s").get<double>()) ref = r;
  }
  const double fraction = mine.at("fraction_of_bound").get<double>();
  g.goal("fraction_of_bound", fraction >= 0.85,
         seconds_text(mine.at("wall_s").get<double>()) + " for a bound of " + seconds_text(mine.at("bound_s").get<double>()) +
             ": " + percent_text(fraction) + "; stages: " + report_text(mine),
         ">= 85% of the bound (reads one at a time, the rest on " + threads + " threads)");
  g.speed("pipeline_speed", mine.at("wall_s").get<double>(), ref.at("wall_s").get<double>());
}

const RegisterLab kLab{{
    .number = 7,
    .slug = "07-pipeline",
    .title = "Pipeline parallelism",
    .teaches = "an assembly line on oneTBB's parallel_pipeline: the slowest stage sets the pace; find it and fix it",
    .starter_fails = {"fraction_of_bound"},
    .unavailable = [](const Settings& s) { return s.cores < 2 ? std::string("needs 2 cores: on one the stages cannot overlap") : std::string(); },
    .correctness = correctness,
    .performance = performance,
}};

}  // namespace
}  // namespace parlab::labs
