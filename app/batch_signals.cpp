#include "app/batch_signals.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <cstring>

#include "app/messages.hpp"
#include "parlab/temp_files.hpp"

namespace parlab::cli {
namespace {

// Built before the batch starts, read by the handler (no allocation there).
std::string g_text;                  // "  out1\n  out2\n...": one line per output
std::vector<std::size_t> g_line;     // output i is g_text[g_line[i], g_line[i + 1])
std::vector<std::sig_atomic_t> g_written;  // output i is complete
std::string g_paths;                 // the outputs' paths, each ended by '\0'
std::vector<std::size_t> g_path;     // output i's path starts at g_paths[g_path[i]]
volatile std::sig_atomic_t g_done = 0;
std::size_t g_total = 0;
// What each output's path held before the batch began (absent, or that
// file). An output is renamed into place before done() is called: a signal
// between the two finds a new file there, and counts it as written.
std::vector<struct stat> g_before;
std::vector<char> g_existed;

// Async-signal-safe (stat is): the output of input i was renamed into place.
bool replaced(std::size_t i) {
  struct stat now {};
  if (::stat(g_paths.data() + g_path[i], &now) != 0) return false;
  return !g_existed[i] || now.st_dev != g_before[i].st_dev || now.st_ino != g_before[i].st_ino;
}

void put(const char* s, std::size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(STDERR_FILENO, s, n);
    if (w <= 0) return;
    s += w;
    n -= static_cast<std::size_t>(w);
  }
}
void put(const char* s) { put(s, std::strlen(s)); }
void put_number(std::size_t v) {
  char buf[24];
  char* p = buf + sizeof buf;
  do *--p = static_cast<char>('0' + v % 10);
  while ((v /= 10) != 0);
  put(p, static_cast<std::size_t>(buf + sizeof buf - p));
}

// Interrupted (Ctrl-C), terminated (kill), hung up (the terminal or the ssh
// session closed). SIGKILL cannot be caught.
constexpr int kSignals[3] = {SIGINT, SIGTERM, SIGHUP};

extern "C" void on_signal(int sig) {
  temp_files::remove_now();
  const auto current = static_cast<std::size_t>(g_done);
  if (current < g_total && replaced(current)) {
    static_cast<volatile std::sig_atomic_t&>(g_written[current]) = 1;
    g_done = g_done + 1;
  }
  put("\nparlab: interrupted after ");
  put_number(static_cast<std::size_t>(g_done));
  put(" of ");
  put_number(g_total);
  put(" inputs; outputs written:\n");
  for (std::size_t i = 0; i < g_total; ++i)
    if (static_cast<volatile std::sig_atomic_t&>(g_written[i])) put(g_text.data() + g_line[i], g_line[i + 1] - g_line[i]);
  ::raise(sig);  // the handler was reset (SA_RESETHAND): the default action ends the process
}

}  // namespace

BatchSignals::BatchSignals(const std::vector<std::string>& outputs) {
  g_text.clear();
  g_line.assign(1, 0);
  g_paths.clear();
  g_path.clear();
  for (const std::string& o : outputs) {
    g_text += "  " + one_line(o) + "\n";  // escaped now: the handler cannot
    g_line.push_back(g_text.size());
    g_path.push_back(g_paths.size());
    g_paths += o + '\0';
  }
  g_written.assign(outputs.size(), 0);
  g_total = outputs.size();
  g_done = 0;
  g_before.assign(outputs.size(), {});
  g_existed.assign(outputs.size(), 0);
  for (std::size_t i = 0; i < outputs.size(); ++i)
    g_existed[i] = ::stat(g_paths.data() + g_path[i], &g_before[i]) == 0;
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESETHAND;
  for (int i = 0; i < 3; ++i) sigaction(kSignals[i], &sa, &previous_[i]);
}

BatchSignals::~BatchSignals() {
  for (int i = 0; i < 3; ++i) sigaction(kSignals[i], &previous_[i], nullptr);
}

void BatchSignals::done(bool written) {
  const auto i = static_cast<std::size_t>(g_done);
  if (written) static_cast<volatile std::sig_atomic_t&>(g_written[i]) = 1;
  g_done = g_done + 1;
}

}  // namespace parlab::cli
