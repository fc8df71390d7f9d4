#include "parlab/temp_files.hpp"

#include <unistd.h>

#include <csignal>
#include <cstring>

namespace parlab::temp_files {
namespace {

char g_path[4096];
volatile std::sig_atomic_t g_set = 0;

}  // namespace

void set(const char* path) {
  g_set = 0;
  if (std::strlen(path) >= sizeof g_path) return;
  std::strcpy(g_path, path);
  g_set = 1;
}

void clear() { g_set = 0; }

void remove_now() {
  if (g_set) ::unlink(g_path);
  g_set = 0;
}

}  // namespace parlab::temp_files
