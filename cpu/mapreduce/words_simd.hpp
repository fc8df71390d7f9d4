#pragma once
// The word tokenizer on SIMD lanes (body in simd/mapreduce/words_isa.cpp,
// one per ISA): classifies 64 bytes at a time into a bit mask of word bytes
// (cpu/mapreduce/words.hpp defines them), lowers ASCII letters on the way,
// and finds the words' starts and ends from the mask's 0->1 and 1->0 steps.
// Hashing and counting the words stays with the caller.
#include <cstddef>
#include <cstdint>

namespace parlab::mapreduce {

template <class Arch>
struct WordTokens {
  // Writes bytes[0, n) lower-cased to `lowered` (n bytes) and each word's
  // start and end (one past its last byte) to bounds[2w], bounds[2w + 1];
  // bounds holds n + 1 entries. Returns the number of words. n < 2^32.
  static std::size_t run(const unsigned char* bytes, std::size_t n, char* lowered, std::uint32_t* bounds) noexcept;
};

}  // namespace parlab::mapreduce
