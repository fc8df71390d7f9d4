#pragma once
// Clamp-to-edge row index for the SIMD image kernels. Internal linkage: every
// ISA's translation unit keeps its own copy, compiled with its own flags (an
// inline function would be merged across them by the linker).
namespace parlab::image {
namespace {
int clamp_row(int i, int n) { return i < 0 ? 0 : i >= n ? n - 1 : i; }
}  // namespace
}  // namespace parlab::image
