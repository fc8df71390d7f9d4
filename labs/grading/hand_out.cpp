#include "labs/grading/hand_out.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>
#include <system_error>

#include "labs/grading/grader.hpp"
#include "runtime/error.hpp"

namespace parlab::labs {

namespace fs = std::filesystem;

namespace {

fs::path exe_dir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::current_path() : exe.parent_path();
}

// What a student must not get: the solutions and the grading code.
bool handed_out(const fs::path& p) {
  const std::string name = p.filename().string();
  return name != "solution" && !(name.size() > 10 && name.ends_with("_grade.cpp"));
}

void copy_tree(const fs::path& from, const fs::path& to) {
  fs::create_directories(to);
  for (const fs::directory_entry& e : fs::directory_iterator(from)) {
    if (!handed_out(e.path())) continue;
    if (e.is_directory()) copy_tree(e.path(), to / e.path().filename());
    else if (e.is_regular_file()) fs::copy_file(e.path(), to / e.path().filename(), fs::copy_options::overwrite_existing);
  }
}

}  // namespace

fs::path binaries_dir() {
  if (const char* env = std::getenv("PARLAB_LABS_BIN"); env && *env) return env;
  const fs::path here = exe_dir();
  if (fs::is_directory(here / ".." / "labs")) return fs::weakly_canonical(here / ".." / "labs");
  return fs::weakly_canonical(here / ".." / "libexec" / "parlab" / "labs");
}

fs::path sources_dir() {
  const fs::path installed = exe_dir() / ".." / "share" / "parlab" / "labs";
  if (fs::is_directory(installed)) return fs::weakly_canonical(installed);
  return PARLAB_LABS_SOURCE;
}

Packed pack(const fs::path& dir) {
  std::error_code ec;
  if (fs::exists(dir, ec) && (!fs::is_directory(dir, ec) || !fs::is_empty(dir, ec)))
    throw UsageError(dir.string() + ": not an empty directory (pack writes a new tree)");
  const fs::path src = sources_dir(), bin = binaries_dir();
  // Everything it takes is checked first: a missing piece writes nothing.
  std::vector<fs::path> needed{src / "labs.cmake", src / "students" / "CMakeLists.txt", src / "students" / "README.md",
                               src / "students" / "grade"};
  for (const Lab& lab : all_labs()) {
    needed.push_back(src / lab.slug);
    if (!fs::exists(bin / lab.program("solution")))
      throw Error((bin / lab.program("solution")).string() + ": not built (cmake --build --preset release --target " +
                  lab.program("solution") + ")");
  }
  for (const fs::path& p : needed)
    if (!fs::exists(p)) throw Error(p.string() + ": missing from parlab's labs (" + src.string() + ")");
  // Written beside its place and renamed when whole, so that a failure (a
  // full disk) leaves no half-made tree.
  const fs::path parent = fs::absolute(dir).parent_path();
  fs::create_directories(parent);
  std::string tmp = (parent / (std::string(".") + fs::absolute(dir).filename().string() + ".tmp-XXXXXX")).string();
  if (!mkdtemp(tmp.data())) throw Error(parent.string() + ": cannot write there: " + std::strerror(errno));
  Packed p;
  try {
    const fs::path out = tmp;
    fs::create_directories(out / "reference");
    for (const Lab& lab : all_labs()) {
      copy_tree(src / lab.slug, out / lab.slug);
      ++p.labs;
      fs::copy_file(bin / lab.program("solution"), out / "reference" / lab.program("solution"));
      ++p.references;
    }
    fs::copy_file(src / "labs.cmake", out / "labs.cmake");
    for (const char* f : {"CMakeLists.txt", "README.md", "grade"}) fs::copy_file(src / "students" / f, out / f);
    fs::permissions(out / "grade", fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec, fs::perm_options::add);
    // mkdtemp made it private; the tree gets a new directory's mode under the umask.
    const mode_t mask = umask(0);
    umask(mask);
    fs::permissions(out, static_cast<fs::perms>(0777 & ~mask));
    if (fs::exists(dir)) fs::remove(dir);  // empty, checked above
    fs::rename(out, dir);
  } catch (...) {
    fs::remove_all(tmp, ec);
    throw;
  }
  return p;
}

}  // namespace parlab::labs
