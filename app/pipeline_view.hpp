#pragma once
// How `parlab pipeline` reports: each stage's busy time and what it could
// sustain alone, then the summary (files, MB/s, images/s, the slowest stage
// and the fraction of it reached).
#include <vector>

#include "app/table.hpp"
#include "pipelines/files/file_pipeline.hpp"

namespace parlab::cli {

std::vector<Table> pipeline_tables(const pipeline::Summary& s);

}  // namespace parlab::cli
