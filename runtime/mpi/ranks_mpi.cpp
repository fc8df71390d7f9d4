// runtime/mpi/ranks.hpp with Open MPI (or any MPI 3): MPI_COMM_WORLD, every
// call checked.
#include <fcntl.h>
#include <mpi.h>
#include <unistd.h>
#include <algorithm>
#include <limits>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "runtime/error.hpp"
#include "runtime/mpi/ranks.hpp"

#ifndef PARLAB_MPI_INFO
#define PARLAB_MPI_INFO "MPI"
#endif

// Checks an MPI call: a failure throws Error naming the call and MPI's reason.
// (MPI_ERRORS_RETURN is set on MPI_COMM_WORLD, so calls return instead of aborting.)
#define PARLAB_MPI_CHECK(call)                                             \
  do {                                                                     \
    if (const int parlab_mpi_rc = (call); parlab_mpi_rc != MPI_SUCCESS)    \
      ::parlab::mpi::detail::fail(#call, parlab_mpi_rc);                   \
  } while (0)

namespace parlab::mpi {
namespace detail {
[[noreturn]] void fail(const char* call, int rc) {
  char text[MPI_MAX_ERROR_STRING] = {};
  int len = 0;
  MPI_Error_string(rc, text, &len);
  const std::string name(call, std::find(call, call + std::strlen(call), '('));
  throw Error("MPI: " + name + " failed: " + std::string(text, static_cast<std::size_t>(len)));
}
}  // namespace detail

namespace {
bool g_init = false;
int g_rank = 0, g_size = 1;
int g_stderr = 2;  // where this rank's own last words go

int count_of(std::size_t n) {
  if (n > static_cast<std::size_t>(std::numeric_limits<int>::max())) throw Error("MPI: a message over 2 GiB");
  return static_cast<int>(n);
}
}  // namespace

bool compiled() { return true; }
std::string build_info() { return PARLAB_MPI_INFO; }
std::string library_version() {
  char text[MPI_MAX_LIBRARY_VERSION_STRING] = {};
  int len = 0;
  MPI_Get_library_version(text, &len);
  std::string s(text, static_cast<std::size_t>(len));
  if (auto cut = s.find_first_of(",\n"); cut != std::string::npos) s.resize(cut);
  return s;
}


void init(int* argc, char*** argv) {
  if (g_init || !launched()) return;
  int provided = 0;
  PARLAB_MPI_CHECK(MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided));
  g_init = true;
  PARLAB_MPI_CHECK(MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN));
  PARLAB_MPI_CHECK(MPI_Comm_rank(MPI_COMM_WORLD, &g_rank));
  PARLAB_MPI_CHECK(MPI_Comm_size(MPI_COMM_WORLD, &g_size));
}

void finalize() {
  if (!g_init) return;
  g_init = false;
  MPI_Finalize();
}

bool initialised() { return g_init; }

void silence_other_ranks() {
  if (g_rank == 0) return;
  std::fflush(nullptr);
  g_stderr = dup(2);
  const int null = open("/dev/null", O_WRONLY);
  if (null < 0 || g_stderr < 0) return;
  dup2(null, 1);
  dup2(null, 2);
  close(null);
}
int rank() { return g_rank; }
int size() { return g_size; }

void barrier() {
  if (g_init) PARLAB_MPI_CHECK(MPI_Barrier(MPI_COMM_WORLD));
}

std::vector<std::vector<std::byte>> allgather_bytes(std::span<const std::byte> mine) {
  if (!g_init) return {std::vector<std::byte>(mine.begin(), mine.end())};
  std::vector<int> counts(static_cast<std::size_t>(g_size)), at(counts.size());
  const int n = count_of(mine.size());
  PARLAB_MPI_CHECK(MPI_Allgather(&n, 1, MPI_INT, counts.data(), 1, MPI_INT, MPI_COMM_WORLD));
  std::size_t total = 0;
  for (std::size_t r = 0; r < counts.size(); ++r) {
    at[r] = count_of(total);
    total += static_cast<std::size_t>(counts[r]);
  }
  std::vector<std::byte> flat(std::max<std::size_t>(total, 1));
  PARLAB_MPI_CHECK(MPI_Allgatherv(mine.data(), n, MPI_BYTE, flat.data(), counts.data(), at.data(), MPI_BYTE, MPI_COMM_WORLD));
  std::vector<std::vector<std::byte>> parts(counts.size());
  for (std::size_t r = 0; r < counts.size(); ++r)
    parts[r].assign(flat.begin() + at[r], flat.begin() + at[r] + counts[r]);
  return parts;
}

std::vector<std::byte> broadcast_bytes(std::span<const std::byte> mine, int from) {
  std::vector<std::byte> out(mine.begin(), mine.end());
  if (!g_init) return out;
  std::uint64_t n = out.size();
  PARLAB_MPI_CHECK(MPI_Bcast(&n, 1, MPI_UINT64_T, from, MPI_COMM_WORLD));
  out.resize(n);
  PARLAB_MPI_CHECK(MPI_Bcast(out.data(), count_of(n), MPI_BYTE, from, MPI_COMM_WORLD));
  return out;
}

double max(double v) {
  if (g_init) PARLAB_MPI_CHECK(MPI_Allreduce(MPI_IN_PLACE, &v, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD));
  return v;
}
double min(double v) {
  if (g_init) PARLAB_MPI_CHECK(MPI_Allreduce(MPI_IN_PLACE, &v, 1, MPI_DOUBLE, MPI_MIN, MPI_COMM_WORLD));
  return v;
}
std::uint64_t sum(std::uint64_t v) {
  if (g_init) PARLAB_MPI_CHECK(MPI_Allreduce(MPI_IN_PLACE, &v, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD));
  return v;
}

