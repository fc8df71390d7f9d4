#pragma once
// The word count's result, the same on every backend: the words, the
// distinct words, the top K by count (ties: the word's bytes, ascending),
// and with --all every word and its count in that order.
#include <cstdint>
#include <utility>

#include "parlab/data.hpp"
#include "parlab/options.hpp"

namespace parlab::mapreduce {

// `table` holds every distinct word and its count (in any order); consumed.
void wordcount_output(KeyCounts table, std::uint64_t words, const Params& p, Data& out);

}  // namespace parlab::mapreduce
