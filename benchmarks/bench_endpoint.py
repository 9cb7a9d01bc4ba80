"""Benchmark (not a test): our SPARQL endpoint against rdflib-endpoint on the same data, on loopback.

What it prints: throughput (queries/s) and p50/p99 latency of a mix of the README's example queries
(kzjp_kg/web/queries/*.rq) at 1, 4 and 16 concurrent clients, for ``kzjp-kg serve`` and for rdflib-endpoint (the
peer, served by uvicorn), side by side, with ratios; and the store's own query time (pyoxigraph in process) to
show what the HTTP layer adds. ``kzjp-kg serve`` is measured twice: as it runs (its answer cache on, so repeated
queries are hits) and with every request sent ``Cache-Control: no-cache`` (each query goes to a worker process
and the store: the cost of a query never seen before). Targets: ≥ 10× rdflib-endpoint's throughput on the mix;
p99 < 50 ms at 4 clients; HTTP layer ≤ 1.5× the store's own time.

    .venv/bin/python benchmarks/bench_endpoint.py [--data build/dumps/kzjp-kg.trig] [--seconds 3]

Both servers run as subprocesses on 127.0.0.1 with ports they pick; clients are threads with keep-alive
connections (http.client), each sending the mix round-robin for a fixed time.
"""

from __future__ import annotations

import argparse
import http.client
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kzjp_kg.web.ui import examples  # noqa: E402

PEER = r"""
import sys, socket, rdflib, uvicorn
from rdflib_endpoint import SparqlEndpoint
ds = rdflib.Dataset(default_union=True)
ds.parse(sys.argv[1], format="trig")
s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
print(f"listening on http://127.0.0.1:{port}/", flush=True)
uvicorn.run(SparqlEndpoint(graph=ds, public_url=f"http://127.0.0.1:{port}/"), host="127.0.0.1", port=port,
            log_level="warning")
"""


def start(cmd: list[str], log: Path, deadline: float = 120.0) -> tuple[subprocess.Popen, str]:
    fh = open(log, "wb")  # noqa: SIM115
    proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT)
    end = time.monotonic() + deadline
    while time.monotonic() < end and proc.poll() is None:
        m = re.search(r"listening on (http://127\.0\.0\.1:\d+)/", log.read_text(errors="replace"))
        if m:
            time.sleep(0.5)
            return proc, m.group(1)
        time.sleep(0.1)
    proc.kill()
    raise SystemExit(f"server did not start: {' '.join(cmd)}\n{log.read_text(errors='replace')}")


def run_clients(base: str, path: str, queries: list[str], clients: int, seconds: float,
                extra: dict[str, str] | None = None) -> tuple[float, list[float], int]:
    host = base.removeprefix("http://")
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(offset: int) -> None:
        nonlocal errors
        conn = http.client.HTTPConnection(host, timeout=60)
        mine: list[float] = []
        i = offset
        while time.monotonic() < stop_at:
            body = urllib.parse.urlencode({"query": queries[i % len(queries)]})
            t = time.perf_counter()
            try:
                conn.request("POST", path, body=body, headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Accept": "application/sparql-results+json, text/turtle;q=0.9", **(extra or {})})
                resp = conn.getresponse()
                resp.read()
                ok = resp.status == 200
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(host, timeout=60)
                ok = False
            mine.append(time.perf_counter() - t)
            if not ok:
                with lock:
                    errors += 1
            i += 1
        with lock:
            latencies.extend(mine)
        conn.close()

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    return len(latencies) / wall, latencies, errors


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))] * 1000


def store_time(store_dir: Path, queries: list[str], rounds: int = 30) -> tuple[float, float]:
    """(median, mean) seconds per query of the mix, pyoxigraph in process, results fully serialised (what a worker
    does)."""
    import pyoxigraph as ox

    from kzjp_kg.store.pool import open_for_queries

    store = open_for_queries(str(store_dir), 1_000_000)  # what a worker queries, by the server's default rule
    times = []
    for _ in range(rounds):
        for q in queries:
            t = time.perf_counter()
            res = store.query(q, use_default_graph_as_union=True)
            if isinstance(res, ox.QuerySolutions):
                res.serialize(format=ox.QueryResultsFormat.JSON)
            elif not isinstance(res, ox.QueryBoolean):
                ox.serialize(list(res), format=ox.RdfFormat.TURTLE)
            times.append(time.perf_counter() - t)
    return statistics.median(times), statistics.fmean(times)


