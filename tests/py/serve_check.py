#!/usr/bin/env python3
"""`parlab serve` on an ephemeral loopback port, driven by a real HTTP client
(Python's http.client, and raw sockets for what a client should not send).

    serve_check.py PARLAB CASE MODEL

CASE:
  outputs    every filter's reply is byte for byte `parlab filter`'s file, on
             images of awkward sizes; /montecarlo/pi and /european give the
             "value" of `parlab montecarlo ... --format json`; /health,
             /metrics (Prometheus text, counting what was asked)
  statuses   400 (malformed HTTP, then the connection closes; a bad option),
             404, 405, 413 (body, headers, a decoded image too large), 422
             (a body that is no image; more samples than allowed), 503 with
             Retry-After (pool and threads: the work bound full; any model:
             the connections full, the bodies held at once full), each body
             one line
  slowloris  1000 connections that send half a request and wait: a new
             client is still served at once, and the server cuts the slow
             ones off after --timeout
  shutdown   SIGTERM with a request in flight: it is answered, the server
             exits 0 and accepts nothing more
  malformed  10 000 mutated request lines and headers: the server answers
             or closes each, stays alive, and its memory stays flat
MODEL: loop, pool or threads.

Exit 0 when every property holds, 1 (with the reason) when one does not."""
import atexit
import http.client
import json
import os
import random
import re
import resource
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


SERVERS = []


def stop_every_server():
    """A failed check exits at once: no server it started outlives it."""
    for p in SERVERS:
        if p.poll() is None:
            p.kill()


atexit.register(stop_every_server)


