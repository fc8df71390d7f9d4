// parlab: runs every kernel on every backend, checks each against the scalar
// reference, and sets its speed against what this machine can do.
//
// Exit codes: 0 ok, 1 runtime failure or failed verification, 2 usage error.
// Errors go to stderr on one line that names the bad input.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>

#include "parlab/backend.hpp"
#include "parlab/compare.hpp"
#include "parlab/error.hpp"
#include "parlab/filter_file.hpp"
#include "parlab/machine.hpp"
#include "parlab/registry.hpp"
#include "parlab/roofline.hpp"
#include "table.hpp"
#include "views.hpp"

namespace parlab::cli {
namespace {

// Counts accept plain integers, powers of two and scientific notation:
// 1000000, 2^26, 1e8.
std::size_t parse_count(const std::string& flag, const std::string& s) {
  auto bad = [&] {
    return UsageError(flag + " '" + s + "': not a count of elements (write e.g. 1000000, 2^26 or 1e8)");
  };
  if (s.empty() || s.find_first_not_of("0123456789^eE.") != std::string::npos) throw bad();
  double v = 0;
  try {
    std::size_t used = 0;
    if (const auto caret = s.find('^'); caret != std::string::npos) {
      v = std::pow(std::stod(s.substr(0, caret), &used), std::stod(s.substr(caret + 1)));
    } else {
      v = std::stod(s, &used);
      if (used != s.size()) throw bad();
    }
  } catch (const std::logic_error&) {
    throw bad();
  }
  if (!(v >= 0) || v != std::floor(v) || v > 1e18) throw bad();
  return static_cast<std::size_t>(v);
}

struct Options {
  std::string format = "table";
  std::string backend;
  std::string size;
  int threads = 0;
  int repeat = 5;
  std::uint64_t seed = 42;
  std::string kernel = "all";
  int width = 3840, height = 2160;
  FilterParams filter;
  std::vector<std::string> inputs;
  std::string output, output_dir;

