#pragma once
// One shape for everything the CLI prints: a table of cells, rendered as
// aligned text, CSV or JSON (an array of objects, or one object for a
// key/value table).
#include <iosfwd>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace parlab::cli {

enum class Format { table, json, csv };

struct Cell {
  std::string text;     // the text and CSV form
  nlohmann::json json;  // the JSON form; null: the text
};
Cell num(double v, const char* fmt = "%.3g");  // a real number
Cell integer(double v);                        // a whole number: JSON writes 2, not 2.0
Cell text(std::string s);
Cell value(std::string text, nlohmann::json json);

struct Table {
  std::string key;                   // JSON member name when several tables are printed
  std::string title;                 // printed above the text form only
  std::vector<std::string> columns;
  std::vector<std::vector<Cell>> rows;
  bool key_value = false;            // two columns, field/value: JSON writes one object
};

void render(std::ostream& out, const std::vector<Table>& tables, Format f);

}  // namespace parlab::cli