class Server:
    """parlab serve --port 0, its port read from its first line."""

    def __init__(self, parlab, model, *args):
        self.proc = subprocess.Popen([parlab, "serve", "--port", "0", "--model", model, *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        SERVERS.append(self.proc)
        line = self.proc.stdout.readline()
        m = re.search(r"127\.0\.0\.1:(\d+)/", line)
        if not m:
            self.proc.kill()
            fail(f"no 'listening on' line from parlab serve: {line!r} {self.proc.stderr.read()!r}")
        self.port = int(m.group(1))

    def request(self, method, target, body=None, headers=None, timeout=120):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        c.request(method, target, body=body, headers=headers or {})
        r = c.getresponse()
        data = r.read()
        c.close()
        return r.status, dict(r.getheaders()), data

    def rss_kib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            out, err = self.proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            fail("the server did not stop within 60 s of SIGTERM")
        if self.proc.returncode != 0:
            fail(f"the server exited {self.proc.returncode} on SIGTERM: {err}")
        return out, err


def ppm(width, height, seed):
    rng = random.Random(seed)
    return b"P6\n%d %d\n255\n" % (width, height) + bytes(rng.randrange(256) for _ in range(width * height * 3))


def png_gray(width, height):
    """A black gray-scale PNG: a few KiB that decode to width x height."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\0" + bytes(width) for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def sanitized(parlab):
    """Whether this parlab was built with a sanitizer (its compile flags)."""
    info = json.loads(subprocess.run([parlab, "info", "--format", "json"], capture_output=True, text=True,
                                     timeout=120).stdout)
    return "sanitize" in info["context"].get("flags", "")


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, timeout=300)
    if r.returncode != 0:
        fail(f"{' '.join(cmd)} exited {r.returncode}: {r.stderr.decode()}")
    return r.stdout


def one_line(status, data, want, what):
    if status != want:
        fail(f"{what}: status {status}, expected {want}: {data[:200]!r}")
    text = data.decode()
    if not text.startswith(str(want)) or text.count("\n") != 1 or not text.endswith("\n"):
        fail(f"{what}: the body is not one line starting with the status: {text!r}")


def raw(port, data, timeout=10):
    """Sends bytes on a new connection; what came back before it closed."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.sendall(data)
    got = b""
    try:
        while chunk := s.recv(65536):
            got += chunk
    except (ConnectionResetError, socket.timeout):
        pass
    s.close()
    return got


def case_outputs(parlab, model):
    srv = Server(parlab, model)
    with tempfile.TemporaryDirectory() as d:
        for w, h in [(1, 1), (1, 9), (9, 1), (37, 23), (130, 67)]:
            image = os.path.join(d, f"in_{w}x{h}.ppm")
            with open(image, "wb") as f:
                f.write(ppm(w, h, w * 1000 + h))
            body = open(image, "rb").read()
            for kernel, options in [("gaussian_blur", {"sigma": "1.7"}), ("box_blur", {"radius": "5"}),
                                    ("unsharp", {}), ("sobel", {}), ("gray", {}), ("gray_u8", {})]:
                out = os.path.join(d, f"{kernel}_{w}x{h}.png")
                run([parlab, "filter", kernel, "-i", image, "-o", out, "--backend", "simd"] +
                    [x for k, v in options.items() for x in (f"--{k}", v)])
                query = "&".join(f"{k}={v}" for k, v in options.items())
                status, headers, data = srv.request("POST", f"/filter/{kernel}?{query}", body=body)
                if status != 200:
                    fail(f"POST /filter/{kernel} on {w}x{h}: {status} {data[:200]!r}")
                if headers.get("Content-Type") != "image/png":
                    fail(f"/filter/{kernel}: Content-Type {headers.get('Content-Type')!r}")
                if data != open(out, "rb").read():
                    fail(f"/filter/{kernel}?{query} on {w}x{h}: the reply differs from `parlab filter`'s file")
    for which, query, args in [("pi", "samples=1000003&seed=7", ["--samples", "1000003", "--seed", "7"]),
                               ("european", "paths=20001&seed=3&strike=90", ["--paths", "20001", "--seed", "3",
                                                                             "--strike", "90"])]:
        want = json.loads(run([parlab, "montecarlo", which, *args, "--backend", "simd", "--format", "json"]))
        status, headers, data = srv.request("GET", f"/montecarlo/{which}?{query}")
        if status != 200 or headers.get("Content-Type") != "application/json":
            fail(f"/montecarlo/{which}: {status} {headers.get('Content-Type')} {data[:200]!r}")
        got = json.loads(data)
        if got["value"] != want["results"][0]["value"]:
            fail(f"/montecarlo/{which}?{query}: {got['value']} differs from parlab montecarlo's "
                 f"{want['results'][0]['value']}")
        if got["seed"] != want["context"]["seed"]:
            fail(f"/montecarlo/{which}: seed {got['seed']} against {want['context']['seed']}")
    status, _, data = srv.request("GET", "/health")
    if (status, data) != (200, b"ok\n"):
        fail(f"/health: {status} {data!r}")
    status, headers, data = srv.request("GET", "/metrics")
    text = data.decode()
    if status != 200 or not headers.get("Content-Type", "").startswith("text/plain; version=0.0.4"):
        fail(f"/metrics: {status} {headers}")
    filters = sum(int(v) for v in re.findall(r'parlab_requests_total\{route="filter",status="200"\} (\d+)', text))
    if filters != 30:
        fail(f"/metrics counts {filters} filter requests answered 200; 30 were\n{text}")
    for name in ["parlab_requests_in_flight", "parlab_queue_depth", "parlab_workers_busy", "parlab_connections_open",
                 'parlab_request_seconds{route="filter",quantile="0.99"}']:
        if not re.search("^" + re.escape(name) + r" [0-9.e+-]+$", text, re.M):
            fail(f"/metrics has no {name}:\n{text}")
    srv.stop()


def case_statuses(parlab, model):
    srv = Server(parlab, model, "--max-body", "0.05", "--max-bodies", "0.05", "--max-header", "1024", "--max-memory", "1",
                 "--max-samples", "1000000", "--max-connections", "4")
    image = ppm(40, 30, 1)
    one_line(*srv.request("GET", "/nowhere")[::2], 404, "an unknown route")
    one_line(*srv.request("GET", "/filter/sobel")[::2], 405, "GET on a filter")
    one_line(*srv.request("POST", "/filter/no_such_kernel", body=image)[::2], 404, "an unknown kernel")
    one_line(*srv.request("POST", "/filter/gaussian_blur?sigma=0", body=image)[::2], 400, "sigma out of range")
    one_line(*srv.request("POST", "/filter/gaussian_blur?sigma=1&sigma=2", body=image)[::2], 400, "an option twice")
    one_line(*srv.request("POST", "/filter/gaussian_blur?width=5", body=image)[::2], 400, "a built-in-input option")
    one_line(*srv.request("POST", "/filter/sobel", body=b"")[::2], 400, "an empty body")
    one_line(*srv.request("POST", "/filter/sobel", body=b"not an image at all")[::2], 422, "a body that is no image")
    one_line(*srv.request("POST", "/filter/sobel", body=ppm(40, 30, 1)[:200])[::2], 422, "a truncated image")
    one_line(*srv.request("GET", "/montecarlo/pi?samples=2000000")[::2], 422, "more samples than allowed")
    one_line(*srv.request("GET", "/montecarlo/pi?seed=-1")[::2], 400, "a negative seed")
    one_line(*srv.request("POST", "/filter/sobel", body=b"x" * 60000)[::2], 413, "a body over --max-body")
    # A PNG of 2000x2000 in a few KiB (under --max-body) that would need more
    # than --max-memory 1 MiB once decoded.
    one_line(*srv.request("POST", "/filter/sobel", body=png_gray(2000, 2000))[::2], 413,
             "a decoded image over --max-memory")
    one_line(*srv.request("GET", "/health", headers={"X-Big": "y" * 2000})[::2], 413, "headers over --max-header")
    # Malformed HTTP: 400, then the server closes the connection.
    got = raw(srv.port, b"GARBAGE\r\n\r\nGET /health HTTP/1.1\r\nHost: x\r\n\r\n")
    head, _, body = got.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 400") or b"200 OK" in got:
        fail(f"a malformed request line: {got[:300]!r} (expected 400 and the connection closed)")
    # The bodies held at once full (--max-bodies 0.05 MiB): one upload of
    # 40 000 bytes under way leaves no room for a second.
    slow = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
    slow.sendall(b"POST /filter/sobel HTTP/1.1\r\nHost: x\r\nContent-Length: 40000\r\n\r\n" + bytes(1000))
    time.sleep(0.3)
    one_line(*srv.request("POST", "/filter/sobel", body=bytes(40000))[::2], 503, "bodies over --max-bodies")
    slow.close()
    time.sleep(0.3)  # the server sees the close and gives the first body's share back
    one_line(*srv.request("POST", "/filter/sobel", body=bytes(40000))[::2], 422, "a body once the other is gone")
    # The connections full (--max-connections 4): the fifth gets 503.
    # Each held connection is answered once (kept alive), so the server has
    # surely accepted all four before the fifth comes.
    held = []
    for _ in range(4):
        c = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30)
        c.request("GET", "/health")
        if c.getresponse().read() != b"ok\n":
            fail("a held connection was not answered")
        held.append(c)
    got = raw(srv.port, b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
    if not got.startswith(b"HTTP/1.1 503") or b"Retry-After: 1" not in got:
        fail(f"a connection over --max-connections: {got[:300]!r}")
    for s in held:
        s.close()
    srv.stop()
    if model != "loop":
        # One worker, one place in the queue (threads: two requests computing
        # at once): of four slow requests at once, at least one finds no room.
        srv = Server(parlab, model, "--workers", "1", "--queue", "1")
        results = []

        def slow():
            results.append(srv.request("GET", "/montecarlo/european?paths=4000000"))

        threads = [threading.Thread(target=slow) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        busy = [r for r in results if r[0] == 503]
        if not busy or any(r[0] not in (200, 503) for r in results):
            fail(f"4 slow requests on 1 worker and a queue of 1: statuses {[r[0] for r in results]}, expected some 503")
        one_line(busy[0][0], busy[0][2], 503, "the queue full")
        if busy[0][1].get("Retry-After") != "1":
            fail(f"503 without Retry-After: {busy[0][1]}")
        srv.stop()


def case_slowloris(parlab, model):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 8192), hard))
    srv = Server(parlab, model, "--timeout", "3")
    slow = []
    for _ in range(1000):
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        slow.append(s)
    t0 = time.monotonic()
    status, _, data = srv.request("GET", "/health", timeout=10)
    took = time.monotonic() - t0
    if status != 200:
        fail(f"/health beside 1000 slow connections: {status} {data!r}")
    if took > 2.5:
        fail(f"/health beside 1000 slow connections took {took:.2f} s: it waited for them (--timeout 3)")
    time.sleep(4.5)  # past --timeout: every slow connection is cut off
    open_ = 0
    for s in slow:
        s.settimeout(0.5)
        try:
            if s.recv(100):
                pass
        except socket.timeout:
            open_ += 1
        except ConnectionResetError:
            pass
        s.close()
    if open_:
        fail(f"{open_} of 1000 slow connections were still open 4.5 s after they began, with --timeout 3")
    status, _, _ = srv.request("GET", "/health")
    if status != 200:
        fail(f"/health after the slow connections: {status}")
    srv.stop()


