// Built-in inputs from the seed, no downloads: English-like text (a Zipf
// law over a fixed vocabulary, punctuation, capitals after a full stop,
// numbers, a few UTF-8 words) and float32 values with a large mean and a
// small spread. Word i of the text depends only on (seed, i), so blocks of
// words are made on every thread.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "cpu/mapreduce/mapreduce.hpp"
#include "parlab/rng.hpp"

namespace parlab::mapreduce {
namespace {

std::uint64_t mix(std::uint64_t z) {  // splitmix64's finaliser
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

constexpr std::size_t kVocabulary = 30000;

// The vocabulary by rank: English's commonest words first, then made-up
// words of one, two, three syllables (rarer words are longer), with some
// UTF-8 ones among them.
struct Vocabulary {
  std::vector<std::string> words;
  std::vector<std::uint32_t> cdf;  // Zipf (s = 1): P(rank <= r) * 2^32
  Vocabulary() {
    const char* common[] = {"the", "of", "and", "to", "a", "in", "is", "it", "that", "was", "for", "on", "are",
                            "with", "as", "I", "his", "they", "be", "at", "one", "have", "this", "from"};
    const char* utf8[] = {"café", "naïve", "über", "straße", "日本", "привет", "déjà", "façade"};
    const char* c = "tnrslmdkpbgvfhzw";
    const char* v = "aeiou";
    for (const char* w : common) words.emplace_back(w);
    for (std::size_t r = words.size(); words.size() < kVocabulary; ++r) {
      if (r % 997 == 0) {
        words.push_back(utf8[(r / 997) % 8]);
        continue;
      }
      std::string w;
      for (std::size_t x = r; ; x /= 80) {
        w += c[x % 16];
        w += v[x / 16 % 5];
        if (x < 80) break;
      }
      words.push_back(w);
    }
    std::sort(words.begin() + 24, words.end());
    words.erase(std::unique(words.begin() + 24, words.end()), words.end());
    double h = 0;
    std::vector<double> sum;
    for (std::size_t r = 0; r < words.size(); ++r) sum.push_back(h += 1.0 / static_cast<double>(r + 1));
    for (double s : sum) cdf.push_back(static_cast<std::uint32_t>(std::min(4294967295.0, s / h * 4294967296.0)));
  }
};

const Vocabulary& vocabulary() {
  static const Vocabulary v;
  return v;
}

// Word i and the separator after it.
void append_word(std::string& out, std::uint64_t seed, std::uint64_t i) {
  const Vocabulary& v = vocabulary();
  const std::uint64_t h = mix(seed * 0x9E3779B97F4A7C15ull + i), before = i ? mix(seed * 0x9E3779B97F4A7C15ull + i - 1) : 0;
  const auto r = std::upper_bound(v.cdf.begin(), v.cdf.end(), static_cast<std::uint32_t>(h >> 32)) - v.cdf.begin();
  const std::size_t at = out.size();
  if ((h & 0xFF) < 10)
    out += std::to_string((h >> 8) % 3000);  // a number
  else
    out += v.words[std::min<std::size_t>(r, v.words.size() - 1)];
  const bool sentence = i == 0 || (before >> 8 & 0xFF) < 16;
  if (sentence && out[at] >= 'a' && out[at] <= 'z') out[at] = static_cast<char>(out[at] - 32);
  const unsigned s = (h >> 8) & 0xFF;
  out += s < 16 ? ". " : s < 36 ? ", " : s < 44 ? "\n" : s < 46 ? "; " : " ";
}

}  // namespace

std::vector<std::byte> english_like_text(std::uint64_t bytes, std::uint64_t seed) {
  constexpr std::uint64_t kWordsPerBlock = 1 << 14;
  std::vector<std::byte> text;
  text.reserve(bytes);
  for (std::uint64_t first = 0; text.size() < bytes;) {
    // A batch of blocks on every thread (about 7 bytes a word), then appended in order.
    const auto blocks = static_cast<std::int64_t>(std::clamp<std::uint64_t>((bytes - text.size()) / (7 * kWordsPerBlock) + 1, 1, 256));
    std::vector<std::string> part(static_cast<std::size_t>(blocks));
#pragma omp parallel for schedule(dynamic, 1)
    for (std::int64_t b = 0; b < blocks; ++b)
      for (std::uint64_t i = 0; i < kWordsPerBlock; ++i)
        append_word(part[b], seed, first + static_cast<std::uint64_t>(b) * kWordsPerBlock + i);
    first += static_cast<std::uint64_t>(blocks) * kWordsPerBlock;
    for (const std::string& s : part) {
      const std::size_t take = std::min<std::size_t>(s.size(), bytes - text.size());
      const auto* p = reinterpret_cast<const std::byte*>(s.data());
      text.insert(text.end(), p, p + take);
    }
  }
  return text;
}

Data generated_text(const Params& p) {
  Data d;
  d.set<Stream>("text", memory_source("built-in text", english_like_text(p.count("size"), p.seed)));
  return d;
}

Data generated_values(const Params& p) {
  // 1e4 + uniform [0, 1): a mean far larger than the spread, where the
  // textbook formula sum(x^2)/n - mean^2 loses most of its digits.
  Floats x(p.count("size"));
  fill_uniform(x, p.seed, 1e4f, 1e4f + 1.0f);
  std::vector<std::byte> bytes(x.size() * sizeof(float));
  if (!bytes.empty()) std::memcpy(bytes.data(), x.data(), bytes.size());
  Data d;
  d.set<Stream>("values", memory_source("built-in values", std::move(bytes)));
  return d;
}

}  // namespace parlab::mapreduce
