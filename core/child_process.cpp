#include "parlab/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <chrono>
#include <cstdlib>
#include <sstream>

extern char** environ;

namespace parlab {
namespace {

constexpr int kSignals[3] = {SIGINT, SIGTERM, SIGHUP};
volatile sig_atomic_t g_child = 0;   // the child running now, to pass a signal on to
volatile sig_atomic_t g_caught = 0;  // the signal received while ChildSignals is alive

// SIGTERM whatever came: a program that turns SIGINT into an exception
// (Python's KeyboardInterrupt and its traceback) ends quietly on SIGTERM.
extern "C" void pass_on(int sig) {
  g_caught = sig;
  if (g_child > 0) ::kill(static_cast<pid_t>(g_child), SIGTERM);
}

int spawn(const std::vector<std::string>& args, posix_spawn_file_actions_t* actions, pid_t* pid,
          bool own_group = false) {
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  // The child takes the signals' default actions, whatever ours are.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int sig : kSignals) sigaddset(&defaults, sig);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  short flags = POSIX_SPAWN_SETSIGDEF;
  if (own_group) {
    // A group of its own, so a time limit can end it with everything it started.
    posix_spawnattr_setpgroup(&attr, 0);
    flags |= POSIX_SPAWN_SETPGROUP;
  }
  posix_spawnattr_setflags(&attr, flags);
  const int rc = posix_spawnp(pid, argv[0], actions, &attr, argv.data(), environ);
  posix_spawnattr_destroy(&attr);
  if (rc == 0) g_child = *pid;
  return rc;
}

int wait_for(pid_t pid) {
  int status = 0;
  int rc = 0;
  while ((rc = waitpid(pid, &status, 0)) < 0 && errno == EINTR) {
  }
  g_child = 0;
  if (rc < 0) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

int run_program(const std::vector<std::string>& args, bool quiet) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (quiet) {
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  }
  pid_t pid = 0;
  const int rc = spawn(args, &actions, &pid);
  posix_spawn_file_actions_destroy(&actions);
  return rc != 0 ? -1 : wait_for(pid);
}

Captured capture_program(const std::vector<std::string>& args, CaptureOptions options) {
  int out[2], err[2] = {-1, -1};
  if (pipe2(out, O_CLOEXEC) != 0) return {};
  if (options.errors && pipe2(err, O_CLOEXEC) != 0) {
    close(out[0]);
    close(out[1]);
    return {};
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  if (options.errors) posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
  pid_t pid = 0;
  const bool limited = options.timeout_s > 0;
  const int rc = spawn(args, &actions, &pid, limited);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  if (options.errors) close(err[1]);
  Captured c;
  if (rc == 0) {
    // Both pipes drained as they fill (a child blocked on a full stderr
    // would never end), until both close or the time runs out.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(options.timeout_s);
    pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
    std::string* into[2] = {&c.out, &c.err};
    int open_fds = options.errors ? 2 : 1;
    char buf[1 << 16];
    while (open_fds > 0) {
      int wait_ms = -1;
      if (limited) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
          c.timed_out = true;
          ::kill(-pid, SIGKILL);
          break;
        }
        wait_ms = static_cast<int>(left.count());
      }
      const int ready = poll(fds, options.errors ? 2 : 1, wait_ms);
      if (ready < 0 && errno != EINTR) break;
      for (int i = 0; i < 2 && ready > 0; ++i) {
        if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        const ssize_t n = read(fds[i].fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
          fds[i].fd = -1;
          --open_fds;
        } else {
          into[i]->append(buf, static_cast<std::size_t>(n));
        }
      }
    }
  }
  close(out[0]);
  if (options.errors) close(err[0]);
  c.status = rc != 0 ? -1 : wait_for(pid);
  return c;
}

std::vector<std::string> mpi_launcher() {
  std::vector<std::string> words;
  if (const char* e = std::getenv("MPIEXEC"))
    for (std::istringstream in(e); in >> words.emplace_back();) {
    }
  while (!words.empty() && words.back().empty()) words.pop_back();
  return words.empty() ? std::vector<std::string>{"mpirun"} : words;
}

std::string joined(const std::vector<std::string>& words) {
  std::string s;
  for (const std::string& w : words) s += (s.empty() ? "" : " ") + w;
  return s;
}

ChildSignals::ChildSignals() {
  g_caught = 0;
  struct sigaction sa {};
  sa.sa_handler = pass_on;
  sigemptyset(&sa.sa_mask);
  for (int i = 0; i < 3; ++i) sigaction(kSignals[i], &sa, &previous_[i]);
}

ChildSignals::~ChildSignals() {
  for (int i = 0; i < 3; ++i) sigaction(kSignals[i], &previous_[i], nullptr);
}

int ChildSignals::caught() const { return g_caught; }

void ChildSignals::end_by_signal() {
  const int sig = g_caught;
  for (int i = 0; i < 3; ++i) sigaction(kSignals[i], &previous_[i], nullptr);
  ::raise(sig);
  // The previous handler returned (a stop request, say): end as the default would.
  ::signal(sig, SIG_DFL);
  ::raise(sig);
  std::_Exit(128 + sig);
}

}  // namespace parlab
