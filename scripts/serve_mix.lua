-- wrk script of scripts/bench_serve.sh: one kind of request per wrk run
-- (heavy: POST the image in $PARLAB_BENCH_IMAGE to the URL's filter; light:
-- GET the URL as it is, with a pause between requests), and one machine-readable line at the end with the
-- request count, the errors and the latency quantiles (microseconds).
local image = os.getenv("PARLAB_BENCH_IMAGE")
if image and image ~= "" then
  local f = assert(io.open(image, "rb"))
  wrk.method = "POST"
  wrk.body = f:read("*a")
  wrk.headers["Content-Type"] = "application/octet-stream"
  f:close()
end

-- Light clients pause between requests ($PARLAB_BENCH_PAUSE_MS): many
-- connections, each asking now and then, as health checks and dashboards do.
local pause = tonumber(os.getenv("PARLAB_BENCH_PAUSE_MS") or "0")
if pause > 0 then
  delay = function() return pause end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.3f status_errors=%d socket_errors=%d p50_us=%d p99_us=%d p999_us=%d\n",
    summary.requests, summary.duration / 1e6, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9)))
end
