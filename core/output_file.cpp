// Writing an output safely: a temporary renamed into place, or a stream.
#include "parlab/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "parlab/temp_files.hpp"
#include "runtime/error.hpp"

namespace parlab {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& label, const std::string& why) { throw Error(label + ": " + why); }

enum class Kind { file, stream };

bool under_system_tree(const std::string& path) {
  const std::string abs = fs::absolute(path).lexically_normal().string();
  return abs.starts_with("/dev/") || abs.starts_with("/proc/");
}

// What is at `path`, and whether it can be written: fails with the reason.
Kind classify(const std::string& path, const std::string& label) {
  if (path.empty()) fail(label, "no file name");
  if (fs::path(path).filename().empty() || path.ends_with("/.") || path.ends_with("/..")) fail(label, "not a file name");
  struct stat st {};
  const bool exists = ::stat(path.c_str(), &st) == 0;  // through any link
  if (exists && S_ISDIR(st.st_mode)) fail(label, "is a directory");
  if (exists && S_ISBLK(st.st_mode)) fail(label, "a block device: not written");
  if (exists && S_ISSOCK(st.st_mode)) fail(label, "a socket: not written");
  if (exists && (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode))) return Kind::stream;
  if (under_system_tree(path)) {
    if (!exists) fail(label, "no such file (under /dev and /proc parlab writes only to what exists)");
    return Kind::stream;  // /dev/stdout sent to a regular file, say
  }
  const fs::path dir = fs::path(path).parent_path().empty() ? fs::path(".") : fs::path(path).parent_path();
  struct stat d {};
  if (::stat(dir.c_str(), &d) != 0 || !S_ISDIR(d.st_mode)) fail(label, "no directory '" + dir.string() + "'");
  return Kind::file;
}

// Opens a stream without blocking (a named pipe with no reader would wait
// forever), then writes to it blocking. Appends: /dev/stdout sent to a file
// keeps what was printed before.
FILE* open_stream(const std::string& path, const std::string& label) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) fail(label, errno == ENXIO ? "a named pipe with no reader" : std::strerror(errno));
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  FILE* f = ::fdopen(fd, "wb");
  if (!f) {
    ::close(fd);
    fail(label, std::strerror(errno));
  }
  return f;
}

// The process's umask (reading it means setting it; set it straight back).
mode_t umask_now() {
  const mode_t m = ::umask(0);
  ::umask(m);
  return m;
}

std::string temporary_beside(const std::string& path) {
  const fs::path target(path);
  const fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  std::string name = ".";  // appended piecewise: GCC 12 warns falsely on "." + s + "..."
  name += target.filename().string();
  name += ".tmp-XXXXXX";
  return (dir / name).string();
}

}  // namespace

void check_directory_takes_files(const std::string& dir, const std::string& label) {
  if (!fs::is_directory(dir)) fail(label, "not a directory");
  std::string probe = (fs::path(dir) / ".parlab_probe_XXXXXX").string();
  const int fd = ::mkstemp(probe.data());
  if (fd < 0) fail(label, std::string("cannot write there: ") + std::strerror(errno));
  ::close(fd);
  ::unlink(probe.c_str());
}

void check_output(const std::string& path, const std::string& label_given) {
  const std::string label = label_given.empty() ? path : label_given;
  if (classify(path, label) == Kind::stream) return;
  const fs::path dir = fs::path(path).parent_path();
  check_directory_takes_files(dir.empty() ? "." : dir.string(), label);
}

OutputFile::OutputFile(std::string path, std::string label)
    : path_(std::move(path)), label_(label.empty() ? path_ : std::move(label)) {
  if (classify(path_, label_) == Kind::stream) {
    file_ = open_stream(path_, label_);
    return;
  }
  tmp_ = temporary_beside(path_);
  const int fd = ::mkstemp(tmp_.data());
  if (fd < 0) fail(label_, std::string("cannot write there: ") + std::strerror(errno));
  slot_ = temp_files::track(tmp_.c_str());  // a signal now removes it
  // mkstemp makes the file 0600: give it the mode the target has, or the
  // one a new file gets under the umask.
  struct stat st {};
  const mode_t mode = ::lstat(path_.c_str(), &st) == 0 && S_ISREG(st.st_mode) ? st.st_mode & 07777 : 0666 & ~umask_now();
  ::fchmod(fd, mode);
  file_ = ::fdopen(fd, "wb");
  if (!file_) {
    const int e = errno;
    ::close(fd);
    ::unlink(tmp_.c_str());
    temp_files::untrack(slot_);
    fail(label_, std::string("cannot write there: ") + std::strerror(e));
  }
}

OutputFile::~OutputFile() {
  if (file_) std::fclose(file_);
  if (!committed_ && !tmp_.empty()) ::unlink(tmp_.c_str());
  temp_files::untrack(slot_);
}

void OutputFile::commit() {
  const bool ok = std::fflush(file_) == 0 && !std::ferror(file_);
  int e = errno;
  const bool closed = std::fclose(file_) == 0;
  if (ok && !closed) e = errno;
  file_ = nullptr;
  if (!ok || !closed) fail(label_, std::string("write failed: ") + std::strerror(e));
  if (!tmp_.empty() && std::rename(tmp_.c_str(), path_.c_str()) != 0)
    fail(label_, std::string("cannot rename into place: ") + std::strerror(errno));
  committed_ = true;
}

void write_output(const std::string& path, std::string_view text, const std::string& label) {
  OutputFile out(path, label);
  std::fwrite(text.data(), 1, text.size(), out.stream());  // a short write sets the error commit() reports
  out.commit();
}

}  // namespace parlab