  Format fmt() const { return format == "json" ? Format::json : format == "csv" ? Format::csv : Format::table; }
  RunOptions run() const {
    RunOptions o;
    o.params.size = size.empty() ? 0 : parse_count("--size", size);
    o.params.seed = seed;
    o.params.threads = threads;
    o.params.width = width;
    o.params.height = height;
    o.params.filter = filter;
    o.repeat = repeat;
    if (!(filter.sigma > 0) || !std::isfinite(filter.sigma))
      throw UsageError("--sigma " + CLI::detail::to_string(filter.sigma) + ": must be a positive number");
    if (!std::isfinite(filter.amount)) throw UsageError("--amount: must be a finite number");
    return o;
  }
};

// Images are sized by --width and --height; a --size would be silently ignored.
void reject_size_for_images(const Kernel& k, const Options& o) {
  if (k.family == "image" && !o.size.empty())
    throw UsageError("--size does not apply to the image kernel " + std::string(k.name) + " (use --width and --height)");
}

void add_filter_options(CLI::App* cmd, Options& o) {
  cmd->add_option("--sigma", o.filter.sigma, "Gaussian and unsharp: standard deviation in pixels")->capture_default_str();
  cmd->add_option("--radius", o.filter.radius,
                  "Box: window radius (default 4: 9x9); Gaussian: overrides ceil(3 sigma)")
      ->check(CLI::Range(0, kMaxImageSide).description(""));
  cmd->add_option("--amount", o.filter.amount, "Unsharp: strength")->capture_default_str();
}

void add_image_size_options(CLI::App* cmd, Options& o) {
  cmd->add_option("--width", o.width, "Width of the built-in image")->check(CLI::Range(1, kMaxImageSide).description(""))->capture_default_str();
  cmd->add_option("--height", o.height, "Height of the built-in image")->check(CLI::Range(1, kMaxImageSide).description(""))->capture_default_str();
}

// `parlab filter`: each input through one image kernel. A bad file is
// reported on its own line and the rest of the batch still runs.
int filter_files(const Options& o, Format f) {
  const Kernel& k = find_kernel(o.kernel);
  if (k.family != "image")
    throw UsageError("kernel '" + o.kernel + "' is not an image filter (see `parlab list`)");
  if (o.output.empty() == o.output_dir.empty()) throw UsageError("give either --output FILE or --output-dir DIR");
  if (!o.output.empty() && o.inputs.size() != 1)
    throw UsageError("--output names one file, but " + std::to_string(o.inputs.size()) + " inputs were given (use --output-dir)");
  if (!o.output.empty() && !writable_extension(o.output))
    throw UsageError("--output '" + o.output + "': unknown image format (write .png, .ppm or .pgm)");
  if (!o.output_dir.empty() && !std::filesystem::is_directory(o.output_dir))
    throw Error(o.output_dir + ": not a directory");
  const RunOptions ro = o.run();
  const Selection sel = select_backend(backend_request(o.backend));

  Table t{"files", "Filtered with " + std::string(k.name) + " on " + std::string(to_string(sel.backend)),
          {"input", "output", "width", "height", "channels", "kernel_ms"}, {}};
  int failed = 0;
  for (const std::string& in : o.inputs) {
    const std::string out = !o.output.empty()
                                ? o.output
                                : (std::filesystem::path(o.output_dir) / std::filesystem::path(in).stem()).string() + ".png";
    try {
      const FileResult r = filter_file(k, sel.backend, ro.params, in, out);
      t.rows.push_back({text(in), text(out), num(r.width, "%.0f"), num(r.height, "%.0f"), num(r.channels, "%.0f"),
                        num(r.seconds * 1e3, "%.3f")});
    } catch (const UsageError&) {
      throw;
    } catch (const std::exception& e) {
      std::cerr << "parlab: " << e.what() << "\n";
      ++failed;
    }
  }
  if (!t.rows.empty()) render(std::cout, {t}, f);
  return failed ? 1 : 0;
}

void add_backend_option(CLI::App* cmd, Options& o) {
  cmd->add_option("--backend", o.backend, "auto, cuda, openmp, simd or scalar (default: $PARLAB_BACKEND, else auto)");
}

void add_threads_option(CLI::App* cmd, Options& o) {
  cmd->add_option("--threads", o.threads, "OpenMP threads (default: OMP_NUM_THREADS or all CPUs)")
      ->check(CLI::Range(1, 4096).description(""));
}

void add_run_options(CLI::App* cmd, Options& o) {
  cmd->add_option("--size", o.size, "Elements (e.g. 1000000, 2^26, 1e8); default: the kernel's own");
  add_threads_option(cmd, o);
  cmd->add_option("--repeat", o.repeat, "Timed runs after one warm-up; the median is reported")
      ->check(CLI::Range(1, 1000000).description(""));
  cmd->add_option("--seed", o.seed, "Seed of the counter-based generator for the built-in data");
}

// Prints the results, then fails (exit 1) if any disagrees with the reference.
void render_checked(const std::vector<Table>& tables, const std::vector<Result>& results, Format f) {
  render(std::cout, tables, f);
  std::cout.flush();
  for (const Result& r : results)
    if (!r.verdict.ok)
      throw Error(std::string(r.kernel) + " on " + std::string(to_string(r.backend)) +
                  ": result differs from the scalar reference: " + r.verdict.detail);
}

// `compare` and the showcase: every usable backend of each kernel.
std::vector<Result> compare_kernels(const std::string& which, const Options& o, const Roofline* roof) {
  std::vector<Backend> usable;
  for (Backend b : kBackends)
    if (backend_status(b).usable) usable.push_back(b);
  std::vector<Result> all;
  auto one = [&](const Kernel& k) {
    auto r = compare(k, usable, o.run(), roof);
    all.insert(all.end(), r.begin(), r.end());
  };
  if (which == "all")
    for (const Kernel& k : kernels()) one(k);
  else
    one(find_kernel(which));
  return all;
}

int run_cli(int argc, char** argv) {
  Options o;
  CLI::App app{"parlab: concurrency and parallelism, measured. Runs each kernel on every backend\n"
               "(cuda, openmp, simd, scalar), checks it against the scalar reference and sets its\n"
               "speed against this machine's measured limits. With no command: the showcase."};
  app.set_help_all_flag("--help-all", "Help for every command");
  app.add_option("--format", o.format, "Output: table, json or csv")
      ->check(CLI::IsMember({"table", "json", "csv"}))
      ->capture_default_str();
  app.require_subcommand(0, 1);

  auto* info = app.add_subcommand("info", "This machine: CPU, OpenMP, SIMD ISA, GPU, build, backends");
  auto* list = app.add_subcommand("list", "Kernels x backends, with availability here");
  auto* run = app.add_subcommand("run", "Run one kernel on one backend and check it against the reference");
  run->add_option("kernel", o.kernel, "Kernel name (see `parlab list`)")->required();
  add_backend_option(run, o);
  add_run_options(run, o);
  add_image_size_options(run, o);
  add_filter_options(run, o);
  auto* cmp = app.add_subcommand("compare", "Run a kernel (or all) on every usable backend, checked and timed");
  cmp->add_option("kernel", o.kernel, "Kernel name or `all`")->capture_default_str();
  add_run_options(cmp, o);
  add_image_size_options(cmp, o);
  add_filter_options(cmp, o);
  auto* filt = app.add_subcommand("filter", "Filter image files (PNG, JPEG, PPM/PGM in; PNG, PPM/PGM out)");
  filt->add_option("kernel", o.kernel, "An image kernel: gray, gray_u8, box_blur, gaussian_blur, sobel, unsharp")->required();
  filt->add_option("--input,-i", o.inputs, "Input image file(s)")->required();
  filt->add_option("--output,-o", o.output, "Output file (.png, .ppm, .pgm), for one input");
  filt->add_option("--output-dir", o.output_dir, "Directory for the outputs of several inputs (<name>.png)");
  add_backend_option(filt, o);
  add_threads_option(filt, o);
  add_filter_options(filt, o);
  auto* roof = app.add_subcommand("roofline", "Measure memory bandwidth: read, copy, triad; 1 and all threads");
  roof->add_option("--size", o.size, "Elements per array (default 2^26: 256 MiB)");
  roof->add_option("--threads", o.threads, "Threads of the all-threads row")->check(CLI::Range(1, 4096).description(""));
  roof->add_option("--repeat", o.repeat, "Timed runs per probe")->check(CLI::Range(1, 1000000).description(""));
  for (auto* cmd : {info, list, run, cmp, roof, filt})
    cmd->add_option("--format", o.format, "Output: table, json or csv")->check(CLI::IsMember({"table", "json", "csv"}));

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string msg = e.what();
    std::replace(msg.begin(), msg.end(), '\n', ' ');
    std::cerr << "parlab: " << msg << " (see parlab --help)\n";
    return 2;
  }

