// Listing files and directories, and reading them as one input.
#include "parlab/file_set.hpp"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <utility>

#include "runtime/error.hpp"
#include "runtime/mpi/ranks.hpp"

namespace parlab {
namespace {

// What a path is, in words, when it is not a file or a directory.
const char* special_kind(mode_t m) {
  if (S_ISFIFO(m)) return "a named pipe (FIFO)";
  if (S_ISCHR(m)) return "a character device";
  if (S_ISBLK(m)) return "a block device";
  if (S_ISSOCK(m)) return "a socket";
  return "not a regular file";
}

class Walker {
 public:
  explicit Walker(Listing& out) : out_(out) {}

  void path(const std::string& p) {
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) {
      struct stat link {};
      const bool dangling = errno == ENOENT && ::lstat(p.c_str(), &link) == 0 && S_ISLNK(link.st_mode);
      problem(p, dangling ? "a symbolic link to nothing" : std::strerror(errno));
      return;
    }
    if (S_ISREG(st.st_mode)) {
      out_.files.push_back(p);
      out_.sizes.push_back(static_cast<std::uint64_t>(st.st_size));
      out_.bytes += static_cast<std::uint64_t>(st.st_size);
    } else if (S_ISDIR(st.st_mode)) {
      directory(p, st);
    } else {
      problem(p, std::string(special_kind(st.st_mode)) + ", not read");
    }
  }

 private:
  using Id = std::pair<dev_t, ino_t>;

  void directory(const std::string& p, const struct stat& st) {
    const Id id{st.st_dev, st.st_ino};
    if (std::find(open_.begin(), open_.end(), id) != open_.end()) {
      problem(p, "a symbolic link loop (this directory contains itself), not followed");
      return;
    }
    if (!seen_.insert(id).second) return;  // reached again through another link: counted once
    DIR* d = ::opendir(p.c_str());
    if (!d) {
      problem(p, std::string("cannot open the directory: ") + std::strerror(errno));
      return;
    }
    std::vector<std::string> names;
    errno = 0;
    while (const dirent* e = ::readdir(d)) {
      const std::string n = e->d_name;
      if (n != "." && n != "..") names.push_back(n);
    }
    const int err = errno;
    ::closedir(d);
    if (err != 0) problem(p, std::string("reading the directory failed: ") + std::strerror(err));
    std::sort(names.begin(), names.end());
    open_.push_back(id);
    for (const std::string& n : names) path(p + (p.ends_with('/') ? "" : "/") + n);
    open_.pop_back();
  }

  void problem(const std::string& p, const std::string& why) { out_.problems.push_back(p + ": " + why); }

  Listing& out_;
  std::vector<Id> open_;  // the directories being walked, outermost first
  std::set<Id> seen_;
};

}  // namespace

Listing list_files(const std::vector<std::string>& paths) {
  Listing l;
  Walker w(l);
  for (const std::string& p : paths) w.path(p);
  return l;
}

namespace {

// Where the cut at byte `at` of the whole listing goes: back to a multiple of
// kRangeAlign within the file it falls in (to the file's start if smaller).
std::uint64_t aligned_cut(const Listing& all, std::uint64_t at) {
  std::uint64_t start = 0;
  for (std::uint64_t size : all.sizes) {
    if (at < start + size) return start + (at - start) / kRangeAlign * kRangeAlign;
    start += size;
  }
  return at;  // the end of the listing
}

}  // namespace

Listing my_share(Listing all) {
  if (!mpi::distributed()) return all;
  Listing mine;
  mine.split = true;
  mine.bytes = all.bytes;
  if (mpi::root()) mine.problems = std::move(all.problems);
  // Every rank computes the same cuts, so the shares meet exactly.
  const mpi::Share share = mpi::my_share(all.bytes);
  const std::uint64_t lo = aligned_cut(all, share.first), hi = aligned_cut(all, share.first + share.count);
  const bool last_rank = mpi::rank() + 1 == mpi::size();
  std::uint64_t at = 0;
  for (std::size_t i = 0; i < all.files.size(); ++i) {
    const std::uint64_t size = all.sizes[i], b = std::max(at, lo), e = std::min(at + size, hi);
    const bool empty_here = size == 0 && ((lo <= at && at < hi) || (last_rank && at == all.bytes));
    if (b < e || empty_here) {
      mine.files.push_back(all.files[i]);
      mine.sizes.push_back(size);
      if (empty_here) mine.ranges.push_back({.file = i});
      else mine.ranges.push_back({.file = i, .begin = b - at, .end = e - at, .starts_file = b == at, .ends_file = e == at + size});
    }
    at += size;
  }
  return mine;
}

FileSet::FileSet(std::string name, Listing listing, std::size_t chunk_bytes)
    : name_(std::move(name)), listing_(std::move(listing)), chunk_(std::max<std::size_t>(chunk_bytes, 1)) {
  for (const std::string& p : listing_.problems) record(p);
}

void FileSet::recording(const std::string& path, const std::function<void()>& work) const {
  try {
    work();
  } catch (const UsageError&) {
    throw;
  } catch (const std::bad_alloc&) {
    record(path + ": out of memory");
  } catch (const std::exception& e) {
    record(naming(path, e.what()));
  }
}

void FileSet::for_each_file(const File& file) const {
  for (std::size_t i = 0; i < listing_.files.size(); ++i) {
    const std::string& path = listing_.files[i];
    const Range r = i < listing_.ranges.size() ? listing_.ranges[i] : Range{.file = i};
    recording(path, [&] { file(*(r.whole() ? open_file(path, chunk_) : open_range(path, r, chunk_))); });
  }
}

void FileSet::for_each_chunk(const Chunk& chunk) const {
  for_each_file([&](const Source& f) { f.for_each_chunk(chunk); });
}

void FileSet::record(const std::string& problem) const {
  std::lock_guard lock(mutex_);
  if (problems_seen_.insert(problem).second) problems_.push_back(problem);
}

std::vector<std::string> FileSet::problems() const {
  std::vector<std::string> mine;
  {
    std::lock_guard lock(mutex_);
    mine = problems_;
  }
  if (!listing_.split) return mine;
  std::string joined;
  for (const std::string& p : mine) joined += p + '\n';
  // A file split by byte range fails on every rank that reads it (it is
  // unreadable, say): reported once.
  std::vector<std::string> all;
  std::unordered_set<std::string> seen;
  for (const std::string& part : mpi::allgather(joined))
    for (std::size_t at = 0, nl; (nl = part.find('\n', at)) != std::string::npos; at = nl + 1)
      if (std::string p = part.substr(at, nl - at); seen.insert(p).second) all.push_back(std::move(p));
  return all;
}

}  // namespace parlab
