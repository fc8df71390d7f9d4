// The file pipeline of `parlab pipeline` (pipelines/files/file_pipeline.hpp): one I/O
// thread reads through io::read_files and puts whole files into a bounded
// queue; oneTBB's parallel_pipeline takes them from there through decode,
// filter, encode + write and report.
#include "pipelines/files/file_pipeline.hpp"

#include <sys/stat.h>
#include <tbb/concurrent_queue.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <map>
#include <memory>
#include <thread>

#include "parlab/machine.hpp"
#include "parlab/progress.hpp"
#include "parlab/registry.hpp"
#include "parlab/runner.hpp"
#include "parlab/source.hpp"
#include "parlab/trace.hpp"
#include "pipelines/files/memory_budget.hpp"
#include "pipelines/workers/workers.hpp"
#include "runtime/error.hpp"

namespace parlab::pipeline {
namespace {

enum StageIndex { kRead, kDecode, kFilter, kWrite, kReport, kStages };
const char* const kStageName[kStages] = {"read", "decode", "filter", "encode + write", "report"};

// One file on its way through the stages.
struct Item {
  std::size_t index = 0;
  std::vector<std::byte> bytes = {};  // as read
  MemoryBudget::Lease memory = {};    // what it may hold until it is reported
  Data input = {}, output = {};
  FileResult result = {};
  bool end = false;  // the reader's last word: no more files
};

// Busy time per stage, added from any worker.
struct Busy {
  std::atomic<std::int64_t> ns[kStages] = {};
  std::atomic<std::uint64_t> items[kStages] = {};
  // Times f(); counts an item unless `counted` is false (the reader's end).
  template <class F>
  void time(StageIndex s, F f) {
    const std::int64_t t0 = trace::now_ns();
    const bool counted = f();
    const std::int64_t t1 = trace::now_ns();
    ns[s] += t1 - t0;
    items[s] += counted;
    if (trace::enabled()) trace::record(kStageName[s], "pipeline", t0, t1);
  }
};

// A GPU variant's spans (h2d, kernel, d2h), placed on the clock: they count
// from their first event, so they are set to end where the run ended (as
// run_timed places them in a trace).
struct DeviceWork {
  std::mutex mutex;
  std::vector<std::pair<std::int64_t, std::int64_t>> intervals;
  std::int64_t busy_ns = 0;
  void add(const Timed& t, std::int64_t end_ns) {
    if (t.spans.empty()) return;
    double last = 0;
    for (const Span& s : t.spans.list) last = std::max(last, s.end_s);
    const std::lock_guard lock(mutex);
    for (const Span& s : t.spans.list) {
      const auto a = end_ns - static_cast<std::int64_t>((last - s.start_s) * 1e9);
      const auto b = end_ns - static_cast<std::int64_t>((last - s.end_s) * 1e9);
      intervals.emplace_back(a, b);
      busy_ns += b - a;
    }
  }
};

// Why a file of `size` bytes is refused ("" if it is not): the bytes are
// held whole for the decoder.
std::string size_problem(const std::string& path, std::uint64_t size) {
  if (size <= kMaxFileBytes) return "";
  return path + ": too large (" + std::to_string(size) + " bytes; the pipeline takes files up to " +
         std::to_string(kMaxFileBytes >> 20) + " MiB)";
}
std::string size_problem(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return "";  // the reader reports it
  return size_problem(path, static_cast<std::uint64_t>(st.st_size));
}

// The memory a file needs on its way: the kernel says, from the file's
// header (an image's decoded planes, its output and the decoder's rows);
// without a word from the kernel, three times its bytes.
std::uint64_t memory_needed(const Kernel& k, std::span<const std::byte> bytes) {
  return k.file_memory ? bytes.size() + k.file_memory(bytes) : 3 * static_cast<std::uint64_t>(bytes.size());
}

// The budget of the files in flight: most of the memory available at the
// start, less what the reader may hold.
std::uint64_t memory_limit(std::size_t read_cap) {
  const std::uint64_t have = available_memory();
  if (have == 0) return 0;  // unknown: no limit
  return have > read_cap ? (have - read_cap) / 10 * 8 : 1;
}

// The I/O thread: reads every input, assembles each file's chunks, and puts
// each file (or its error) in `queue` in the order its last byte arrived.
// The queue is bounded: when the pipeline is behind, push() waits, the
// callbacks wait, and io_uring stops being given new reads.
void read_all(const Options& o, tbb::concurrent_bounded_queue<Item*>& queue, MemoryBudget& budget,
              io::ReadStats& stats, std::exception_ptr& failed) {
  std::map<std::size_t, std::vector<std::byte>> partial;
  auto put = [&](std::size_t index, std::vector<std::byte> bytes, std::string error) {
    auto* item = new Item{.index = index, .bytes = std::move(bytes)};
    item->result = {index, item->bytes.size(), std::move(error)};
    if (item->result.error.empty())  // waits while the files ahead hold too much
      item->memory = budget.acquire(memory_needed(*o.kernel, item->bytes), [] { return progress::stop_requested(); });
    queue.push(item);
  };
  try {
    stats = io::read_files(
        o.inputs, o.read,
        [&](const io::Chunk& c) {
          // run() refused large files before reading; one that grew since
          // is refused here, its bytes never held.
          if (c.file_size > kMaxFileBytes) {
            if (c.last) put(c.file, {}, size_problem(o.inputs[c.file], c.file_size));
            return;
          }
          std::vector<std::byte>& b = partial[c.file];
          if (c.offset == 0) b.reserve(static_cast<std::size_t>(c.file_size));
          b.insert(b.end(), c.bytes.begin(), c.bytes.end());
          if (c.last) {
            put(c.file, std::move(b), "");
            partial.erase(c.file);
          }
        },
        [&](std::size_t file, const std::string& why) {
          partial.erase(file);
          put(file, {}, why);
        });
  } catch (...) {
    failed = std::current_exception();
  }
  queue.push(new Item{.end = true});
}

}  // namespace

std::int64_t covered(std::vector<std::pair<std::int64_t, std::int64_t>> intervals) {
  std::sort(intervals.begin(), intervals.end());
  std::int64_t total = 0, end = INT64_MIN;
  for (const auto& [a, b] : intervals) {
    const std::int64_t from = std::max(a, end);
    if (b > from) total += b - from;
    end = std::max(end, b);
  }
  return total;
}

Summary run(const Options& o, const std::function<void(const FileResult&)>& report) {
  const Kernel& k = *o.kernel;
  Summary sum;
  sum.workers = tbb_workers(o.threads);
  const int in_flight = o.in_flight > 0 ? o.in_flight : 2 * sum.workers;
  // Files too large are refused before anything is read; the rest go on,
  // reported with their index among the caller's inputs.
  Options opt = o;
  std::vector<FileResult> refused;
  std::vector<std::string> inputs, outputs;
  std::vector<std::size_t> index;
  for (std::size_t i = 0; i < o.inputs.size(); ++i) {
    if (std::string why = size_problem(o.inputs[i]); !why.empty()) {
      refused.push_back({i, 0, std::move(why)});
      continue;
    }
    inputs.push_back(o.inputs[i]);
    outputs.push_back(o.outputs[i]);
    index.push_back(i);
  }
  opt.inputs = std::move(inputs);
  opt.outputs = std::move(outputs);
  for (FileResult& r : refused) report(r);
  sum.failed = refused.size();
  if (opt.inputs.empty()) return sum;
  MemoryBudget budget(opt.memory ? opt.memory : memory_limit(opt.read.max_in_flight));
  tbb::concurrent_bounded_queue<Item*> queue;
  queue.set_capacity(in_flight);
  io::ReadStats read_stats;
  std::exception_ptr read_failed;
  Busy busy;
  DeviceWork device;
  std::atomic<std::size_t> files_in_flight{0}, peak_files{0};
  const std::int64_t t0 = trace::now_ns();
  // The first stage waits on one of the pipeline's workers for the reader,
  // and the blocking reader's files are read by oneTBB tasks: with no worker
  // to spare they would wait for each other for ever. Enough workers for
  // both, so that neither takes the other's.
  const auto room = allow_at_least(static_cast<std::size_t>(sum.workers) +
                                   static_cast<std::size_t>(std::max(opt.read.pool_threads, 0)) + 1);
  std::thread reader([&] { read_all(opt, queue, budget, read_stats, read_failed); });
  bool ended = false;
  auto drop_queue = [&] {  // after a stop: what the reader still queued is dropped
    while (!ended) {
      Item* item = nullptr;
      queue.pop(item);
      ended = item->end;
      delete item;
    }
  };
  // A stage that runs on any number of files at once: its work on a file
  // that has not failed, timed; an exception becomes the file's error.
  auto parallel_stage = [&](StageIndex stage, auto work) {
    return tbb::make_filter<Item*, Item*>(tbb::filter_mode::parallel, [&, stage, work](Item* item) {
      if (item->result.error.empty()) busy.time(stage, [&] {
        try {
          work(*item);
        } catch (const std::exception& e) {
          item->result.error = naming(opt.inputs[item->index], e.what());
        }
        return true;
      });
      return item;
    });
  };
  try {
    tbb::task_arena arena(sum.workers);
    arena.execute([&] {
      tbb::parallel_pipeline(
          static_cast<std::size_t>(in_flight),
          tbb::make_filter<void, Item*>(tbb::filter_mode::serial_in_order,
                                        [&](tbb::flow_control& fc) -> Item* {
                                          Item* item = nullptr;
                                          if (!ended && !progress::stop_requested())
                                            busy.time(kRead, [&] {
                                              queue.pop(item);
                                              return !item->end;
                                            });
                                          if (!item || item->end) {
                                            if (item) ended = true;
                                            delete item;
                                            fc.stop();
                                            return nullptr;
                                          }
                                          item->result.index = index[item->index];
                                          const std::size_t now = ++files_in_flight;
                                          std::size_t seen = peak_files.load();
                                          while (now > seen && !peak_files.compare_exchange_weak(seen, now)) {
                                          }
                                          return item;
                                        }) &
              parallel_stage(kDecode,
                             [&](Item& item) {
                               item.input =
                                   k.read_file(memory_source(opt.inputs[item.index], std::move(item.bytes)), opt.params);
                             }) &
              parallel_stage(kFilter,
                             [&](Item& item) {
                               const Timed t = run_timed(k, opt.backend, item.input, item.output, opt.params);
                               item.input = Data{};  // freed before the output is written
                               device.add(t, trace::now_ns());
                             }) &
              parallel_stage(kWrite, [&](Item& item) { k.write_file(item.output, opt.outputs[item.index]); }) &
              tbb::make_filter<Item*, void>(tbb::filter_mode::serial_in_order, [&](Item* item) {
                const std::unique_ptr<Item> own(item);
                --files_in_flight;
                busy.time(kReport, [&] {
                  report(item->result);
                  return true;
                });
                if (item->result.error.empty())
                  ++sum.ok;
                else
                  ++sum.failed;
              }));
    });
  } catch (...) {
    const bool ours = !progress::stop_requested();
    progress::request_stop();  // the reader stops too
    drop_queue();
    reader.join();
    if (ours) progress::clear_stop();
    throw;
  }
  sum.stopped = progress::stop_requested();
  drop_queue();
  reader.join();
  if (read_failed) std::rethrow_exception(read_failed);
  sum.seconds = static_cast<double>(trace::now_ns() - t0) * 1e-9;
  sum.read_how = read_stats.how;
  sum.bytes_read = read_stats.bytes;
  sum.peak_bytes_in_flight = read_stats.peak_in_flight;
  sum.peak_files_in_flight = peak_files.load();
  sum.memory_limit = budget.limit();
  sum.peak_memory_held = budget.peak();
  sum.memory_waits = budget.waits();
  sum.stopped = sum.stopped || read_stats.stopped;
  sum.device_busy_s = static_cast<double>(device.busy_ns) * 1e-9;
  sum.device_span_s = static_cast<double>(covered(device.intervals)) * 1e-9;
  for (int s = 0; s < kStages; ++s)
    sum.stages.push_back({kStageName[s], s == kRead || s == kReport, static_cast<double>(busy.ns[s]) * 1e-9,
                          busy.items[s].load()});
  return sum;
}

}  // namespace parlab::pipeline
