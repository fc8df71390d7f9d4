#pragma once
// Many processes: what the rest of parlab knows of MPI. Implemented with
// Open MPI in runtime/mpi/ranks_mpi.cpp when MPI is compiled in, and by
// runtime/mpi/ranks_off.cpp (one rank, and the reason) otherwise, so no caller
// needs an #ifdef.
//
// One binary: started by a launcher (mpirun, mpiexec, srun), every process is
// a rank of MPI_COMM_WORLD; started alone, it is rank 0 of 1 and MPI is not
// initialised at all (no singleton start-up, no daemon).
//
// Only the thread that called init() calls MPI (MPI_THREAD_FUNNELED): the
// OpenMP threads inside a rank never do.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

namespace parlab::mpi {

// Whether this build has MPI, and what it is ("Open MPI 4.1.4, MPI 3.1") or
// why not ("not compiled in: no MPI found by CMake").
bool compiled();
std::string build_info();
// The library's own name and version at run time (MPI_Get_library_version), "" without MPI.
std::string library_version();
// Whether a launcher started this process (its environment says so).
bool launched();

// MPI_Init_thread when launched; nothing otherwise. finalize() is safe to call
// when init() did nothing. Every MPI call is checked: a failure throws Error
// naming the call.
void init(int* argc, char*** argv);
void finalize();
bool initialised();

// On every rank but 0: standard output and error go to /dev/null (rank 0
// speaks for the job); the error line of a rank that must abort alone still
// reaches the terminal.
void silence_other_ranks();

int rank();  // 0 without MPI
int size();  // 1 without MPI
inline bool distributed() { return size() > 1; }
inline bool root() { return rank() == 0; }
std::string host();  // this process's host name

// A contiguous share of n items for rank r of R, in rank order: the first
// n mod R ranks take one more. The same function everywhere, so every rank
// knows every rank's share.
struct Share {
  std::uint64_t first = 0, count = 0;
};
inline Share share(std::uint64_t n, int r, int ranks) {
  const std::uint64_t R = static_cast<std::uint64_t>(ranks), q = n / R, extra = n % R, u = static_cast<std::uint64_t>(r);
  return {u * q + (u < extra ? u : extra), q + (u < extra ? 1 : 0)};
}
inline Share my_share(std::uint64_t n) { return share(n, rank(), size()); }

// Collectives over MPI_COMM_WORLD (each the identity with one rank).
void barrier();
// Every rank's bytes, in rank order, on every rank.
std::vector<std::vector<std::byte>> allgather_bytes(std::span<const std::byte> mine);
// Rank `from`'s bytes on every rank.
std::vector<std::byte> broadcast_bytes(std::span<const std::byte> mine, int from);
double max(double v);
double min(double v);
std::uint64_t sum(std::uint64_t v);
bool any(bool v);  // true on every rank if it is true on one

// Typed forms for trivially copyable values: every rank's elements,
// concatenated in rank order.
template <class T>
std::vector<T> allgather(std::span<const T> mine) {
  static_assert(std::is_trivially_copyable_v<T>);
  std::vector<T> all;
  for (const auto& part : allgather_bytes(std::as_bytes(mine))) {
    const std::size_t at = all.size();
    all.resize(at + part.size() / sizeof(T));
    if (!part.empty()) std::memcpy(all.data() + at, part.data(), part.size());
  }
  return all;
}
std::vector<std::string> allgather(const std::string& mine);

// Point to point, for halo exchanges: receives and sends posted together,
// completed by wait() (or the destructor). Buffers must outlive it.
class Exchange {
 public:
  Exchange() = default;
  Exchange(const Exchange&) = delete;
  Exchange& operator=(const Exchange&) = delete;
  ~Exchange();
  void receive(std::span<std::byte> into, int from, int tag);
  void send(std::span<const std::byte> what, int to, int tag);
  void wait();

 private:
  std::vector<void*> requests_;  // MPI_Request, owned
};

// A fold in rank order, for what must be computed in one sequence (a
// float sum the reference adds element by element): rank r waits for rank
// r-1's value, applies `step`, and hands the result to rank r+1; every rank
// gets the last rank's value. Serial by nature: exact, not fast.
double in_turn(double initial, double (*step)(double carry, const void* arg), const void* arg);

// How the ranks end: every rank brings its exit code and its error line ("" if
// none); rank 0 learns the failures. Returns the exit code every rank takes
// (the largest) and, on rank 0, the first failing rank's line prefixed with
// its rank. A failing rank whose peers do not arrive within `patience_s` (they
// are blocked in a collective it left) writes its own line and aborts the job
// (MPI_Abort): nothing hangs.
struct Ending {
  int code = 0;
  std::string message;  // rank 0: "rank 2: a.txt: cannot open (Permission denied)"; empty elsewhere
};
Ending agree_on_exit(int code, const std::string& message, double patience_s = 10);
[[noreturn]] void abort(int code);

// Round trip of `bytes` between ranks 0 and 1, `repeat` times (the others
// wait): half the median round trip, in seconds. Throws Error with fewer than
// two ranks.
double ping_pong_seconds(std::size_t bytes, int repeat);

}  // namespace parlab::mpi
