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
// A key that comes from the data (a word of a text): in the table and CSV
// forms its control characters are escaped as messages escape them
// (app/messages.hpp: no escape sequence reaches the terminal) and beyond kKeyShown bytes it is cut at a character border,
// with its length said ("aaaa… (52428800 bytes)"), so that one long word
// cannot blow a table up to its width on every row. JSON keeps it whole.
inline constexpr std::size_t kKeyShown = 64;
Cell data_key(const std::string& key);

struct Table {
  std::string key;                   // JSON member name when several tables are printed
  std::string title;                 // printed above the text form only
  std::vector<std::string> columns;
  std::vector<std::vector<Cell>> rows;
  bool key_value = false;            // two columns, field/value: JSON writes one object
  // Which renderings show it. A `full` table has every field (what JSON,
  // CSV and --save write, and what --wide prints); the table format prints
  // in its place the `digest` tables made from it, which fit a terminal.
  enum class Form { all, full, digest };
  Form form = Form::all;
  // Columns whose text may wrap onto more lines when a row is wider than the
  // terminal (the text form only); a key/value table's value always may.
  std::vector<std::string> wrap = {};
};

// The columns the table format fits its tables into: the terminal's width
// when stdout is one, else $COLUMNS, else 120.
int text_width();
// `text` as lines of at most `width` characters, broken at spaces where it can.
std::vector<std::string> wrapped(const std::string& text, std::size_t width);

// Every JSON and CSV output carries the run's context once (context.hpp):
// JSON as {"schema": "parlab.results", "schema_version": 1, "context": {...},
// "<table key>": ..., ...}, described by docs/results.schema.json; CSV as
// "# key: value" lines above the header. Set once, before anything prints.
inline constexpr const char* kSchema = "parlab.results";
inline constexpr int kSchemaVersion = 1;
void set_context(nlohmann::json context);

// `wide`: the table format with every column of every table.
void render(std::ostream& out, const std::vector<Table>& tables, Format f, bool wide = false);
// The JSON document of `tables`, as `render` prints it.
nlohmann::json document(const std::vector<Table>& tables);
// --save FILE: the JSON document, written whole or not at all (a temporary
// file beside it, renamed into place).
void save(const std::string& path, const std::vector<Table>& tables);
// An output file named by `flag` (--save, --trace), checked before any work:
// its directory must exist and it must not be a directory (Error otherwise).
void check_output_file(const std::string& flag, const std::string& path);

}  // namespace parlab::cli
