#pragma once
// `parlab report RESULTS.json... --out DIR`: an HTML page with PNG and SVG
// figures (throughput against the limit, roofline, scaling, CPU vs GPU),
// drawn by matplotlib from files saved with --save.
#include <string>
#include <vector>

namespace parlab::cli {

// Checks every file (a bad one: one line on stderr, the rest still drawn),
// then runs the plotting script (scripts/parlab_report.py, built in) with
// the Python that has matplotlib: $PARLAB_PYTHON if set (only it), else
// /usr/bin/python3, else python3 on the PATH. The page and figures appear in `out` all at
// once (written beside it, then moved). Returns the exit code: 0, or 1 when a
// file was bad (with none good, nothing is drawn); throws Error when the
// drawing fails.
int make_report(const std::vector<std::string>& files, const std::string& out);

}  // namespace parlab::cli
