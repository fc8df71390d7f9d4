#pragma once
// Clamp-to-edge indexing shared by the reference filters.
#include <algorithm>

namespace parlab::image {
inline int clamp_index(int i, int n) { return std::clamp(i, 0, n - 1); }
}  // namespace parlab::image
