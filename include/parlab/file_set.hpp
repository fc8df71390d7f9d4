#pragma once
// Many files as one input: what `parlab wordcount PATH...` counts. Paths are
// files or directories; directories are walked recursively, in name order,
// following symbolic links but never the same directory twice (a link loop is
// reported, not followed). Only regular files are read: a FIFO, a device or a
// socket is reported and never opened, so nothing can block on it.
//
// Each file is read in bounded chunks (source.hpp) when its turn comes, never
// loaded whole. A file that fails (missing by then, unreadable, a read
// error, or rejected by the kernel) is recorded with its reason and skipped;
// it contributes nothing, and the other files are still counted.
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_set>
#include <vector>

#include "parlab/source.hpp"

namespace parlab {

struct Listing {
  std::vector<std::string> files;     // regular files, in the order given (directories: by name)
  std::vector<std::string> problems;  // "<path>: <reason>", one per bad path
  std::uint64_t bytes = 0;            // the files' sizes when listed
  std::vector<std::uint64_t> sizes = {};  // of each file, when listed
  // Across ranks: this rank's share of a listing (my_share), whose results
  // the kernels then combine with the other ranks'; `bytes` stays the whole
  // listing's (a run's cost is the job's). `ranges`: the part of each file
  // this rank reads (a whole file, or a byte range of a large one).
  bool split = false;
  std::vector<Range> ranges = {};
};
Listing list_files(const std::vector<std::string>& paths);

// Byte ranges of a file split across ranks start at multiples of this from
// the file's start: a kernel that cuts its input into fixed blocks (stats,
// 16 KiB) then finds a block border at every range's start. A file smaller
// than this is never split.
inline constexpr std::uint64_t kRangeAlign = std::uint64_t{1} << 20;

// This rank's part of the listing: the listing's bytes, taken as one stream,
// cut into R contiguous shares of about 1/R each, every cut moved back to a
// multiple of kRangeAlign within its file. A rank reads the files and byte
// ranges of files that fall in its share, in listing order; an empty file
// goes to the rank whose share it lies at. The listing's problems go to rank
// 0 only. The whole listing with one rank.
Listing my_share(Listing all);

// The files read one after another with read(2) (open_file). The async read
// stage (pipelines/io/async_file_set.hpp) is a FileSet that reads ahead.
class FileSet : public Source {
 public:
  FileSet(std::string name, Listing listing, std::size_t chunk_bytes = kDefaultChunkBytes);
  const std::string& name() const override { return name_; }
  std::optional<std::uint64_t> size() const override { return listing_.bytes; }
  std::size_t chunk_bytes() const override { return chunk_; }
  // Every file's bytes in turn (offsets restart at 0 with each file); a
  // consumer that must know where a file ends reads for_each_file instead.
  void for_each_chunk(const Chunk& chunk) const override;
  void for_each_file(const File& file) const override;
  // The listing's problems and those met while reading, each reported once.
  // Split across ranks: every rank's, in file order (collective: every rank calls it).
  std::vector<std::string> problems() const;
  bool split_across_ranks() const override { return listing_.split; }

 protected:
  void record(const std::string& problem) const;
  // Runs `work` on the file at `path`; a failure other than a usage error is
  // recorded as the file's problem, and the set goes on.
  void recording(const std::string& path, const std::function<void()>& work) const;
  const Listing& listing() const { return listing_; }

 private:
  std::string name_;
  Listing listing_;
  std::size_t chunk_;
  mutable std::mutex mutex_;
  mutable std::vector<std::string> problems_;            // in the order met
  mutable std::unordered_set<std::string> problems_seen_;  // each once: a set, not a search per failure
};

}  // namespace parlab
