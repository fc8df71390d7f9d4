#include "table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <ostream>

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

void render(std::ostream& out, const std::vector<Table>& tables, Format f) {
  switch (f) {
    case Format::table:
      for (const Table& t : tables) text_form(out, t);
      break;
    case Format::csv:
      // One table: plain CSV. Several: each preceded by a "# title" line.
      for (const Table& t : tables) {
        if (tables.size() > 1) out << "# " << t.key << "\n";
        csv_form(out, t);
      }
      break;
    case Format::json: {
      nlohmann::json doc = nlohmann::json::object();
      for (const Table& t : tables) doc[t.key] = json_form(t);
      // Text from files may hold bytes that are not UTF-8 (a word of a
      // binary file): JSON shows each as U+FFFD rather than failing.
      out << (tables.size() == 1 ? json_form(tables[0]) : doc).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
          << "\n";
      break;
    }
  }
}

}  // namespace parlab::cli
