#pragma once
// Lab 07, pipeline parallelism: what you write, in starter/slow_stage.cpp.
// The rest (slow_stage_main.cpp) is given.
#include <cstddef>
#include <functional>
#include <memory>

namespace lab07 {

// One file on its way through the stages: its bytes, then its image, then
// the filtered image (given; you only pass it on).
struct Item;

// Given: the stages, each doing its part for one file and timing it for
// the report. `read` takes the files in order (file 0, 1, ...); the others
// may run on several files at once.
struct Stages {
  std::size_t files = 0;
  std::function<std::shared_ptr<Item>(std::size_t file)> read;
  std::function<void(Item&)> decode, filter, write;
};

// TODO. Every file through read -> decode -> filter -> write, as an assembly
// line on oneTBB's parallel_pipeline with at most `tokens` files in flight.
// The starter works, but one stage holds up the line: find it from the
// stage report (or the trace), and fix it.
void run_pipeline(const Stages& stages, int tokens);

}  // namespace lab07
