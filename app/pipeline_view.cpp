#include "app/pipeline_view.hpp"

#include <algorithm>

namespace parlab::cli {

std::vector<Table> pipeline_tables(const pipeline::Summary& s, const std::string& filter) {
  Table stages{"stages", "Stages (busy: summed over workers; capacity: files/s the stage could sustain alone)",
               {"stage", "kind", "files", "busy_s", "capacity_files_per_s"}, {}};
  // The slowest stage that did work; the read stage's busy time is time spent
  // waiting for the I/O thread, so it is a symptom, not a capacity: left out.
  const pipeline::Stage* slowest = nullptr;
  for (const pipeline::Stage& st : s.stages) {
    const bool waits = st.name == "read";
    stages.rows.push_back({text(st.name), text(waits ? "serial, waits for the I/O thread" : st.serial ? "serial" : "parallel"),
                           integer(static_cast<double>(st.items)), num(st.busy_s, "%.4f"),
                           waits ? text("-") : num(st.capacity(s.workers), "%.1f")});
    if (!waits && st.items > 0 && (!slowest || st.capacity(s.workers) < slowest->capacity(s.workers))) slowest = &st;
  }
  const double done = static_cast<double>(s.ok + s.failed);
  const double rate = s.seconds > 0 ? static_cast<double>(s.ok) / s.seconds : 0;
  Table sum{"summary", "Summary", {"field", "value"}, {}, true};
  auto add = [&](std::string k, Cell v) { sum.rows.push_back({text(std::move(k)), std::move(v)}); };
  add("filter", text(filter));
  add("files_ok", integer(static_cast<double>(s.ok)));
  add("files_failed", integer(static_cast<double>(s.failed)));
  add("stopped_early", text(s.stopped ? "yes (Ctrl-C or SIGTERM/SIGHUP): the files in flight were finished" : "no"));
  add("seconds", num(s.seconds, "%.4f"));
  add("mb_read", num(static_cast<double>(s.bytes_read) / 1e6, "%.3f"));
  add("mb_per_s", num(s.seconds > 0 ? static_cast<double>(s.bytes_read) / 1e6 / s.seconds : 0, "%.1f"));
  add("images_per_s", num(rate, "%.1f"));
  add("workers", integer(s.workers));
  add("read_with", text(s.read_how.empty() ? "-" : s.read_how));
  add("peak_bytes_held_by_reads", integer(static_cast<double>(s.peak_bytes_in_flight)));
  add("peak_files_in_flight", integer(static_cast<double>(s.peak_files_in_flight)));
  // The files' memory (decoded images and outputs, from their headers)
  // against its budget; files that waited were held back, not refused.
  add("memory_budget_mb", s.memory_limit ? num(static_cast<double>(s.memory_limit) / 1e6, "%.0f") : text("none (memory unknown)"));
  add("peak_memory_mb", num(static_cast<double>(s.peak_memory_held) / 1e6, "%.1f"));
  add("files_waited_for_memory", integer(static_cast<double>(s.memory_waits)));
  if (s.device_busy_s > 0) {  // a GPU variant: how much of its copies and kernels ran side by side
    add("device_busy_s", num(s.device_busy_s, "%.4f"));
    add("device_overlap", num(s.device_overlap(), "%.3f"));
  }
  if (slowest && done > 0) {
    add("slowest_stage", text(slowest->name));
    add("fraction_of_slowest_stage", num(rate / slowest->capacity(s.workers), "%.3f"));
  }
  return {stages, sum};
}

}  // namespace parlab::cli
