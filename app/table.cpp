#include "app/table.hpp"

#include <algorithm>
#include <cmath>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <ostream>
#include <unistd.h>

#include "runtime/error.hpp"

namespace parlab::cli {

Cell num(double v, const char* fmt) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return {buf, std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(buf)};
}
Cell integer(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.0f", v);
  return {buf, std::isfinite(v) ? nlohmann::json(static_cast<long long>(v)) : nlohmann::json(buf)};
}
Cell text(std::string s) { return {std::move(s), nullptr}; }
Cell value(std::string text, nlohmann::json json) { return {std::move(text), std::move(json)}; }

namespace {

nlohmann::json& context() {
  static nlohmann::json c = nlohmann::json::object();
  return c;
}

// The context as "# key: value" lines: nested objects flattened (gpu.name),
// arrays joined with spaces.
void csv_context(std::ostream& out, const nlohmann::json& j, const std::string& prefix) {
  for (const auto& [key, v] : j.items()) {
    const std::string name = prefix.empty() ? key : prefix + "." + key;
    if (v.is_object()) {
      csv_context(out, v, name);
      continue;
    }
    std::string text;
    if (v.is_array())
      for (const auto& x : v) {
        if (!text.empty()) text += ' ';
        text += x.is_string() ? x.get<std::string>() : x.dump();
      }
    else
      text = v.is_string() ? v.get<std::string>() : v.dump();
    std::replace(text.begin(), text.end(), '\n', ' ');
    out << "# " << name << ": " << text << "\n";
  }
}

void text_form(std::ostream& out, const Table& t) {
  if (!t.title.empty()) out << t.title << "\n";
  std::vector<std::size_t> width(t.columns.size());
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    width[c] = t.key_value ? 0 : t.columns[c].size();
    for (const auto& row : t.rows) width[c] = std::max(width[c], row[c].text.size());
  }
  auto line = [&](auto cell) {
    std::string s = "  ";
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      const std::string& v = cell(c);
      const bool last = c + 1 == t.columns.size();
      s += v + (last ? "" : std::string(width[c] - v.size() + 2, ' '));
    }
    out << s << "\n";
  };
  if (!t.key_value) line([&](std::size_t c) -> const std::string& { return t.columns[c]; });
  for (const auto& row : t.rows) line([&](std::size_t c) -> const std::string& { return row[c].text; });
  out << "\n";
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char ch : s) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return q + "\"";
}

void csv_form(std::ostream& out, const Table& t) {
  for (std::size_t c = 0; c < t.columns.size(); ++c) out << (c ? "," : "") << csv_field(t.columns[c]);
  out << "\n";
  for (const auto& row : t.rows) {
    for (std::size_t c = 0; c < row.size(); ++c) out << (c ? "," : "") << csv_field(row[c].text);
    out << "\n";
  }
}

nlohmann::json json_value(const Cell& c) { return c.json.is_null() ? nlohmann::json(c.text) : c.json; }

nlohmann::json json_form(const Table& t) {
  if (t.key_value) {
    nlohmann::json o = nlohmann::json::object();
    for (const auto& row : t.rows) o[row[0].text] = json_value(row[1]);
    return o;
  }
  nlohmann::json a = nlohmann::json::array();
  for (const auto& row : t.rows) {
    nlohmann::json o = nlohmann::json::object();
    for (std::size_t c = 0; c < row.size(); ++c) o[t.columns[c]] = json_value(row[c]);
    a.push_back(std::move(o));
  }
  return a;
}

}  // namespace

void render(std::ostream& out, const std::vector<Table>& tables, Format f, bool wide) {
  (void)wide;
  switch (f) {
    case Format::table:
      for (const Table& t : tables) text_form(out, t);
      break;
    case Format::csv:
      // The context, then one table: plain CSV; several: each preceded by a "# table: key" line.
      out << "# " << kSchema << " " << kSchemaVersion << "\n";
      csv_context(out, context(), "context");
      for (const Table& t : tables) {
        if (tables.size() > 1) out << "# table: " << t.key << "\n";
        csv_form(out, t);
      }
      break;
    case Format::json:
      // Text from files may hold bytes that are not UTF-8 (a word of a
      // binary file): JSON shows each as U+FFFD rather than failing.
      out << document(tables).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
      break;
  }
}

void set_context(nlohmann::json c) { context() = std::move(c); }

nlohmann::json document(const std::vector<Table>& tables) {
  nlohmann::json doc = {{"schema", kSchema}, {"schema_version", kSchemaVersion}, {"context", context()}};
  for (const Table& t : tables) doc[t.key] = json_form(t);
  return doc;
}

void save(const std::string& path, const std::vector<Table>& tables) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(path).parent_path();
  std::string tmp = ((dir.empty() ? fs::path(".") : dir) / ".parlab_save_XXXXXX").string();
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) throw Error("--save '" + path + "': cannot write there: " + std::strerror(errno));
  ::close(fd);
  {
    std::ofstream f(tmp, std::ios::trunc);
    f << document(tables).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    f.flush();
    if (!f) {
      const std::string why = std::strerror(errno);
      fs::remove(tmp);
      throw Error("--save '" + path + "': write failed: " + why);
    }
  }
  std::error_code ec;
  fs::permissions(tmp, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read,
                  ec);
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp);
    throw Error("--save '" + path + "': " + ec.message());
  }
}

void check_output_file(const std::string& flag, const std::string& path) {
  if (path.empty()) return;
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(path).parent_path();
  std::error_code ec;
  if (!dir.empty() && !fs::is_directory(dir, ec)) throw Error(flag + " '" + path + "': no directory '" + dir.string() + "'");
  if (fs::is_directory(path, ec)) throw Error(flag + " '" + path + "': is a directory");
}

}  // namespace parlab::cli
