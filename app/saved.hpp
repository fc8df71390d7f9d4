#pragma once
// Files written by --save, read back by `parlab diff` and `parlab report`.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

namespace parlab::cli {

// What a reader takes: saved files are kilobytes to a few megabytes (a
// 500 MB one used to take a minute and 11 GB); parlab nests 5 levels deep.
inline constexpr std::size_t kMaxSavedBytes = std::size_t{64} << 20;
inline constexpr int kMaxSavedNesting = 64;

// The document in `path`, checked: a missing or unreadable file, text that is
// not JSON, and a document of another schema or schema version are each an
// Error with one line that names the file and the reason; so are a device,
// a file over kMaxSavedBytes and a document nested deeper than kMaxSavedNesting.
nlohmann::json load_saved(const std::string& path);
// The same checks on text already read; `name` is the file's, for the errors.
nlohmann::json parse_saved(const std::string& text, const std::string& name);

// "AMD EPYC, fma3+avx2, 2 threads, no GPU, rev 9e35eb7": where a file's results were made.
std::string where_made(const nlohmann::json& doc);

}  // namespace parlab::cli
