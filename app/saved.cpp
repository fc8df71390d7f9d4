#include "app/saved.hpp"

#include <algorithm>
#include <cstddef>
#include <memory>
#include <vector>

#include "app/table.hpp"
#include "parlab/source.hpp"
#include "runtime/error.hpp"

namespace parlab::cli {

namespace {

// How deep arrays and objects nest, outside strings: a document nested
// 100 000 deep would exhaust the stack of whatever walks it recursively
// (printing it does). Stops counting once past `limit`.
int nesting(const std::string& text, int limit) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if ((deepest = std::max(deepest, ++depth)) > limit) return deepest;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

}  // namespace

nlohmann::json load_saved(const std::string& path) {
  // "path: reason", said as the other errors of saved files say it.
  auto restated = [&](const Error& e, const std::string& what) {
    const std::string why = e.what(), prefix = path + ": ";
    return Error("'" + path + "': " + what + (why.starts_with(prefix) ? why.substr(prefix.size()) : why));
  };
  // A regular file (or a pipe with a writer, for at most its patience),
  // never a device: /dev/zero never ends. Read with the size checked first.
  std::shared_ptr<const Source> file;
  try {
    file = open_file(path);
  } catch (const Error& e) {
    throw restated(e, "cannot open: ");
  }
  std::vector<std::byte> bytes;
  try {
    bytes = read_all(*file, kMaxSavedBytes, "a saved-results reader");
  } catch (const Error& e) {
    throw restated(e, "");
  }
  return parse_saved(std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size()), path);
}

nlohmann::json parse_saved(const std::string& text, const std::string& path) {
  if (text.size() > kMaxSavedBytes)
    throw Error("'" + path + "': larger than " + std::to_string(kMaxSavedBytes) +
                " bytes, the most a saved-results reader reads into memory");
  // The depth is counted before parsing (nlohmann's parser recurses), but
  // only in what could be JSON at all: a binary file's stray brackets are
  // refused below for what they are, not JSON.
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  const bool container = first != std::string::npos && (text[first] == '{' || text[first] == '[');
  if (container && nesting(text, kMaxSavedNesting) > kMaxSavedNesting)
    throw Error("'" + path + "': nested deeper than " + std::to_string(kMaxSavedNesting) +
                " levels (parlab writes 5); not a parlab results file");
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw Error("'" + path + "': not JSON (at byte " + std::to_string(e.byte) + ")");
  } catch (const nlohmann::json::exception& e) {  // a number too large for a double
    throw Error("'" + path + "': not JSON parlab can read (" + e.what() + ")");
  }
  if (!doc.is_object() || !doc.contains("schema") || doc["schema"] != kSchema)
    throw Error("'" + path + "': not a parlab results file (no \"schema\": \"" + kSchema + "\"; make one with --save)");
  const auto& v = doc["schema_version"];
  if (!v.is_number_integer() || v.get<long long>() != kSchemaVersion)
    throw Error("'" + path + "': schema version " + v.dump() + "; this parlab reads version " +
                std::to_string(kSchemaVersion));
  if (!doc["context"].is_object()) throw Error("'" + path + "': no context object");
  return doc;
}

std::string where_made(const nlohmann::json& doc) {
  // Any field may be missing or of another type in a file from elsewhere: "?" then.
  auto field = [](const nlohmann::json& o, const char* k) -> std::string {
    if (!o.is_object() || !o.contains(k)) return "?";
    return o[k].is_string() ? o[k].get<std::string>() : o[k].dump();
  };
  const nlohmann::json& c = doc["context"];
  const nlohmann::json gpu = c.contains("gpu") ? c["gpu"] : nlohmann::json();
  const bool has_gpu = gpu.is_object() && gpu.contains("usable") && gpu["usable"] == true;
  return field(c, "cpu") + ", " + field(c, "isa_dispatched") + ", " + field(c, "openmp_threads") + " threads, " +
         (has_gpu ? field(gpu, "name") : "no GPU") + ", rev " + field(c, "git_revision").substr(0, 12);
}

}  // namespace parlab::cli
