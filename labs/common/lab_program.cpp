#include "labs/common/lab_program.hpp"

#include <sys/resource.h>

#include <chrono>
#include <exception>
#include <iostream>

namespace parlab::lab {

double wall_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double cpu_s() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

Program::Program(std::string description) : app(std::move(description)) { app.require_subcommand(1); }

CLI::App* Program::task(std::string name, std::string help, std::function<json()> run) {
  CLI::App* cmd = app.add_subcommand(std::move(name), std::move(help));
  tasks_.emplace_back(cmd, std::move(run));
  return cmd;
}

int Program::main(int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << app.get_name() << ": " << e.what() << " (see --help)\n";
    return 2;
  }
  try {
    for (auto& [cmd, run] : tasks_)
      if (cmd->parsed()) {
        const json result = run();
        std::cout << result.dump() << "\n" << std::flush;
        return std::cout ? 0 : 1;
      }
  } catch (const std::exception& e) {
    std::cerr << argv[0] << ": " << e.what() << "\n";
    return 1;
  }
  return 2;
}

}  // namespace parlab::lab
