#pragma once
// A command of the parlab program lives in a file of its own,
// app/commands/<command>.cpp, in the style of CLI11's subcommands-in-files
// example: the file keeps its options in a struct of its own, adds its
// subcommand and says what runs it, and registers itself:
//
//   void add_info(Program& program) {
//     CLI::App* cmd = program.app.add_subcommand("info", "This machine: ...");
//     add_format(cmd, program.shared);
//     program.runs(cmd, [] { ...; return 0; });
//   }
//   const RegisterCommand kInfo{{.name = "info", .order = 10, .add = add_info}};
//
// main.cpp adds every registered command and runs the one given; nothing
// lists the commands. Adding a command is one file in app/commands/.
#include <CLI/CLI.hpp>
#include <functional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "app/shared_flags.hpp"

namespace parlab::cli {

// What a command adds itself to: the program, and the flags commands share.
class Program {
 public:
  Program(CLI::App& app, Shared& shared) : app(app), shared(shared) {}
  CLI::App& app;
  Shared& shared;
  // `run` runs (and gives the exit code) when `cmd` is the command given;
  // `cmd` may be the program itself (the showcase, when no command is given).
  void runs(const CLI::App* cmd, std::function<int()> run) { handlers_.emplace_back(cmd, std::move(run)); }
  // After parsing: the handler of the command given.
  const std::function<int()>& chosen() const;

 private:
  std::vector<std::pair<const CLI::App*, std::function<int()>>> handlers_;
};

struct Command {
  std::string_view name = {};  // its word; "" for the showcase (the program itself)
  int order = 0;               // commands are added, and listed by --help, in this order
  void (*add)(Program& program) = nullptr;
};

struct RegisterCommand {
  explicit RegisterCommand(Command c);
};
// Every command, in order.
std::span<const Command> commands();

}  // namespace parlab::cli
