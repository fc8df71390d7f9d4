#include "parlab/openmp.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace parlab::openmp {

#ifdef _OPENMP
bool compiled() { return true; }
int threads(int requested) { return requested > 0 ? requested : omp_get_max_threads(); }
int thread_index() { return omp_get_thread_num(); }
int team_size() { return omp_get_num_threads(); }
#else
bool compiled() { return false; }
int threads(int) { return 1; }
int thread_index() { return 0; }
int team_size() { return 1; }
#endif

}  // namespace parlab::openmp
