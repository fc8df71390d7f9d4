#include "app/demo_view.hpp"

#include <unistd.h>

#include <iostream>
#include <ostream>

#include "app/progress_line.hpp"
#include "parlab/gantt.hpp"

namespace parlab::cli {

Table demo_numbers(const std::string& key, const demo::Report& r) {
  Table t{key, r.title, {"measure", "value", "unit"}, {}};
  for (const demo::Number& n : r.numbers) t.rows.push_back({text(n.what), num(n.value, "%.6g"), text(n.unit)});
  return t;
}

void print_demo(std::ostream& out, const demo::Report& r, ChartStyle style) {
  const std::size_t width = static_cast<std::size_t>(text_width());
  auto paragraph = [&](const std::string& text) {
    for (const std::string& line : wrapped(text, width)) out << line << "\n";
  };
  out << "== " << r.title << "\n";
  paragraph(r.shows);
  out << "\n";
  Table numbers = demo_numbers("numbers", r);
  numbers.title.clear();  // the title is above already
  if (!numbers.rows.empty()) render(out, {numbers}, Format::table);
  for (const demo::Chart& c : r.charts) {
    out << "\n" << c.title << "\n";
    out << (style == ChartStyle::mermaid ? gantt::mermaid(c.rows, c.title)
                                         : gantt::text(c.rows, 60, style == ChartStyle::ascii));
  }
  out << "\n";
  paragraph("Takeaway: " + r.takeaway);
  out << "\n";
}

std::vector<std::pair<std::string, DemoRun>> demos_named(const std::vector<std::string>& names) {
  std::vector<std::pair<std::string, DemoRun>> v;
  if (names.empty())
    for (const demo::Demo& d : demo::demos()) v.emplace_back(d.name, d.run);
  for (const std::string& n : names) v.emplace_back(n, demo::find(n).run);
  return v;
}

void show_demos(const std::vector<std::pair<std::string, DemoRun>>& which, const demo::Settings& s, Format f,
                bool mermaid) {
  const ChartStyle style = mermaid ? ChartStyle::mermaid : isatty(STDOUT_FILENO) ? ChartStyle::terminal : ChartStyle::ascii;
  std::vector<Table> tables;
  int done = 0;
  for (const auto& [name, run] : which) {
    demo::Report r;
    {  // erased before the demo's report is printed
      ProgressLine line("demo", shown_for(f == Format::table));
      line.step(name, done++, static_cast<int>(which.size()));
      r = run(s);
    }
    if (f == Format::table)
      print_demo(std::cout, r, style);
    else
      tables.push_back(demo_numbers(name, r));
  }
  if (f != Format::table) render(std::cout, tables, f);
}

}  // namespace parlab::cli