def slow_paths(srv):
    """Paths of an option request that takes about two seconds here (a
    sanitizer build is many times slower), from a small one timed first."""
    t0 = time.monotonic()
    status, _, _ = srv.request("GET", "/montecarlo/european?paths=1048576")
    if status != 200:
        fail(f"the timing request: {status}")
    per_path = max(time.monotonic() - t0, 1e-3) / 1048576
    return max(1 << 20, min(1 << 28, int(2.0 / per_path)))


def case_shutdown(parlab, model):
    srv = Server(parlab, model)
    paths = slow_paths(srv)
    results = []

    def slow():
        try:
            results.append((srv.request("GET", f"/montecarlo/european?paths={paths}&seed=5"), time.monotonic()))
        except Exception as e:  # noqa: BLE001 - reported below
            results.append((e, time.monotonic()))

    t = threading.Thread(target=slow)
    t.start()
    time.sleep(0.3)  # the request is in flight: it takes about two seconds
    # Half a request on another connection: the server must not wait for it.
    idle = socket.create_connection(("127.0.0.1", srv.port))
    idle.sendall(b"GET /health HTTP/1.1\r\n")
    signalled = time.monotonic()
    out, err = srv.stop()
    t.join()
    (reply, answered), = results
    if isinstance(reply, Exception) or reply[0] != 200:
        fail(f"the request in flight at SIGTERM was not answered 200: {reply}")
    if answered < signalled:
        fail("the slow request was answered before SIGTERM was sent: the test did not test a request in flight")
    if "stopped" not in out:
        fail(f"no 'stopped' line after SIGTERM: {out!r}")
    idle.close()
    try:
        socket.create_connection(("127.0.0.1", srv.port), timeout=2).close()
        fail("the server still accepts connections after it exited")
    except OSError:
        pass


