#include "app/child_process.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>

extern char** environ;

namespace parlab::cli {
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

int spawn(const std::vector<std::string>& args, posix_spawn_file_actions_t* actions, pid_t* pid) {
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
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
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

Captured capture_program(const std::vector<std::string>& args) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return {};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  pid_t pid = 0;
  const int rc = spawn(args, &actions, &pid);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  Captured c;
  if (rc == 0) {
    char buf[1 << 16];
    for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) != 0;) {
      if (n < 0) {
        if (errno == EINTR) continue;
        break;
      }
      c.out.append(buf, static_cast<std::size_t>(n));
    }
  }
  close(fds[0]);
  c.status = rc != 0 ? -1 : wait_for(pid);
  return c;
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

}  // namespace parlab::cli
