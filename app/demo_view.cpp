#include "app/demo_view.hpp"

#include <ostream>

#include "parlab/gantt.hpp"

namespace parlab::cli {

Table demo_numbers(const std::string& key, const demo::Report& r) {
  Table t{key, r.title, {"measure", "value", "unit"}, {}};
  for (const demo::Number& n : r.numbers) t.rows.push_back({text(n.what), num(n.value, "%.6g"), text(n.unit)});
  return t;
}

void print_demo(std::ostream& out, const demo::Report& r, ChartStyle style) {
  out << "== " << r.title << "\n" << r.shows << "\n\n";
  Table numbers = demo_numbers("numbers", r);
  numbers.title.clear();  // the title is above already
  if (!numbers.rows.empty()) render(out, {numbers}, Format::table);
  for (const demo::Chart& c : r.charts) {
    out << "\n" << c.title << "\n";
    out << (style == ChartStyle::mermaid ? gantt::mermaid(c.rows, c.title)
                                         : gantt::text(c.rows, 60, style == ChartStyle::ascii));
  }
  out << "\nTakeaway: " << r.takeaway << "\n\n";
}

}  // namespace parlab::cli
