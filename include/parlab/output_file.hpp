#pragma once
// Every file parlab writes (--save, --trace, images, reports) goes through
// here, so every output is written the same safe way:
//
//   a new or regular file   written to a unique temporary beside it
//                           (mkstemp: O_EXCL, never a planted link), renamed
//                           over it only when complete; a failure or a signal
//                           leaves the old file as it was and no temporary;
//   a stream                a named pipe, a terminal, /dev/null, /dev/stdout
//                           and anything under /dev or /proc: written in
//                           place, never replaced (as root, a rename would
//                           put a file where the device was);
//   refused                 a directory, a block device, a socket, a missing
//                           directory, a directory that refuses a new file,
//                           a pipe with no reader.
//
// A symbolic link at the destination is replaced by the file, not followed
// (unless it leads to a stream). Errors name the output: "<label>: <reason>",
// the label being the path unless given ("--save 'r.json'").
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

namespace parlab {

// Throws Error where `path` could not be written: called before any work, so
// a bad destination costs nothing.
void check_output(const std::string& path, const std::string& label = "");
// Throws Error("<label>: not a directory" or "...: cannot write there: <why>")
// unless `dir` is a directory that takes a new file (a probe, made and removed).
void check_directory_takes_files(const std::string& dir, const std::string& label);

class OutputFile {
 public:
  explicit OutputFile(std::string path, std::string label = "");
  ~OutputFile();  // not committed: the temporary is removed, a stream closed
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  FILE* stream() { return file_; }
  // Flushes, checks and renames into place (a stream: flushes). Throws Error.
  void commit();

 private:
  std::string path_, label_, tmp_;  // tmp_ empty: a stream
  FILE* file_ = nullptr;
  int slot_ = -1;
  bool committed_ = false;
};

// `text` as the whole of the output at `path`.
void write_output(const std::string& path, std::string_view text, const std::string& label = "");

}  // namespace parlab