  const Format f = o.fmt();
  if (*info) {
    render(std::cout, {info_table(machine_info()), backends_table()}, f);
  } else if (*list) {
    render(std::cout, {kernels_table()}, f);
  } else if (*run) {
    const Kernel& k = find_kernel(o.kernel);
    reject_size_for_images(k, o);
    const RunOptions ro = o.run();
    const Selection sel = select_backend(backend_request(o.backend));
    if (!k.has(sel.backend))
      throw Error(std::string(k.name) + ": no " + std::string(to_string(sel.backend)) + " variant");
    std::string title = std::string(k.name) + " on " + std::string(to_string(sel.backend));
    if (!sel.skipped.empty()) {
      title += " (auto; skipped ";
      for (std::size_t i = 0; i < sel.skipped.size(); ++i) title += (i ? "; " : "") + sel.skipped[i];
      title += ")";
    }
    const Backend one[] = {sel.backend};
    const auto results = compare(k, one, ro, nullptr);
    render_checked({results_table(results, title)}, results, f);
  } else if (*cmp) {
    const RunOptions ro = o.run();  // validate before the long roofline probe
    (void)ro;
    if (o.kernel != "all") reject_size_for_images(find_kernel(o.kernel), o);
    const Roofline r = measure_roofline(0, o.threads, 10);
    const auto results = compare_kernels(o.kernel, o, &r);
    render_checked({roofline_table(r), results_table(results, "Every usable backend against the scalar reference")},
                        results, f);
  } else if (*filt) {
    return filter_files(o, f);
  } else if (*roof) {
    const std::size_t n = o.size.empty() ? 0 : parse_count("--size", o.size);
    if (!o.size.empty() && n < 1024) throw UsageError("--size '" + o.size + "': the probe needs at least 1024 elements");
    render(std::cout, {roofline_table(measure_roofline(n, o.threads, o.repeat))}, f);
  } else {
    // The showcase: what this machine is, what it can move, and every kernel
    // on every usable backend, checked. Sized to finish well within a minute.
    const Roofline r = measure_roofline(0, 0, 10);
    o.repeat = 3;
    const auto results = compare_kernels("all", o, &r);
    render_checked({info_table(machine_info()), backends_table(), roofline_table(r),
                         results_table(results, "Every usable backend against the scalar reference")},
                        results, f);
  }
  return 0;
}

}  // namespace
}  // namespace parlab::cli

int main(int argc, char** argv) {
  try {
    return parlab::cli::run_cli(argc, argv);
  } catch (const parlab::UsageError& e) {
    std::cerr << "parlab: " << e.what() << "\n";
    return 2;
  } catch (const std::bad_alloc&) {
    std::cerr << "parlab: out of memory (try a smaller --size)\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "parlab: " << e.what() << "\n";
    return 1;
  }
}