def scaled(src: Path, n: int, out: Path) -> Path:
    """``n`` copies of every quad whose IRIs are resources (``…/resource/…``), renamed per copy; the rest once."""
    import pyoxigraph as ox

    marker = "/resource/"

    def ren(t, k):  # type: ignore[no-untyped-def]
        return ox.NamedNode(f"{t.value}-c{k}") if isinstance(t, ox.NamedNode) and marker in t.value else t

    quads = list(ox.parse(path=str(src), format=ox.RdfFormat.TRIG))
    result = []
    for q in quads:
        if marker in str(q.subject) or marker in str(q.object):
            result += [ox.Quad(ren(q.subject, k), q.predicate, ren(q.object, k), q.graph_name) for k in range(n)]
        else:
            result.append(q)
    out.write_bytes(ox.serialize(result, format=ox.RdfFormat.TRIG))
    print(f"{len(result)} quads")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = ROOT / "build" / "dumps" / "kzjp-kg.trig"
    parser.add_argument("--data", type=Path, default=default if default.exists() else
                        ROOT / "tests" / "web" / "data" / "kzjp-mini.trig")
    parser.add_argument("--seconds", type=float, default=3.0, help="seconds per (server, concurrency) cell")
    parser.add_argument("--clients", default="1,4,16")
    parser.add_argument("--scale", type=int, default=1,
                        help="serve N renamed copies of the data's resources (kzr:x -> kzr:x-cN), to see how both "
                             "servers behave on a graph N times larger of the same shape")
    args = parser.parse_args()
    queries = [e.text for e in examples()]
    levels = [int(c) for c in args.clients.split(",")]
    print(f"data: {args.data} ; mix: {len(queries)} example queries ; {args.seconds:g} s per cell")
    tmp = Path(tempfile.mkdtemp(prefix="kzjp-bench-"))
    if args.scale > 1:
        args.data = scaled(args.data, args.scale, tmp / f"scaled-{args.scale}.trig")
        print(f"scaled ×{args.scale}: {args.data}")
    ours, ours_url = start([sys.executable, "-m", "kzjp_kg.web.cli", "--port", "0", "--data", str(args.data),
                            "--store", str(tmp / "store"), "--build-dir", str(tmp), "--workers", "4"], tmp / "ours.log")
    peer, peer_url = start([sys.executable, "-c", PEER, str(args.data)], tmp / "peer.log")
    results: dict[tuple[str, int], tuple[float, float, float, int]] = {}
    means: dict[str, float] = {}
    try:
        for name, url, path, extra in (("kzjp-kg", ours_url, "/sparql", None),
                                       ("kzjp-kg no-cache", ours_url, "/sparql", {"Cache-Control": "no-cache"}),
                                       ("rdflib-endpoint", peer_url, "/", None)):
            run_clients(url, path, queries, 1, 0.5, extra)  # warm-up
            for c in levels:
                qps, lat, errors = run_clients(url, path, queries, c, args.seconds, extra)
                results[(name, c)] = (qps, pct(lat, 50), pct(lat, 99), errors)
                if c == 1:
                    means[name] = statistics.fmean(lat) * 1000
        own = store_time(tmp / "store", queries)
    finally:
        for p in (ours, peer):
            p.terminate()
            p.wait(10)
    for ours_name in ("kzjp-kg", "kzjp-kg no-cache"):
        print(f"\n{'clients':>7} | {ours_name + ' q/s':>20} {'p50 ms':>7} {'p99 ms':>7} | {'rdflib-ep q/s':>13} "
              f"{'p50 ms':>7} {'p99 ms':>7} | {'throughput ×':>12} {'p50 ×':>6}")
        for c in levels:
            a, b = results[(ours_name, c)], results[("rdflib-endpoint", c)]
            print(f"{c:>7} | {a[0]:>20.1f} {a[1]:>7.2f} {a[2]:>7.2f} | {b[0]:>13.1f} {b[1]:>7.2f} {b[2]:>7.2f} | "
                  f"{a[0] / b[0]:>12.1f} {b[1] / a[1]:>6.1f}" + (f"   errors: {a[3]} / {b[3]}" if a[3] or b[3] else ""))
    med, mean = own[0] * 1000, own[1] * 1000
    print(f"\nstore alone (pyoxigraph in process, the mix round-robin, answers serialised): median {med:.2f} ms, "
          f"mean {mean:.2f} ms per query.")
    for ours_name in ("kzjp-kg", "kzjp-kg no-cache"):
        one = results[(ours_name, 1)][1]
        print(f"{ours_name:>16} at 1 client: p50 {one:.2f} ms, mean {means[ours_name]:.2f} ms; HTTP layer factor "
              f"(mean/mean) {means[ours_name] / mean:.2f}× (adds {means[ours_name] - mean:+.2f} ms per request; "
              "target ≤ 1.5×)")
    if 4 in levels:
        for ours_name in ("kzjp-kg", "kzjp-kg no-cache"):
            four = results[(ours_name, 4)]
            print(f"{ours_name:>16}: p99 at 4 clients {four[2]:.2f} ms (target < 50 ms); throughput ratio "
                  + ", ".join(f"{results[(ours_name, c)][0] / results[('rdflib-endpoint', c)][0]:.1f}× at {c}"
                              for c in levels) + " (target ≥ 10×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
