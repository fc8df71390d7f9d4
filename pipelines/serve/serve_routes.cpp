#include "pipelines/serve/serve_routes.hpp"

#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "parlab/data_json.hpp"
#include "parlab/files.hpp"
#include "parlab/runner.hpp"
#include "parlab/source.hpp"
#include "runtime/error.hpp"

namespace parlab::serve {

std::string_view reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Payload Too Large";
    case 422: return "Unprocessable Content";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Unknown";
  }
}

Reply error_reply(int status, std::string_view why) {
  std::string line = std::to_string(status) + " " + std::string(reason(status)) + ": " + std::string(why);
  for (char& c : line)
    if (c == '\n' || c == '\r') c = ' ';  // one line, whatever the reason held
  return {.status = status, .body = line + "\n"};
}

namespace {

// A request's body as a Source, without copying it: what a kernel's
// read_file takes.
class BodySource final : public Source {
 public:
  explicit BodySource(std::string body) : body_(std::move(body)) {}
  const std::string& name() const override { return name_; }
  std::optional<std::uint64_t> size() const override { return body_.size(); }
  std::size_t chunk_bytes() const override { return kDefaultChunkBytes; }
  void for_each_chunk(const Chunk& chunk) const override {
    const auto* b = reinterpret_cast<const std::byte*>(body_.data());
    for (std::size_t at = 0; at < body_.size(); at += kDefaultChunkBytes)
      chunk({b + at, std::min(kDefaultChunkBytes, body_.size() - at)}, at);
  }
  std::span<const std::byte> bytes() const { return std::as_bytes(std::span(body_.data(), body_.size())); }

 private:
  std::string body_;
  std::string name_ = "request body";
};

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX and '+' decoded; nullopt for a broken escape.
std::optional<std::string> url_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      const int hi = hex(s[i + 1]), lo = hex(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// Params for `k` from a query string "sigma=2&seed=7": its defaults, then
// each pair parsed against the option's declared range. `files`: options
// that only shape the built-in input are refused. Throws UsageError.
Params params_from(const Kernel& k, std::string_view query, bool files, int threads) {
  Params p = k.defaults();
  p.threads = threads;
  std::set<std::string, std::less<>> seen;
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    const auto name = url_decode(pair.substr(0, eq));
    const auto text = url_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
    if (!name || !text) throw UsageError("query: a broken %-escape in '" + std::string(pair) + "'");
    if (!seen.insert(*name).second) throw UsageError("query: option '" + *name + "' given twice");
    if (*name == "seed") {
      p.seed = parse_seed(*text);
      continue;
    }
    const Option* o = k.option(*name);
    if (!o || (files && o->builtin_input)) {
      std::string known;
      for (const Option& x : k.options)
        if (!(files && x.builtin_input)) known += (known.empty() ? "" : ", ") + std::string(x.name);
      throw UsageError("query: kernel '" + std::string(k.name) + "' has no option '" + *name + "' (its options: " +
                       (known.empty() ? "none" : known) + (files ? "" : ", seed") + ")");
    }
    p.set(o->name, parse_option(*o, *text));
  }
  return p;
}

// parse_option's messages name the flag ("--sigma 'x': ..."); a query names
// the option.
std::string without_dashes(std::string s) { return s.rfind("--", 0) == 0 ? s.substr(2) : s; }

// Errors inside a job become replies: the job runs on a worker, where
// nothing could catch them.
template <class Work>
Reply guarded(Work work) {
  try {
    return work();
  } catch (const UsageError& e) {
    return error_reply(400, without_dashes(e.what()));
  } catch (const std::bad_alloc&) {
    return error_reply(503, "out of memory for this request");
  } catch (const std::exception& e) {
    return error_reply(422, e.what());
  }
}

// A run's metrics label: its command's first word ("montecarlo").
std::string route_label(const Kernel& k) {
  return std::string(k.command.substr(0, k.command.find(' ')));
}

}  // namespace

Routes::Routes(WorkLimits limits, std::function<Backend(const Kernel&)> backend, int threads,
               std::function<std::string()> metrics)
    : limits_(limits), backend_(std::move(backend)), threads_(threads), metrics_(std::move(metrics)) {
  for (const Kernel& k : kernels()) {
    if (takes_files(k) && k.encode_file && !k.file_extension.empty()) filters_["/filter/" + std::string(k.name)] = &k;
    if (!k.command.empty() && !takes_files(k)) {
      std::string path = "/" + std::string(k.command);
      for (char& c : path)
        if (c == ' ') c = '/';
      runs_[path] = &k;
    }
  }
}

