// `parlab serve`: parlab's kernels behind a real HTTP/1.1 server, in one of
// three designs (--model loop|pool|threads; pipelines/serve/http_server.hpp),
// to load with a real client (scripts/bench_serve.sh, wrk) and watch where
// concurrency ends and parallelism begins. docs/serve.md has the routes.
#include <iostream>
#include <sstream>

#include "app/command.hpp"
#include "pipelines/serve/http_server.hpp"
#include "runtime/error.hpp"

namespace parlab::cli {
namespace {

struct ServeFlags {
  std::string model = "pool", backend = "simd";
  double max_body_mib = 64, max_bodies_mib = 1024, max_memory_mib = 1024;
  double max_samples = 1u << 28;
  serve::ServerOptions o;
};

std::string mib(double v) {
  std::ostringstream o;
  o << v << " MiB";
  return o.str();
}

int serve_command(ServeFlags& f) {
  serve::ServerOptions o = f.o;
  o.model = serve::parse_model(f.model);
  // One backend for every request; a kernel without it answers 422 saying so.
  const Selection sel = select_backend(backend_request(f.backend));
  o.backend = [b = sel.backend](const Kernel& k) {
    if (!k.has(b)) throw Error(std::string(k.name) + " has no " + std::string(to_string(b)) + " variant");
    return b;
  };
  o.max_body = static_cast<std::uint64_t>(f.max_body_mib * (1 << 20));
  o.max_bodies = static_cast<std::uint64_t>(f.max_bodies_mib * (1 << 20));
  if (o.max_bodies < o.max_body)
    throw UsageError("--max-bodies " + mib(f.max_bodies_mib) + " is below --max-body " + mib(f.max_body_mib) +
                     ": no body of the largest size could ever be held");
  o.work.max_memory = static_cast<std::uint64_t>(f.max_memory_mib * (1 << 20));
  o.work.max_items = static_cast<std::uint64_t>(f.max_samples);
  o.handle_signals = true;
  serve::Server server(o);
  std::cout << "parlab serve: listening on http://" << o.bind << ":" << server.port() << "/ (model "
            << serve::to_string(o.model);
  if (o.model == serve::Model::pool) std::cout << ", " << server.workers() << " workers";
  std::cout << ", kernels on " << to_string(sel.backend) << "); SIGINT or SIGTERM stops it" << std::endl;
  server.run();
  std::cout << "parlab serve: stopped; every request in flight was answered" << std::endl;
  return 0;
}

void add_serve_command(Program& program) {
  auto f = std::make_shared<ServeFlags>();
  CLI::App* cmd = program.app.add_subcommand(
      "serve",
      "Serve the kernels over HTTP/1.1: POST /filter/<kernel>, GET /montecarlo/pi|european|asian, /health, "
      "/metrics (docs/serve.md)");
  cmd->add_option("--port", f->o.port, "TCP port; 0 takes any free one (printed)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--bind", f->o.bind, "Address to listen on (127.0.0.1: this machine only)")->capture_default_str();
  cmd->add_option("--model", f->model,
                  "loop: the kernels run on the event loop (every connection waits); pool: on --workers threads "
                  "while the loop keeps serving; threads: one OS thread per connection")
      ->capture_default_str()
      ->check(CLI::IsMember({"loop", "pool", "threads"}));
  cmd->add_option("--workers", f->o.workers, "pool: threads that run kernels; threads: counts toward the requests computing at once (default: one per "
                  "logical CPU)")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--queue", f->o.queue,
                  "Requests that may wait for a worker (threads: workers + queue compute at once); beyond them 503 with "
                  "Retry-After (default: 4 per worker)")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--max-connections", f->o.max_connections, "Open connections; beyond them 503 and close")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--max-body", f->max_body_mib, "Largest request body, MiB (413 beyond)")
      ->capture_default_str()
      ->check(CLI::Range(0.001, 4096.0));
  cmd->add_option("--max-bodies", f->max_bodies_mib,
                  "Request bodies held at once, all connections together, MiB (503 beyond, admitted from each "
                  "request's Content-Length before its body is read)")
      ->capture_default_str()
      ->check(CLI::Range(0.001, 1048576.0));
  cmd->add_option("--max-header", f->o.max_header, "Largest request line and headers, bytes (413 beyond)")
      ->capture_default_str()
      ->check(CLI::Range(256, 1 << 20));
  cmd->add_option("--max-memory", f->max_memory_mib,
                  "Memory one image request may need once decoded, MiB, checked from its header (413 beyond)")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 1048576.0));
  cmd->add_option("--max-samples", f->max_samples, "Samples or paths one Monte Carlo request may ask for (422 beyond)")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 1e13));
  cmd->add_option("--timeout", f->o.timeout_s,
                  "Seconds a client has to send a whole request, or to take a reply; a slower one is cut off")
      ->capture_default_str()
      ->check(CLI::Range(0.01, 3600.0));
  cmd->add_option("--backend", f->backend,
                  "Backend of every request (default simd: one core per request, the workers are the parallelism)")
      ->capture_default_str();
  cmd->add_option("--threads", f->o.threads, "OpenMP threads per request, with --backend openmp")
      ->capture_default_str()
      ->check(CLI::Range(1, 4096));
  program.runs(cmd, [f] { return serve_command(*f); });
}

const RegisterCommand kServe{{.name = "serve", .order = 145, .add = add_serve_command}};

}  // namespace
}  // namespace parlab::cli
