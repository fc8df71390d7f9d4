#include "app/backend_choice.hpp"

#include "runtime/error.hpp"

namespace parlab::cli {

Selection backend_for(const Kernel& k, const std::string& flag) {
  Selection sel = select_backend(backend_request(flag));
  if (!k.has(sel.backend)) throw Error(std::string(k.name) + ": no " + std::string(to_string(sel.backend)) + " variant");
  return sel;
}

std::string run_title(const Kernel& k, const Selection& sel) {
  std::string title = std::string(k.name) + " on " + std::string(to_string(sel.backend));
  if (!sel.skipped.empty()) {
    title += " (auto; skipped ";
    for (std::size_t i = 0; i < sel.skipped.size(); ++i) title += (i ? "; " : "") + sel.skipped[i];
    title += ")";
  }
  return title;
}

}  // namespace parlab::cli
