#pragma once
// A stencil across ranks: an image cut into bands of rows, one band per rank,
// with the rows a band's stencil reads beyond its edges (the halo) sent by the
// ranks that own them, before every iteration. The classic domain
// decomposition: computation grows with a band's area, communication with
// its edges.
//
// Each rank, every iteration:
//   1. posts the receives of its halo rows and the sends of the rows its
//      neighbours need (non-blocking: runtime/mpi/ranks.hpp, Exchange);
//   2. computes the interior of its band, the rows whose stencil stays inside
//      it, while the messages travel;
//   3. waits for its halo, then computes the rows at its edges.
// A halo may span several ranks (a band thinner than the halo, more ranks
// than rows): every rank sends every other rank the part of its band that
// the other needs, so any split works, empty bands included.
//
// The output is bitwise that of one process when the kernel computes each
// output row from the input rows within its halo alone, the same way
// wherever the computed block starts (docs/cluster.md says which kernels do).
#include "parlab/image.hpp"
#include "parlab/registry.hpp"

namespace parlab {

struct BandTimes {
  double compute_s = 0;   // this rank's kernel work, all iterations
  double exchange_s = 0;  // waiting for halo rows, scattering and gathering the image
};

// Runs `iterations` passes of `k` (which declares a halo) on `whole`, held by
// rank 0 (the other ranks pass an empty image; rank 0's is consumed). Returns the result on rank 0
// (an empty image elsewhere). With one rank: the kernel on the whole image,
// `iterations` times.
Image run_in_bands(const Kernel& k, Backend b, const Params& p, Image whole, int iterations, BandTimes* times = nullptr);

}  // namespace parlab
