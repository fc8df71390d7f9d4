#include "pipelines/serve/process_limits.hpp"

#include <sys/resource.h>
#include <unistd.h>

namespace parlab::serve {

std::uint64_t raise_file_limit() {
  rlimit r{};
  if (::getrlimit(RLIMIT_NOFILE, &r) != 0) return 1024;
  if (r.rlim_cur < r.rlim_max) {
    r.rlim_cur = r.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &r);
    ::getrlimit(RLIMIT_NOFILE, &r);
  }
  return r.rlim_cur;
}

void lower_this_worker() {
  thread_local bool lowered = false;
  if (lowered) return;
  ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 10);
  lowered = true;
}

}  // namespace parlab::serve
