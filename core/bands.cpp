#include "parlab/bands.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <span>
#include <vector>

#include "parlab/trace.hpp"
#include "runtime/error.hpp"
#include "runtime/mpi/ranks.hpp"

namespace parlab {
namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// Rows [first, end) of the image's height.
struct Rows {
  int first = 0, end = 0;
  int count() const { return std::max(0, end - first); }
  Rows clip(int h) const { return {std::clamp(first, 0, h), std::clamp(end, 0, h)}; }
  Rows meet(Rows o) const { return {std::max(first, o.first), std::min(end, o.end)}; }
};

Rows band_of(int rank, int ranks, int h) {
  const mpi::Share s = mpi::share(static_cast<std::uint64_t>(h), rank, ranks);
  return {static_cast<int>(s.first), static_cast<int>(s.first + s.count)};
}

// A block of rows of every channel: rows [rows.first, rows.end) of a w-wide,
// c-channel planar image, stored planar as an Image of rows.count() rows.
struct Block {
  Rows rows;
  Image img;
  // Rows `r` (within this block) of channel c.
  std::span<float> part(int c, Rows r) {
    return {img.plane(c) + static_cast<std::size_t>(r.first - rows.first) * img.width,
            static_cast<std::size_t>(r.count()) * img.width};
  }
  std::span<const float> part(int c, Rows r) const { return const_cast<Block*>(this)->part(c, r); }
};
Block block(Rows rows, int w, int c) {
  Block b{rows, {w, rows.count(), c, {}}};
  b.img.data.resize(static_cast<std::size_t>(w) * rows.count() * c);
  return b;
}

// Copies rows `r` (within both) from one block into another, every channel.
void copy_rows(const Block& from, Block& to, Rows r) {
  if (r.count() <= 0) return;
  for (int c = 0; c < to.img.channels; ++c) std::ranges::copy(from.part(c, r), to.part(c, r).begin());
}

// Rows `r` of a block to (from) rank q, one message per channel (tag: the channel).
void send_rows(mpi::Exchange& ex, Block& b, Rows r, int q) {
  if (r.count() > 0)
    for (int c = 0; c < b.img.channels; ++c) ex.send(std::as_bytes(b.part(c, r)), q, c);
}
void receive_rows(mpi::Exchange& ex, Block& b, Rows r, int q) {
  if (r.count() > 0)
    for (int c = 0; c < b.img.channels; ++c) ex.receive(std::as_writable_bytes(b.part(c, r)), q, c);
}

// One pass of the kernel on an image.
Image apply(const Kernel& k, Backend b, const Params& p, Image in) {
  Data din, dout;
  din.set("image", std::move(in));
  Spans spans;
  k.variant(b)(din, dout, p, spans);
  return std::move(dout.put<Image>("image"));
}

// The kernel on the input rows `in.rows`, keeping the output rows `keep`
// (those whose stencil lies within in.rows, or at the image's own edges).
void compute(const Kernel& k, Backend b, const Params& p, Block&& in, Rows keep, Block& out) {
  if (keep.count() <= 0) return;
  const Block result{in.rows, apply(k, b, p, std::move(in.img))};
  copy_rows(result, out, keep);
}

// Posts the sends of the rows of my band that each other rank's halo needs,
// and the receives of the rows of my halo (`need` outside `band`) that the
// others own.
void exchange(mpi::Exchange& ex, Block& local, Rows band, Rows need, int h, int halo) {
  const int R = mpi::size(), me = mpi::rank();
  for (int q = 0; q < R; ++q) {
    if (q == me) continue;
    const Rows theirs = band_of(q, R, h);
    const Rows their_need = Rows{theirs.first - halo, theirs.end + halo}.clip(h);
    // What q needs from me: my band within q's halo region, outside q's band.
    for (Rows part : {their_need.meet(band).meet({their_need.first, theirs.first}),
                      their_need.meet(band).meet({theirs.end, their_need.end})})
      send_rows(ex, local, part, q);
    // What I need from q: q's band within my halo region, outside my band.
    for (Rows part : {need.meet(theirs).meet({need.first, band.first}), need.meet(theirs).meet({band.end, need.end})})
      receive_rows(ex, local, part, q);
  }
}

}  // namespace

