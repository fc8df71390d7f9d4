// The registered commands, and the handler of the one given.
#include "app/command.hpp"

#include <algorithm>
#include <stdexcept>

namespace parlab::cli {
namespace {

std::vector<Command>& registered() {
  static std::vector<Command> v;
  return v;
}

}  // namespace

RegisterCommand::RegisterCommand(Command c) {
  auto& v = registered();
  v.insert(std::upper_bound(v.begin(), v.end(), c, [](const Command& a, const Command& b) { return a.order < b.order; }),
           c);
}

std::span<const Command> commands() { return registered(); }

const std::function<int()>& Program::chosen() const {
  for (const auto& [cmd, run] : handlers_)
    if (cmd != &app && cmd->parsed()) return run;
  for (const auto& [cmd, run] : handlers_)
    if (cmd == &app) return run;
  throw std::logic_error("parlab: no command handles the program itself");
}

}  // namespace parlab::cli
