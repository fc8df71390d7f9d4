#pragma once
// A FileSet read through the async read stage (pipelines/io/async_read.hpp): an
// I/O thread keeps reads in flight (io_uring, or its fallback) while the
// consumer works file by file, in the listing's order, as FileSet promises.
// What the map-reduce commands read their files with.
#include "parlab/file_set.hpp"
#include "pipelines/io/async_read.hpp"

namespace parlab::io {

class AsyncFileSet final : public FileSet {
 public:
  // `method`: io_uring (the default), blocking or sequential; PARLAB_IO overrides it.
  AsyncFileSet(std::string name, Listing listing, Method method = Method::io_uring,
               std::size_t chunk_bytes = kDefaultChunkBytes);
  void for_each_file(const File& file) const override;
  // How the last pass read: "io_uring (queue depth 64)", or the fallback and why.
  std::string how() const;

 private:
  Method method_;
  mutable std::string how_;
};

}  // namespace parlab::io
