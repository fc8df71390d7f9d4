// Lab 09: your code. Build: cmake --build build --target lab09-starter
// Grade: parlab lab check 9      (it runs mpirun -n 1, 2, 3, 4 itself)
#include <cstring>

#include "../halo.hpp"

namespace lab09 {

std::vector<float> run(MPI_Comm comm, std::uint64_t seed, int rows, int cols, int steps) {
  (void)comm;
  // TODO: right, but every rank computes the whole grid: R ranks take as
  // long as one. Give each rank a band of rows (with a halo row above and
  // below), exchange the halo rows with the neighbours every step, and
  // gather the bands on rank 0 at the end.
  const std::size_t w = static_cast<std::size_t>(cols), n = static_cast<std::size_t>(rows);
  std::vector<float> a((n + 2) * w), b((n + 2) * w);
  initial_rows(seed, cols, 0, rows, a.data() + w);
  for (int s = 0; s < steps; ++s) {
    std::memcpy(a.data(), a.data() + w, w * sizeof(float));                  // the top edge stands in above
    std::memcpy(a.data() + (n + 1) * w, a.data() + n * w, w * sizeof(float));  // and the bottom edge below
    step_rows(a.data(), b.data(), cols, 1, rows + 1);
    a.swap(b);
  }
  return std::vector<float>(a.begin() + static_cast<std::ptrdiff_t>(w), a.begin() + static_cast<std::ptrdiff_t>((n + 1) * w));
}

}  // namespace lab09
