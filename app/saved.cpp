#include "saved.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "parlab/error.hpp"
#include "table.hpp"

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
  const nlohmann::json& c = doc["context"];
  auto field = [&](const char* k) { return c.contains(k) && c[k].is_string() ? c[k].get<std::string>() : std::string("?"); };
  std::string s = field("cpu") + ", " + field("isa_dispatched") + ", " +
                  (c.contains("openmp_threads") ? c["openmp_threads"].dump() : "?") + " threads, ";
  const bool gpu = c.contains("gpu") && c["gpu"].is_object() && c["gpu"].value("usable", false);
  s += gpu ? c["gpu"].value("name", "GPU") : "no GPU";
  const std::string rev = field("git_revision");
  return s + ", rev " + rev.substr(0, 12);
}

}  // namespace parlab::cli
