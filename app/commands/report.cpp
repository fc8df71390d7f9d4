// `parlab report RESULTS.json... --out DIR`: an HTML page with PNG and SVG
// figures (throughput against the limit, roofline, scaling, CPU vs GPU),
// drawn by matplotlib from files saved with --save (app/report_page.hpp).
#include "app/command.hpp"
#include "app/report_page.hpp"

namespace parlab::cli {
namespace {

struct ReportFlags {
  std::vector<std::string> files;
  std::string out_dir;
};

void add_report_command(Program& program) {
  auto o = std::make_shared<ReportFlags>();
  CLI::App* cmd = program.app.add_subcommand("report", "An HTML page with PNG and SVG charts (throughput, roofline, scaling, "
                                                       "CPU vs GPU) from saved results; needs python3-matplotlib");
  cmd->add_option("files", o->files, "Files written by --save")->required();
  cmd->add_option("--out", o->out_dir, "Directory for index.html and the figures (made if missing)")->required();
  program.runs(cmd, [o] { return make_report(o->files, o->out_dir); });
}

const RegisterCommand kReport{{.name = "report", .order = 120, .add = add_report_command}};

}  // namespace
}  // namespace parlab::cli
