#include "labs/common/lab_program.hpp"

#include <sys/resource.h>

#include <chrono>
#include <exception>
#include <iostream>
#include <stdexcept>

#include "runtime/openmp.hpp"

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

std::uint64_t count(const std::string& flag, const std::string& text, std::uint64_t max) {
  // Whole numbers only, written three ways; the value is computed exactly.
  const auto digits = [](const std::string& t) { return !t.empty() && t.size() <= 20 && t.find_first_not_of("0123456789") == std::string::npos; };
  std::uint64_t v = 0;
  bool ok = false;
  if (const auto caret = text.find('^'); caret != std::string::npos) {
    const std::string base = text.substr(0, caret), exp = text.substr(caret + 1);
    if (digits(base) && digits(exp) && std::stoull(exp) < 64) {
      v = 1;
      ok = true;
      for (std::uint64_t i = 0, b = std::stoull(base); i < std::stoull(exp) && ok; ++i) ok = !__builtin_mul_overflow(v, b, &v);
    }
  } else if (const auto e = text.find_first_of("eE"); e != std::string::npos) {
    const std::string mant = text.substr(0, e), exp = text.substr(e + 1);
    if (digits(mant) && digits(exp) && std::stoull(exp) < 20) {
      v = std::stoull(mant);
      ok = true;
      for (std::uint64_t i = 0; i < std::stoull(exp) && ok; ++i) ok = !__builtin_mul_overflow(v, std::uint64_t{10}, &v);
    }
  } else if (digits(text)) {
    try {
      v = std::stoull(text);
      ok = true;
    } catch (const std::out_of_range&) {
    }
  }
  if (!ok || v > max)
    throw std::invalid_argument(flag + " '" + text + "': a whole number from 0 to " + std::to_string(max) +
                                " (1000000, 2^25 or 1e8)");
  return v;
}

Program::Program(std::string description) : app(std::move(description)) {
  openmp::unpin_initial_thread();  // the job scripts set OMP_PROC_BIND: see runtime/openmp.hpp
  app.require_subcommand(1);
}

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
        if (!prints) return 0;
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
