// Lab 07, the reference solution.
//
// The stage report shows the filter busy for most of the time with one
// file at a time: it was serial_in_order, though each image is filtered on
// its own. Parallel, it runs on every thread, and the line is then bound by
// the work over the threads (the read, in order, is short).
#include <oneapi/tbb/parallel_pipeline.h>

#include "../slow_stage.hpp"

namespace lab07 {

void run_pipeline(const Stages& s, int tokens) {
  using Ptr = std::shared_ptr<Item>;
  std::size_t next = 0;
  tbb::parallel_pipeline(
      static_cast<std::size_t>(tokens),
      // The files in order, one at a time.
      tbb::make_filter<void, Ptr>(tbb::filter_mode::serial_in_order,
                                  [&](tbb::flow_control& fc) -> Ptr {
                                    if (next == s.files) {
                                      fc.stop();
                                      return nullptr;
                                    }
                                    return s.read(next++);
                                  }) &
          tbb::make_filter<Ptr, Ptr>(tbb::filter_mode::parallel, [&](Ptr item) { s.decode(*item); return item; }) &
          tbb::make_filter<Ptr, Ptr>(tbb::filter_mode::parallel, [&](Ptr item) { s.filter(*item); return item; }) &
          tbb::make_filter<Ptr, void>(tbb::filter_mode::parallel, [&](Ptr item) { s.write(*item); }));
}

}  // namespace lab07