def case_malformed(parlab, model):
    count = int(os.environ.get("PARLAB_SERVE_MALFORMED", "10000"))
    srv = Server(parlab, model, "--timeout", "1")
    rng = random.Random(2026)
    base = [b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n",
            b"POST /filter/sobel?x=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
            b"GET /montecarlo/pi?samples=1000 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"]
    junk = [b"\x00", b"\r", b"\n", b" ", b":", b"%", b"\xff", b"HTTP/9.9", b"Content-Length: -1\r\n",
            b"Content-Length: 99999999999999999999\r\n", b"Transfer-Encoding: chunked\r\n", b"\r\n\r\n", b"?"]

    def mutate(b):
        b = bytearray(b)
        for _ in range(rng.randint(1, 4)):
            op = rng.randrange(3)
            at = rng.randrange(len(b) + 1)
            if op == 0 and b:
                del b[at:at + rng.randint(1, 8)]
            elif op == 1:
                b[at:at] = rng.choice(junk)
            elif b:
                b[min(at, len(b) - 1)] = rng.randrange(256)
        return bytes(b)

    def hammer(n):
        for _ in range(n):
            s = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
            try:
                s.sendall(mutate(rng.choice(base)))
                s.shutdown(socket.SHUT_WR)
                while s.recv(65536):
                    pass
            except OSError:
                pass
            s.close()

    hammer(min(1000, count))
    before = srv.rss_kib()
    hammer(count - min(1000, count))
    after = srv.rss_kib()
    if srv.proc.poll() is not None:
        fail(f"the server died under malformed requests: exit {srv.proc.returncode}")
    status, _, _ = srv.request("GET", "/health")
    if status != 200:
        fail(f"/health after {count} malformed requests: {status}")
    if sanitized(parlab):
        print(f"resident memory {before} -> {after} KiB not judged: under a sanitizer freed memory waits in its "
              "quarantine")
    elif after > before + 16 * 1024:
        fail(f"resident memory grew from {before} to {after} KiB over {count - 1000} malformed requests")
    srv.stop()
    print(f"{count} malformed requests; resident memory {before} -> {after} KiB")


def main():
    parlab, case, model = sys.argv[1:4]
    {"outputs": case_outputs, "statuses": case_statuses, "slowloris": case_slowloris, "shutdown": case_shutdown,
     "malformed": case_malformed}[case](parlab, model)
    print(f"ok: {case} ({model})")


if __name__ == "__main__":
    main()
