#include "runtime/openmp.hpp"

#include <string>

#include "runtime/error.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace parlab::openmp {

#ifdef _OPENMP
bool compiled() { return true; }
void check_default_threads() {
  if (const int n = omp_get_max_threads(); n > kMaxThreads)
    throw UsageError("OMP_NUM_THREADS asks for " + std::to_string(n) + " threads; parlab runs at most " +
                     std::to_string(kMaxThreads));
}
int threads(int requested) { return requested > 0 ? requested : omp_get_max_threads(); }
int thread_index() { return omp_get_thread_num(); }
int team_size() { return omp_get_num_threads(); }
#else
bool compiled() { return false; }
void check_default_threads() {}
int threads(int) { return 1; }
int thread_index() { return 0; }
int team_size() { return 1; }
#endif

}  // namespace parlab::openmp