bool any(bool v) {
  int i = v;
  if (g_init) PARLAB_MPI_CHECK(MPI_Allreduce(MPI_IN_PLACE, &i, 1, MPI_INT, MPI_LOR, MPI_COMM_WORLD));
  return i != 0;
}

Exchange::~Exchange() {
  try {
    wait();
  } catch (...) {
  }
}
void Exchange::receive(std::span<std::byte> into, int from, int tag) {
  auto* r = new MPI_Request;
  requests_.push_back(r);
  PARLAB_MPI_CHECK(MPI_Irecv(into.data(), count_of(into.size()), MPI_BYTE, from, tag, MPI_COMM_WORLD, r));
}
void Exchange::send(std::span<const std::byte> what, int to, int tag) {
  auto* r = new MPI_Request;
  requests_.push_back(r);
  PARLAB_MPI_CHECK(MPI_Isend(what.data(), count_of(what.size()), MPI_BYTE, to, tag, MPI_COMM_WORLD, r));
}
void Exchange::wait() {
  std::vector<MPI_Request> rs;
  for (void* r : requests_) {
    rs.push_back(*static_cast<MPI_Request*>(r));
    delete static_cast<MPI_Request*>(r);
  }
  requests_.clear();
  if (!rs.empty()) PARLAB_MPI_CHECK(MPI_Waitall(static_cast<int>(rs.size()), rs.data(), MPI_STATUSES_IGNORE));
}

namespace {
// Completes a non-blocking request, or gives up after `patience_s` (< 0: never).
bool finished(MPI_Request& r, double patience_s) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(patience_s);
  for (;;) {
    int done = 0;
    PARLAB_MPI_CHECK(MPI_Test(&r, &done, MPI_STATUS_IGNORE));
    if (done) return true;
    if (patience_s >= 0 && std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}
}  // namespace

Ending agree_on_exit(int code, const std::string& message, double patience_s) {
  if (!g_init) return {code, message};
  // A rank that failed waits only so long for the others: they may be blocked
  // in a collective it never reached. A rank that succeeded waits for all.
  const double patience = code != 0 ? patience_s : -1;
  auto own_line_and_abort = [&] {
    // To the terminal, also from a rank whose output is silenced.
    dprintf(g_stderr, "parlab: rank %d: %s (the other ranks did not finish: aborting)\n", g_rank, message.c_str());
    abort(code);
  };
  int worst = code;
  MPI_Request r;
  PARLAB_MPI_CHECK(MPI_Iallreduce(MPI_IN_PLACE, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD, &r));
  if (!finished(r, patience)) own_line_and_abort();
  if (worst == 0) return {0, ""};
  // Which ranks failed, and the first one's line.
  int failed = code != 0 ? g_rank : g_size;
  PARLAB_MPI_CHECK(MPI_Iallreduce(MPI_IN_PLACE, &failed, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD, &r));
  if (!finished(r, patience)) own_line_and_abort();
  std::string line = g_rank == failed ? message : std::string();
  std::uint64_t n = line.size();
  PARLAB_MPI_CHECK(MPI_Bcast(&n, 1, MPI_UINT64_T, failed, MPI_COMM_WORLD));
  line.resize(n);
  PARLAB_MPI_CHECK(MPI_Bcast(line.data(), count_of(n), MPI_CHAR, failed, MPI_COMM_WORLD));
  // A command that failed without an error line (a batch with bad files) has said why already.
  return {worst, g_rank == 0 && !line.empty() ? "rank " + std::to_string(failed) + ": " + line : std::string()};
}

void abort(int code) {
  std::cerr.flush();
  std::fflush(stderr);
  if (g_init) MPI_Abort(MPI_COMM_WORLD, code);
  std::_Exit(code);
}

double ping_pong_seconds(std::size_t bytes, int repeat) {
  if (g_size < 2) throw Error("MPI ping-pong: needs two ranks (running " + std::to_string(g_size) + ")");
  std::vector<std::byte> buf(std::max<std::size_t>(bytes, 1));
  const int n = count_of(bytes);
  std::vector<double> trips;
  barrier();
  for (int i = 0; i <= repeat; ++i) {
    const double t0 = MPI_Wtime();
    if (g_rank == 0) {
      PARLAB_MPI_CHECK(MPI_Send(buf.data(), n, MPI_BYTE, 1, 7, MPI_COMM_WORLD));
      PARLAB_MPI_CHECK(MPI_Recv(buf.data(), n, MPI_BYTE, 1, 7, MPI_COMM_WORLD, MPI_STATUS_IGNORE));
    } else if (g_rank == 1) {
      PARLAB_MPI_CHECK(MPI_Recv(buf.data(), n, MPI_BYTE, 0, 7, MPI_COMM_WORLD, MPI_STATUS_IGNORE));
      PARLAB_MPI_CHECK(MPI_Send(buf.data(), n, MPI_BYTE, 0, 7, MPI_COMM_WORLD));
    }
    if (i > 0) trips.push_back(MPI_Wtime() - t0);  // the first trip sets up the connection
  }
  std::sort(trips.begin(), trips.end());
  double half = trips.empty() ? 0 : trips[trips.size() / 2] / 2;
  // Everyone learns rank 0's figure.
  PARLAB_MPI_CHECK(MPI_Bcast(&half, 1, MPI_DOUBLE, 0, MPI_COMM_WORLD));
  return half;
}

}  // namespace parlab::mpi
