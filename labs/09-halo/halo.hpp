#pragma once
// Lab 09, halo exchange: what you write, in starter/halo.cpp. The rest
// (halo_main.cpp) is given.
#include <mpi.h>

#include <cstdint>
#include <vector>

namespace lab09 {

// Given: rows [first, first + count) of the starting grid, `cols` floats
// each (row-major), the same for a seed whichever rank asks.
void initial_rows(std::uint64_t seed, int cols, int first, int count, float* out);

// Given: one step of the stencil (a 3x3 weighted average; at the left and
// right edges the edge column stands in for the missing one) for rows
// [r0, r1) of a band: out row r from in rows r - 1, r and r + 1. A band of
// n rows is stored with a halo row above and below: n + 2 rows, the band's
// own rows 1..n. At the grid's top and bottom the halo row is a copy of the
// edge row (the edge stands in for the missing row, as at the sides).
void step_rows(const float* in, float* out, int cols, int r0, int r1);

// TODO. `steps` steps over the rows x cols grid (rows >= the number of
// ranks), each rank holding a band of rows and exchanging one halo row with
// each neighbour every step: non-blocking (MPI_Isend / MPI_Irecv), with the
// rows that need no halo computed while the halos travel. Returns the whole
// final grid on rank 0 (anything elsewhere). The result must be the single
// process's, bit for bit, for every number of ranks.
std::vector<float> run(MPI_Comm comm, std::uint64_t seed, int rows, int cols, int steps);

}  // namespace lab09