Image run_in_bands(const Kernel& k, Backend b, const Params& p, Image whole, int iterations, BandTimes* times) {
  if (!k.halo) throw Error(std::string(k.name) + ": not a stencil (declares no halo): it does not run on bands");
  BandTimes t;
  if (!mpi::distributed()) {
    Image img = std::move(whole);
    const auto t0 = Clock::now();
    for (int i = 0; i < iterations; ++i) img = apply(k, b, p, std::move(img));
    t.compute_s = since(t0);
    if (times) *times = t;
    return img;
  }

  // The shape, from rank 0.
  int dims[3] = {whole.width, whole.height, whole.channels};
  const auto shape = mpi::broadcast_bytes(std::as_bytes(std::span(dims)), 0);
  std::memcpy(dims, shape.data(), sizeof dims);
  const int w = dims[0], h = dims[1], c = dims[2], R = mpi::size(), me = mpi::rank();
  const int halo = std::max(0, k.halo(p));
  const Rows band = band_of(me, R, h), need = Rows{band.first - halo, band.end + halo}.clip(h);

  // Rank 0 scatters the bands (with no halo: the first exchange brings it).
  Block local = block(need, w, c);
  auto t0 = Clock::now();
  {
    const trace::Scope span("scatter", "communication");
    mpi::Exchange ex;
    if (me == 0) {
      Block src{{0, h}, std::move(whole)};
      for (int q = 1; q < R; ++q) send_rows(ex, src, band_of(q, R, h), q);
      copy_rows(src, local, band);
      ex.wait();
    } else {
      receive_rows(ex, local, band, 0);
      ex.wait();
    }
  }
  t.exchange_s += since(t0);

  // The rows of the band whose stencil stays inside it (at the image's own
  // edges, clamping reads nothing beyond it).
  const Rows inner{band.first + (band.first > 0 ? halo : 0), band.end - (band.end < h ? halo : 0)};
  Block out = block(band, w, c);
  for (int i = 0; i < iterations; ++i) {
    mpi::Exchange ex;
    exchange(ex, local, band, need, h, halo);
    // The interior while the halo travels: the kernel on the band alone.
    auto tc = Clock::now();
    if (inner.count() > 0) {
      const trace::Scope span("interior", "compute");
      Block own = block(band, w, c);
      copy_rows(local, own, band);
      compute(k, b, p, std::move(own), inner, out);
    }
    t.compute_s += since(tc);
    auto tw = Clock::now();
    {
      const trace::Scope span("halo", "communication");
      ex.wait();
    }
    t.exchange_s += since(tw);
    // The edges: the kernel on each edge's rows and the halo beside them.
    tc = Clock::now();
    {
      const trace::Scope span("edges", "compute");
      // A band too thin for an interior is computed whole, once its halo is in.
      std::vector<Rows> edges = {band};
      if (inner.count() > 0) edges = {{band.first, inner.first}, {inner.end, band.end}};
      for (Rows edge : edges) {
        if (edge.count() <= 0) continue;
        const Rows reads = Rows{edge.first - halo, edge.end + halo}.clip(h);
        Block in = block(reads, w, c);
        copy_rows(local, in, reads);
        compute(k, b, p, std::move(in), edge, out);
      }
    }
    t.compute_s += since(tc);
    copy_rows(out, local, band);  // this iteration's output is the next one's input
  }

  // Rank 0 gathers the bands.
  t0 = Clock::now();
  Image result;
  {
    const trace::Scope span("gather", "communication");
    mpi::Exchange ex;
    if (me == 0) {
      Block dst = block({0, h}, w, c);
      copy_rows(out, dst, band);
      for (int q = 1; q < R; ++q) receive_rows(ex, dst, band_of(q, R, h), q);
      ex.wait();
      result = std::move(dst.img);
    } else {
      send_rows(ex, out, band, 0);
      ex.wait();
    }
  }
  t.exchange_s += since(t0);
  if (times) *times = t;
  return result;
}

}  // namespace parlab
