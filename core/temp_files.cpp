#include "parlab/temp_files.hpp"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstring>

namespace parlab::temp_files {
namespace {

constexpr int kSlots = 64;
constexpr std::size_t kPath = 4096;
// A slot is free (0), being filled (1), or holds a path (2). Lock-free
// atomics are async-signal-safe; a handler only reads slots that hold a path.
char g_path[kSlots][kPath];
std::atomic<int> g_state[kSlots];
static_assert(std::atomic<int>::is_always_lock_free);

extern "C" void remove_and_end(int sig) {
  remove_now();
  ::raise(sig);  // SA_RESETHAND: the default action ends the process
}

}  // namespace

int track(const char* path) {
  if (std::strlen(path) >= kPath) return -1;
  for (int i = 0; i < kSlots; ++i) {
    int free = 0;
    if (!g_state[i].compare_exchange_strong(free, 1)) continue;
    std::strcpy(g_path[i], path);
    g_state[i].store(2);
    return i;
  }
  return -1;
}

void untrack(int slot) {
  if (slot >= 0 && slot < kSlots) g_state[slot].store(0);
}

void remove_now() {
  for (int i = 0; i < kSlots; ++i) {
    int set = 2;
    if (g_state[i].compare_exchange_strong(set, 1)) {
      ::unlink(g_path[i]);
      g_state[i].store(0);
    }
  }
}

void remove_on_signals() {
  struct sigaction sa {};
  sa.sa_handler = remove_and_end;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESETHAND;
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaction(sig, &sa, nullptr);
}

}  // namespace parlab::temp_files
