#include "parlab/bands.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>
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
  float* row(int c, int y) { return img.plane(c) + static_cast<std::size_t>(y - rows.first) * img.width; }
};
Block block(Rows rows, int w, int c) {
  Block b{rows, {w, rows.count(), c, {}}};
  b.img.data.resize(static_cast<std::size_t>(w) * rows.count() * c);
  return b;
}

// Copies rows `r` (within both) from one block into another, every channel.
void copy_rows(const Block& from, Block& to, Rows r) {
  if (r.count() <= 0) return;
  for (int c = 0; c < to.img.channels; ++c)
    std::memcpy(to.row(c, r.first), const_cast<Block&>(from).row(c, r.first),
                static_cast<std::size_t>(r.count()) * to.img.width * sizeof(float));
}

// The kernel on the input rows `in.rows`, keeping the output rows `keep`
// (those whose stencil lies within in.rows, or at the image's own edges).
// `in` is handed to the kernel (moved, not copied).
void compute(const Kernel& k, Backend b, const Params& p, Block&& in, Rows keep, Block& out) {
  if (keep.count() <= 0) return;
  Data din, dout;
  din.set("image", std::move(in.img));
  Spans spans;
  k.variant(b)(din, dout, p, spans);
  const Image& got = dout.get<Image>("image");
  Block result{in.rows, got};
  for (int c = 0; c < out.img.channels; ++c)
    std::memcpy(out.row(c, keep.first), result.row(c, keep.first),
                static_cast<std::size_t>(keep.count()) * out.img.width * sizeof(float));
}

// Posts the sends of the rows of `mine` that rank q's band needs, for every
// q, and the receives of the rows of `need` that others own. Messages carry
// one channel's rows each (tag: channel).
void exchange(mpi::Exchange& ex, Block& local, Rows band, Rows need, int h, int halo) {
  const int R = mpi::size(), me = mpi::rank();
  const int w = local.img.width;
  for (int q = 0; q < R; ++q) {
    if (q == me) continue;
    const Rows theirs = band_of(q, R, h);
    const Rows their_need = Rows{theirs.first - halo, theirs.end + halo}.clip(h);
    // What q needs from me: my band within q's halo region, outside q's band.
    for (Rows part : {their_need.meet(band).meet({their_need.first, theirs.first}),
                      their_need.meet(band).meet({theirs.end, their_need.end})})
      if (part.count() > 0)
        for (int c = 0; c < local.img.channels; ++c)
          ex.send(std::as_bytes(std::span(local.row(c, part.first), static_cast<std::size_t>(part.count()) * w)), q, c);
    // What I need from q: q's band within my halo region, outside my band.
    for (Rows part : {need.meet(theirs).meet({need.first, band.first}), need.meet(theirs).meet({band.end, need.end})})
      if (part.count() > 0)
        for (int c = 0; c < local.img.channels; ++c)
          ex.receive(std::as_writable_bytes(std::span(local.row(c, part.first), static_cast<std::size_t>(part.count()) * w)),
                     q, c);
  }
}

}  // namespace

Image run_in_bands(const Kernel& k, Backend b, const Params& p, const Image& whole, int iterations, BandTimes* times) {
  if (!k.halo) throw Error(std::string(k.name) + ": not a stencil (declares no halo): it does not run on bands");
  BandTimes t;
  if (!mpi::distributed()) {
    Image img = whole;
    const auto t0 = Clock::now();
    for (int i = 0; i < iterations; ++i) {
      Data din, dout;
      din.set("image", std::move(img));
      Spans spans;
      k.variant(b)(din, dout, p, spans);
      img = dout.get<Image>("image");
    }
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
      Block src{{0, h}, whole};
      for (int q = 1; q < R; ++q) {
        const Rows theirs = band_of(q, R, h);
        if (theirs.count() > 0)
          for (int ch = 0; ch < c; ++ch)
            ex.send(std::as_bytes(std::span(src.row(ch, theirs.first), static_cast<std::size_t>(theirs.count()) * w)), q, ch);
      }
      copy_rows(src, local, band);
      ex.wait();
    } else if (band.count() > 0) {
      for (int ch = 0; ch < c; ++ch)
        ex.receive(std::as_writable_bytes(std::span(local.row(ch, band.first), static_cast<std::size_t>(band.count()) * w)), 0, ch);
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
    Block own = block(band, w, c);
    if (inner.count() > 0) {
      const trace::Scope span("interior", "compute");
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
      result = {w, h, c, std::vector<float>(static_cast<std::size_t>(w) * h * c)};
      Block dst{{0, h}, std::move(result)};
      copy_rows(out, dst, band);
      for (int q = 1; q < R; ++q) {
        const Rows theirs = band_of(q, R, h);
        if (theirs.count() > 0)
          for (int ch = 0; ch < c; ++ch)
            ex.receive(std::as_writable_bytes(std::span(dst.row(ch, theirs.first), static_cast<std::size_t>(theirs.count()) * w)),
                       q, ch);
      }
      ex.wait();
      result = std::move(dst.img);
    } else if (band.count() > 0) {
      for (int ch = 0; ch < c; ++ch)
        ex.send(std::as_bytes(std::span(out.row(ch, band.first), static_cast<std::size_t>(band.count()) * w)), 0, ch);
      ex.wait();
    }
  }
  t.exchange_s += since(t0);
  if (times) *times = t;
  return result;
}

}  // namespace parlab
