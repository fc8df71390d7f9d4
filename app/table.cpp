#include "app/table.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>

#include "app/messages.hpp"
#include "parlab/output_file.hpp"
#include "runtime/error.hpp"

namespace parlab::cli {

// NaN is written "nan", whatever its sign bit (printf writes "-nan" for some).
Cell num(double v, const char* fmt) {
  char buf[64];
  std::snprintf(buf, sizeof buf, std::isnan(v) ? "nan" : fmt, v);
  return {buf, std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(buf)};
}
Cell integer(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, std::isnan(v) ? "nan" : "%.0f", v);
  return {buf, std::isfinite(v) ? nlohmann::json(static_cast<long long>(v)) : nlohmann::json(buf)};
}
Cell text(std::string s) { return {std::move(s), nullptr}; }
Cell value(std::string text, nlohmann::json json) { return {std::move(text), std::move(json)}; }

Cell data_key(const std::string& key) {
  std::size_t keep = key.size();
  if (keep > kKeyShown) {
    keep = kKeyShown;
    while (keep > 0 && (static_cast<unsigned char>(key[keep]) & 0xC0) == 0x80) --keep;  // not inside a UTF-8 character
  }
  std::string shown = one_line(std::string_view(key).substr(0, keep));
  if (keep < key.size()) shown += "\u2026 (" + std::to_string(key.size()) + " bytes)";
  if (shown == key) return text(key);
  return value(std::move(shown), key);
}

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

}  // namespace

std::vector<std::string> wrapped(const std::string& text, std::size_t width) {
  std::vector<std::string> lines;
  std::string rest = text;
  while (rest.size() > width) {
    std::size_t cut = rest.rfind(' ', width);
    if (cut == std::string::npos || cut == 0) cut = width;
    lines.push_back(rest.substr(0, cut));
    rest = rest.substr(cut + (rest[cut] == ' '));
  }
  lines.push_back(rest);
  return lines;
}

namespace {

// Aligned columns, two spaces apart, indented by two. Rows wider than
// `width` wrap the text of their wrapping columns (Table::wrap), each
// column given its natural width or an equal share of what is left, the
// narrowest first; a title wider than `width` wraps at its spaces.
void text_form(std::ostream& out, const Table& t, std::size_t width) {
  if (!t.title.empty()) {
    std::istringstream lines(t.title);
    for (std::string line; std::getline(lines, line);)
      for (const std::string& piece : wrapped(line, width)) out << piece << "\n";
  }
  const std::size_t n = t.columns.size();
  std::vector<std::size_t> natural(n);
  for (std::size_t c = 0; c < n; ++c) {
    natural[c] = t.key_value ? 0 : t.columns[c].size();
    for (const auto& row : t.rows) natural[c] = std::max(natural[c], row[c].text.size());
  }
  std::vector<bool> wraps(n);
  for (std::size_t c = 0; c < n; ++c)
    wraps[c] = (t.key_value && c + 1 == n) || std::find(t.wrap.begin(), t.wrap.end(), t.columns[c]) != t.wrap.end();
  std::vector<std::size_t> w = natural;
  std::size_t fixed = 2 + 2 * (n - 1);  // the indent and the gaps, then the columns that do not wrap
  std::vector<std::size_t> order;       // the columns that wrap, narrowest first
  for (std::size_t c = 0; c < n; ++c)
    if (wraps[c])
      order.push_back(c);
    else
      fixed += natural[c];
  if (!order.empty() && fixed < width) {
    // Share what the fixed columns leave, at least 16 each.
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return natural[a] < natural[b]; });
    std::size_t left = width - fixed;
    for (std::size_t i = 0; i < order.size(); ++i) {
      const std::size_t share = std::max<std::size_t>(16, left / (order.size() - i));
      w[order[i]] = std::max<std::size_t>(std::min(natural[order[i]], share), t.key_value ? 0 : t.columns[order[i]].size());
      left -= std::min(left, w[order[i]]);
    }
  }
  auto line = [&](auto cell) {
    std::vector<std::vector<std::string>> pieces(n);
    std::size_t height = 1;
    for (std::size_t c = 0; c < n; ++c) {
      pieces[c] = wraps[c] && cell(c).size() > w[c] ? wrapped(cell(c), w[c]) : std::vector<std::string>{cell(c)};
      height = std::max(height, pieces[c].size());
    }
    for (std::size_t l = 0; l < height; ++l) {
      std::string s = "  ";
      for (std::size_t c = 0; c < n; ++c) {
        const std::string v = l < pieces[c].size() ? pieces[c][l] : "";
        s += c + 1 == n ? v : v + std::string(w[c] - std::min(w[c], v.size()) + 2, ' ');
      }
      while (!s.empty() && s.back() == ' ') s.pop_back();
      out << s << "\n";
    }
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

int text_width() {
  winsize ws{};
  if (isatty(STDOUT_FILENO) && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40) return ws.ws_col;
  if (const char* c = std::getenv("COLUMNS"); c && *c) {
    char* end = nullptr;
    const long n = std::strtol(c, &end, 10);
    if (*end == 0 && n >= 40 && n <= 10000) return static_cast<int>(n);
  }
  return 120;
}

namespace {

// Digests only in the table format, and not with --wide; full tables
// everywhere else.
bool shown_in(const Table& t, Format f, bool wide) {
  if (t.form == Table::Form::digest) return f == Format::table && !wide;
  if (t.form == Table::Form::full) return f != Format::table || wide;
  return true;
}

}  // namespace

void render(std::ostream& out, const std::vector<Table>& tables, Format f, bool wide) {
  std::vector<const Table*> shown;
  for (const Table& t : tables)
    if (shown_in(t, f, wide)) shown.push_back(&t);
  switch (f) {
    case Format::table: {
      // --wide prints every column on one line, as wide as it is.
      const std::size_t width = wide ? std::string::npos / 2 : static_cast<std::size_t>(text_width());
      for (const Table* t : shown) text_form(out, *t, width);
      break;
    }
    case Format::csv:
      // The context, then one table: plain CSV; several: each preceded by a "# table: key" line.
      out << "# " << kSchema << " " << kSchemaVersion << "\n";
      csv_context(out, context(), "context");
      for (const Table* t : shown) {
        if (shown.size() > 1) out << "# table: " << t->key << "\n";
        csv_form(out, *t);
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
  for (const Table& t : tables)
    if (shown_in(t, Format::json, false)) doc[t.key] = json_form(t);
  return doc;
}

void save(const std::string& path, const std::vector<Table>& tables) {
  write_output(path, document(tables).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n",
               "--save '" + path + "'");
}

void check_output_file(const std::string& flag, const std::string& path) {
  if (!path.empty()) check_output(path, flag + " '" + path + "'");
}

}  // namespace parlab::cli
