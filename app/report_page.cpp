#include "app/report_page.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "app/messages.hpp"
#include "app/saved.hpp"
#include "parlab/child_process.hpp"
#include "runtime/error.hpp"

namespace parlab::cli {
extern const char* const kReportScript;

namespace {

namespace fs = std::filesystem;

// The first Python that imports matplotlib.
std::string python_with_matplotlib() {
  // The one asked for, or Debian's (where python3-matplotlib installs), then the PATH's.
  std::vector<std::string> candidates = {"/usr/bin/python3", "python3"};
  if (const char* p = std::getenv("PARLAB_PYTHON"); p && *p) candidates = {p};
  // Asked to say so, not only to exit 0: a PARLAB_PYTHON=/bin/true passes no test.
  for (const std::string& py : candidates)
    if (capture_program({py, "-c", "import matplotlib; print('parlab: matplotlib ok')"}).out == "parlab: matplotlib ok\n")
      return py;
  throw Error("parlab report needs Python 3 with matplotlib: install it with `apt-get install python3-matplotlib` "
              "(or set PARLAB_PYTHON to a python3 that has it)");
}

}  // namespace

int make_report(const std::vector<std::string>& files, const std::string& out) {
  std::vector<std::string> good;
  for (const std::string& f : files) {
    try {
      load_saved(f);
      good.push_back(f);
    } catch (const Error& e) {
      say(e.what());
    }
  }
  if (good.empty()) return 1;  // each was named above: nothing to draw
  std::error_code ec;
  const fs::path dir(out);
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) throw Error("--out '" + out + "': not a directory");
  const fs::path parent = dir.has_parent_path() ? dir.parent_path() : fs::path(".");
  if (!fs::is_directory(parent, ec)) throw Error("--out '" + out + "': no directory '" + parent.string() + "'");
  const std::string python = python_with_matplotlib();

  // Drawn into a fresh directory beside `out`, then moved into it: an
  // interrupted or failed run leaves no half-made report.
  std::string tmp_name = (parent / ".parlab_report_XXXXXX").string();
  if (!::mkdtemp(tmp_name.data())) throw Error("--out '" + out + "': cannot write beside it: " + std::strerror(errno));
  const fs::path tmp(tmp_name);
  const fs::path script = tmp / "parlab_report.py";
  {
    std::ofstream s(script);
    s << kReportScript;
    if (!s) {
      fs::remove_all(tmp, ec);
      throw Error("--out '" + out + "': cannot write the script: " + std::strerror(errno));
    }
  }
  // "--": a saved file named "-h" or "--out=DIR" is a file, not an option.
  std::vector<std::string> args = {python, "-I", script.string(), "--out", tmp.string(), "--"};
  args.insert(args.end(), good.begin(), good.end());
  int rc = 0;
  {
    // Ctrl-C (or a kill) while the script draws: the script ends, the
    // half-made report is removed, and parlab ends by the same signal.
    ChildSignals signals;
    rc = run_program(args, false);
    if (signals.caught()) {
      fs::remove_all(tmp, ec);
      signals.end_by_signal();
    }
  }
  fs::remove(script, ec);
  if (rc != 0) {
    fs::remove_all(tmp, ec);
    if (rc == 3) return 1;  // the script said why, on one line
    throw Error("report: the plotting script failed (exit " + std::to_string(rc) + ")");
  }
  // What came back, not only the exit code: the page must be there.
  if (fs::file_size(tmp / "index.html", ec) == 0 || ec) {
    fs::remove_all(tmp, ec);
    throw Error("report: the plotting script exited 0 but wrote no page (" + python + ")");
  }
  fs::create_directory(dir, ec);
  for (const auto& entry : fs::directory_iterator(tmp)) fs::rename(entry.path(), dir / entry.path().filename());
  fs::remove(tmp, ec);
  say("report written to " + (dir / "index.html").string());
  return good.size() == files.size() ? 0 : 1;
}

}  // namespace parlab::cli
