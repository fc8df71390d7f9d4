// The pipeline's file intake: any bytes, cut at NUL bytes into up to four
// files, through `parlab pipeline`'s stages (the io_uring read, the memory
// budget sized from each header, decode, filter, write). Every file is
// reported once, as written or with its error; a written file has its
// output and a failed one none; where the decoder accepts a file, its header
// alone gives the same shape.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cpu/image/image_io.hpp"
#include "parlab/registry.hpp"
#include "pipelines/files/file_pipeline.hpp"
#include "runtime/error.hpp"

namespace fs = std::filesystem;

namespace {

// The scratch folder of this process, removed when it exits.
struct Scratch {
  fs::path dir = fs::temp_directory_path() / ("parlab_intake_fuzz_" + std::to_string(::getpid()));
  ~Scratch() {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Scratch scratch;
  const fs::path& dir = scratch.dir;
  fs::remove_all(dir);
  fs::create_directories(dir / "out");
  const std::string all(reinterpret_cast<const char*>(data), size);
  parlab::pipeline::Options o;
  for (std::size_t at = 0; at <= all.size() && o.inputs.size() < 4;) {
    const std::size_t nul = std::min(all.find('\0', at), all.size());
    const std::string name = "f" + std::to_string(o.inputs.size());
    std::ofstream((dir / name).string(), std::ios::binary) << all.substr(at, nul - at);
    o.inputs.push_back((dir / name).string());
    o.outputs.push_back((dir / "out" / (name + ".png")).string());
    at = nul + 1;
  }
  o.kernel = &parlab::find_kernel("sobel");
  o.params = o.kernel->defaults();
  o.threads = 2;
  o.memory = 64 << 20;  // small: files wait for each other
  std::vector<int> seen(o.inputs.size(), 0);
  const auto sum = parlab::pipeline::run(o, [&](const parlab::pipeline::FileResult& r) {
    ++seen.at(r.index);
    if (r.error.empty() != fs::exists(o.outputs[r.index])) __builtin_trap();  // an output iff written
  });
  for (int n : seen)
    if (n != 1) __builtin_trap();  // every file reported once
  if (sum.ok + sum.failed != o.inputs.size()) __builtin_trap();
  for (const std::string& in : o.inputs) {
    std::ifstream f(in, std::ios::binary);
    const std::string b{std::istreambuf_iterator<char>(f), {}};
    const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(b.data()), b.size());
    try {
      const parlab::Image whole = parlab::image::decode_image(bytes, in);
      const parlab::Image head = parlab::image::decode_header(bytes, in);
      if (head.width != whole.width || head.height != whole.height || head.channels != whole.channels) __builtin_trap();
    } catch (const parlab::Error&) {
    }
  }
  return 0;
}