Routed Routes::route(std::string_view method, std::string_view target, std::string body) const {
  const std::size_t q = target.find('?');
  const std::string_view path = target.substr(0, q);
  const std::string_view query = q == std::string_view::npos ? std::string_view{} : target.substr(q + 1);
  const auto only = [&](std::string_view allowed, std::string label) -> std::optional<Routed> {
    if (method == allowed) return std::nullopt;
    return Routed{std::move(label),
                  error_reply(405, std::string(path) + " takes " + std::string(allowed) + ", not " + std::string(method)),
                  {}};
  };
  if (path == "/health") {
    if (auto wrong = only("GET", "health")) return *wrong;
    return {"health", Reply{.body = "ok\n"}, {}};
  }
  if (path == "/metrics") {
    if (auto wrong = only("GET", "metrics")) return *wrong;
    return {"metrics", Reply{.content_type = "text/plain; version=0.0.4; charset=utf-8", .body = metrics_()}, {}};
  }
  if (const auto f = filters_.find(path); f != filters_.end()) {
    const Kernel& k = *f->second;
    if (auto wrong = only("POST", "filter")) return *wrong;
    Params p;
    try {
      p = params_from(k, query, true, threads_);
    } catch (const UsageError& e) {
      return {"filter", error_reply(400, without_dashes(e.what())), {}};
    }
    if (body.empty()) return {"filter", error_reply(400, "the body is empty: POST the image (PNG, JPEG or PPM)"), {}};
    auto source = std::make_shared<BodySource>(std::move(body));
    return {"filter", std::nullopt, [this, &k, p, source] {
              return guarded([&] {
                // The memory the image needs once decoded, from its header,
                // checked before a pixel is decoded.
                if (k.file_memory) {
                  const std::uint64_t need = k.file_memory(source->bytes());
                  if (need > limits_.max_memory)
                    return error_reply(413, "the decoded image and its output need " + std::to_string(need >> 20) +
                                                " MiB; this server allows " + std::to_string(limits_.max_memory >> 20) +
                                                " MiB a request");
                }
                const Data in = k.read_file(source, p);
                Data out;
                run_timed(k, backend_(k), in, out, p);
                const std::vector<std::byte> file = k.encode_file(out, k.file_extension);
                return Reply{.content_type = k.file_extension == ".png" ? "image/png" : "application/octet-stream",
                             .body = std::string(reinterpret_cast<const char*>(file.data()), file.size())};
              });
            }};
  }
  if (const auto r = runs_.find(path); r != runs_.end()) {
    const Kernel& k = *r->second;
    const std::string label = route_label(k);
    if (auto wrong = only("GET", label)) return *wrong;
    Params p;
    try {
      p = params_from(k, query, false, threads_);
      check_fits(k, p);
    } catch (const std::exception& e) {
      return {label, error_reply(400, without_dashes(e.what())), {}};
    }
    const double items = k.cost ? k.cost(p).items : 0;
    if (items > static_cast<double>(limits_.max_items))
      return {label,
              error_reply(422, std::string(k.name) + " asks for " + std::to_string(static_cast<std::uint64_t>(items)) +
                                   " samples; this server allows " + std::to_string(limits_.max_items) + " a request"),
              {}};
    return {label, std::nullopt, [this, &k, p] {
              return guarded([&] {
                const Data in = k.generate ? k.generate(p) : Data{};
                Data out;
                const Backend b = backend_(k);
                const Timed t = run_timed(k, b, in, out, p);
                const nlohmann::json j = {{"kernel", k.name},       {"backend", to_string(b)},
                                          {"seed", p.seed},         {"params", to_json(p)},
                                          {"kernel_ms", 1e3 * t.kernel_s()}, {"value", to_json(out)}};
                return Reply{.content_type = "application/json", .body = j.dump() + "\n"};
              });
            }};
  }
  std::string known = "GET /health, GET /metrics";
  for (const auto& [p, k] : runs_) known += ", GET " + p;
  std::string filters;
  for (const auto& [p, k] : filters_) filters += (filters.empty() ? "" : ", ") + std::string(k->name);
  return {"other",
          error_reply(404, "no route " + std::string(path) + " (routes: " + known + ", POST /filter/<kernel> for " +
                               filters + ")"),
          {}};
}

}  // namespace parlab::serve
