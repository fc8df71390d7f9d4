#include "app/file_outputs.hpp"

#include <filesystem>
#include <iostream>
#include <map>

#include "app/kernel_flags.hpp"
#include "app/messages.hpp"
#include "parlab/files.hpp"
#include "parlab/output_file.hpp"
#include "runtime/error.hpp"

namespace parlab::cli {

std::vector<const Kernel*> file_filters() {
  return kernels_where([](const Kernel& k) { return takes_files(k) && writes_files(k); });
}

const Kernel& file_filter(const std::string& name, const std::string& what) {
  const Kernel& k = find_kernel(name);
  if (!takes_files(k) || !writes_files(k)) {
    std::string which;
    for (const Kernel* x : file_filters()) which += (which.empty() ? "" : ", ") + std::string(x->name);
    throw UsageError(what + " '" + name + "' does not filter files (those that do: " + which + ")");
  }
  return k;
}

std::vector<std::string> output_names(const Kernel& k, const std::vector<std::string>& inputs, const std::string& output,
                                      const std::string& output_dir) {
  namespace fs = std::filesystem;
  auto key = [](const std::string& path) {
    std::error_code ec;  // /dev/stdin resolves to "pipe:[...]", which cannot be made canonical
    const fs::path c = fs::weakly_canonical(fs::absolute(path), ec);
    return ec ? fs::absolute(path).lexically_normal().string() : c.string();
  };
  std::map<std::string, std::string> typed;  // canonical path -> as typed
  for (const std::string& in : inputs) typed.emplace(key(in), in);
  std::map<std::string, std::string> written;  // canonical output -> the input writing it
  std::vector<std::string> outputs;
  for (const std::string& in : inputs) {
    const std::string out =
        !output.empty() ? output : (fs::path(output_dir) / fs::path(in).stem()).string() + std::string(k.file_extension);
    const std::string where = key(out);
    if (const auto same = typed.find(where); same != typed.end())
      throw UsageError("output '" + out + "' is the input '" + same->second + "': write it elsewhere");
    if (const auto [at, fresh] = written.emplace(where, in); !fresh)
      throw UsageError("inputs '" + at->second + "' and '" + in + "' would both write '" + out +
                       "' (same name): rename one, or give them different --output-dir");
    outputs.push_back(out);
  }
  return outputs;
}

void check_writable_directory(const std::string& flag, const std::string& dir) {
  namespace fs = std::filesystem;
  const std::string label = flag + " '" + dir + "'";
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(dir, ec)) && !dir.empty()) {
    if (!fs::create_directories(dir, ec) && ec) throw Error(label + ": cannot make it: " + ec.message());
    say(label + ": made (it did not exist)");
  }
  check_directory_takes_files(dir, label);
}

}  // namespace parlab::cli
