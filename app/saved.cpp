#include "app/saved.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "app/table.hpp"
#include "runtime/error.hpp"

namespace parlab::cli {

nlohmann::json load_saved(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error("'" + path + "': cannot open: " + std::strerror(errno));
  std::stringstream text;
  text << in.rdbuf();
  if (in.bad()) throw Error("'" + path + "': cannot read: " + std::strerror(errno));
  return parse_saved(text.str(), path);
}

nlohmann::json parse_saved(const std::string& text, const std::string& path) {
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
