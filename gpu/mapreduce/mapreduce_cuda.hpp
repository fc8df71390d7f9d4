#pragma once
// The map-reduce family on the CUDA device (gpu/mapreduce/mapreduce_device.cu), for
// the variants in mapreduce_cuda.cpp. Files are read on the host in chunks
// (cpu/mapreduce/split_map_reduce.hpp); each piece is copied to the device and
// mapped there. Plain C++ types only: read by nvcc and the host compiler.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "cpu/mapreduce/moments.hpp"
#include "runtime/spans.hpp"

namespace parlab::mapreduce {

// A distinct word of a piece: where one of its occurrences is, and how often it occurs.
struct WordRun {
  std::uint32_t start = 0, length = 0;
  std::uint64_t count = 0;
};

// Device buffers kept from one piece to the next, and the spans of the run
// ("h2d", "kernel", "d2h" per piece, timed by CUDA events).
class MapReduceDevice {
 public:
  explicit MapReduceDevice(Spans& spans);
  ~MapReduceDevice();
  MapReduceDevice(const MapReduceDevice&) = delete;
  MapReduceDevice& operator=(const MapReduceDevice&) = delete;

  // Adds the counts of the bytes' 256 values to bins[0..255].
  void histogram(std::span<const std::byte> bytes, std::uint64_t* bins);
  // One Moments per block of `block` float32 values (the last may be
  // shorter), in order; `values` holds whole floats, at any alignment.
  void moments(std::span<const std::byte> values, std::size_t block, Moments* out);
  // The distinct words of `bytes` (words.hpp's definition; the piece must
  // not cut a word) and the number of words. Words are told apart by a
  // 64-bit hash of their lowered bytes, and every pair of words that share a
  // hash is compared byte by byte: a collision throws Error rather than
  // merging two words. Fewer than 2^32 bytes.
  std::uint64_t words(std::span<const std::byte> bytes, std::vector<WordRun>& distinct);
  // Waits for the device and adds the spans.
  void finish();

 private:
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace parlab::mapreduce
