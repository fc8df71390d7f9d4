#pragma once
// What a word is: a maximal run of ASCII letters, ASCII digits and bytes
// >= 0x80 (so the bytes of a UTF-8 character never split a word); ASCII
// letters count in lower case. Every backend uses these definitions (the
// SIMD tokenizer is tested against them).
#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace parlab::mapreduce::words {

inline constexpr bool is_word_byte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}
inline constexpr char lower(unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); }

// Where a piece of text may end: just after a byte that is not part of a
// word. What follows may be the start of a word that goes on in the next
// chunk. A cut by content: a range of a file split across ranks
// (split_map_reduce.hpp) also asks for the first such place.
struct Cut {
  // The length of the longest prefix that may end a piece (0 if every byte is a word's).
  std::size_t operator()(std::span<const std::byte> bytes) const {
    for (std::size_t i = bytes.size(); i > 0; --i)
      if (!is_word_byte(std::to_integer<unsigned char>(bytes[i - 1]))) return i;
    return 0;
  }
  // The length of the shortest one (0 if none).
  std::size_t first(std::span<const std::byte> bytes) const {
    for (std::size_t i = 0; i < bytes.size(); ++i)
      if (!is_word_byte(std::to_integer<unsigned char>(bytes[i]))) return i + 1;
    return 0;
  }
};
inline constexpr Cut cut{};

// Calls f(word) for every word of `bytes`, lower-cased, in order. The
// teaching version: one byte at a time.
template <class F>
void for_each_word(std::span<const std::byte> bytes, F f) {
  std::string word;
  for (std::size_t i = 0; i < bytes.size();) {
    while (i < bytes.size() && !is_word_byte(std::to_integer<unsigned char>(bytes[i]))) ++i;
    if (i == bytes.size()) break;
    word.clear();
    while (i < bytes.size() && is_word_byte(std::to_integer<unsigned char>(bytes[i])))
      word.push_back(lower(std::to_integer<unsigned char>(bytes[i++])));
    f(std::string_view(word));
  }
}

}  // namespace parlab::mapreduce::words
