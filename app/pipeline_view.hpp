#pragma once
// How `parlab pipeline` reports: each stage's busy time and what it could
// sustain alone, then the summary (files, MB/s, images/s, the slowest stage
// and the fraction of it reached).
#include <string>
#include <vector>

#include "app/table.hpp"
#include "pipelines/files/file_pipeline.hpp"

namespace parlab::cli {

// `filter`: what each file went through ("sobel on simd").
std::vector<Table> pipeline_tables(const pipeline::Summary& s, const std::string& filter);

}  // namespace parlab::cli
