#pragma once
// Gantt charts of measured spans: a row per worker (or per request), a time
// axis, a legend. The terminal form draws each bar with its legend letter;
// the Mermaid form is a `gantt` block for Markdown.
//
//   thread 0 |AAAAAAAAAAAAAAAAAAAA                    |
//   thread 1 |                    BBBBBBBBBBBBBBBBBBBB|
//            0                                   2.00 s
//   A  first (1.00 s)   B  second (1.00 s)
#include <cstdint>
#include <string>
#include <vector>


namespace parlab::gantt {

struct Bar {
  std::string label;  // the legend entry: bars with one label share a letter
  std::int64_t start_ns = 0, end_ns = 0;
};
struct Row {
  std::string name;   // "thread 0", "request 2"
  std::vector<Bar> bars;
};

// From the first start to the last end, in seconds (0 with no bars).
double seconds(const std::vector<Row>& rows);

// `width` columns of time (at least 10). Plain ASCII when `ascii`, else
// box-drawing characters for the frame. Time runs from the earliest start.
std::string text(const std::vector<Row>& rows, int width = 60, bool ascii = true);
// A Mermaid `gantt` block (```mermaid ... ```), times in milliseconds.
std::string mermaid(const std::vector<Row>& rows, const std::string& title);

}  // namespace parlab::gantt
