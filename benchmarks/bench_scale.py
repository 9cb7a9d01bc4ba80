"""Scaling benchmark: load, reason, validate and a query mix over synthetic graphs of growing size.

Why this shape: a target like "every step grows about linearly" is only visible across sizes, so each step is
timed at 10k, 100k, 1M and 10M triples (``kzjp-kg synth``, deterministic by seed) and the growth exponent is
the slope of log(time) against log(size) (1.0 = linear). Each step runs in its own subprocess so its peak
memory (``ru_maxrss``) is its own. The embedded store (pyoxigraph on disk) and Virtuoso (a throw-away server
on 127.0.0.1, loaded by ``kzjp-kg publish``) are measured side by side. A step that cannot run at a size — it
would exceed the memory cap, the time cap, or its predicted time from the smaller sizes is past the budget —
is reported as such with the reason, never silently left out.

    .venv/bin/python benchmarks/bench_scale.py                       # 10k 100k 1M 10M
    .venv/bin/python benchmarks/bench_scale.py --sizes 10000 100000  # quick
    .venv/bin/python benchmarks/bench_scale.py --json build/bench/scale.json --markdown build/bench/scale.md
    .venv/bin/python benchmarks/bench_scale.py --engine owlrl --sizes 10000 100000   # the reference reasoner

Measured figures (10M included) and what they mean: docs/larger-graphs.md, "Scale".

Prints one table per size and a table of growth exponents; medians over ``--repeat`` runs for sizes up to 100k.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import math
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
SEED = 42
GRAPH = "https://w3id.org/kzjp-kg/graph/synthetic"

#: The query mix: {name: SPARQL}; ``$S`` is replaced by sampled subjects (point queries run once per sample).
QUERY_MIX: dict[str, str] = {
    "point-lookup": "SELECT ?p ?o WHERE { $S ?p ?o }",
    "two-hop": "SELECT ?p2 ?o2 WHERE { $S ?p ?o . ?o ?p2 ?o2 } LIMIT 100",
    "incoming": "SELECT ?s ?p WHERE { ?s ?p $S } LIMIT 100",
    "type-page": "SELECT ?x WHERE { ?x a <https://w3id.org/kzjp-kg/ontology#Person> } LIMIT 100",
    "label-search": ('SELECT ?x ?l WHERE { ?x <http://www.w3.org/2000/01/rdf-schema#label> ?l '
                     'FILTER(lang(?l) = "en") } LIMIT 50'),
    "visits-with-visitor": ("SELECT ?v ?p WHERE { ?v a <https://w3id.org/kzjp-kg/ontology#Visit> ; "
                            "<https://w3id.org/kzjp-kg/ontology#visitor> ?p } LIMIT 100"),
}
SAMPLES = 10
#: publish swaps graphs this large row by row at once: Virtuoso's default transaction log refuses them anyway
ROW_SWAP_FROM = 500_000


# ---------------------------------------------------------------------------------------------------------------
# Steps: each runs in a child process (``--step NAME``) and prints one JSON line {"seconds", "peak_rss_mb", ...}.
# ---------------------------------------------------------------------------------------------------------------

def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def step_load_embedded(data: Path, store_dir: Path) -> dict:
    from kzjp_kg.store import OxigraphStore

    shutil.rmtree(store_dir, ignore_errors=True)
    t = time.perf_counter()
    store = OxigraphStore(store_dir)
    n = store.load(data, graph=GRAPH)
    seconds = time.perf_counter() - t
    store.close()
    return {"seconds": seconds, "quads": n}


def _read_graph(data: Path):  # type: ignore[no-untyped-def]
    """The synthetic graph as an rdflib Graph (what closure and validate take), parsed through pyoxigraph."""
    import pyoxigraph as ox
    from rdflib import BNode, Graph, Literal, URIRef

    def term(x):  # type: ignore[no-untyped-def]
        if isinstance(x, ox.NamedNode):
            return URIRef(x.value)
        if isinstance(x, ox.BlankNode):
            return BNode(x.value)
        if x.language:
            return Literal(x.value, lang=x.language)
        return Literal(x.value, datatype=URIRef(x.datatype.value))

    g = Graph()
    for t in ox.parse(path=data):
        t = t.triple if isinstance(t, ox.Quad) else t
        g.add((term(t.subject), term(t.predicate), term(t.object)))
    return g


LABEL_PROPS = ("http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel",
               "http://www.w3.org/2004/02/skos/core#altLabel")


def write_as_built(data: Path, out: Path) -> dict:
    """What the build reasons over and validates besides the facts, as one N-Triples file: the ontology and the
    Kazakh Latin labels (``@kk-Latn`` for every ``@kk`` label, as :func:`kzjp_kg.sources.translit.latin_labels`
    makes them). Without them every kzjp: term is undeclared and no subclass axiom holds. Streamed through
    pyoxigraph, so a 10M-triple graph never becomes an rdflib graph here."""
    import pyoxigraph as ox

    from kzjp_kg import config
    from kzjp_kg.load import load_dataset
    from kzjp_kg.sources.translit import to_latin
    from kzjp_kg.terms import to_ox

    t = time.perf_counter()
    onto = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in load_dataset().graph(config.GRAPH_ONTOLOGY)]
    labels = frozenset(LABEL_PROPS)

    def latin(triples):  # type: ignore[no-untyped-def]
        for tr in triples:
            o = tr.object
            if tr.predicate.value in labels and isinstance(o, ox.Literal) and (o.language or "").lower() == "kk":
                yield ox.Triple(tr.subject, tr.predicate, ox.Literal(to_latin(o.value), language="kk-Latn"))

    extra = onto + list(latin(onto))
    with open(out, "wb") as fh:
        fh.write(ox.serialize(extra, format=ox.RdfFormat.N_TRIPLES))
        batch: list = []
        for tr in latin(q.triple if isinstance(q, ox.Quad) else q for q in ox.parse(path=data)):
            batch.append(tr)
            if len(batch) >= 100_000:
                fh.write(ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES))
                batch = []
        if batch:
            fh.write(ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES))
    return {"seconds": time.perf_counter() - t}


def step_reason(data: Path, as_built: Path, out: Path, engine: str) -> dict:
    """OWL 2 RL closure plus the SPARQL rules over the facts and the ontology, inferred triples written to ``out``
    (for validate). ``fast``: the files go straight into the fast path (no rdflib graph is ever made: that is
    what lets it run at 10M); ``owlrl``: an rdflib graph, as the reference engine needs."""
    if engine == "fast":
        from kzjp_kg.reason.fast import closure_files

        r = closure_files([data, as_built], out)
        return {"seconds": r["total"], "parse_seconds": r["load"], "inferred": r["inferred"], "engine": engine,
                "rounds": r["rounds"]}
    import pyoxigraph as ox

    from kzjp_kg.reason import closure
    from kzjp_kg.terms import to_ox

    t = time.perf_counter()
    g = _read_graph(data)
    g += _read_graph(as_built)
    parse_s = time.perf_counter() - t
    t = time.perf_counter()
    res = closure(g, engine)
    inferred = res.inferred
    ox.serialize([ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in inferred], out,
                 format=ox.RdfFormat.N_TRIPLES)
    return {"seconds": time.perf_counter() - t + parse_s, "parse_seconds": parse_s, "inferred": len(inferred),
            "engine": engine}


def step_baseline_sets(data: Path, as_built: Path) -> dict:
    """What CPython's own hash tables cost at this size: the reasoner's input keys (as ``read_keys`` gives them,
    parsing not timed) put into a set and a subject index, then looked up once each — the access pattern of the
    fast engine's ``triples`` set and join indexes, with no rule at all.

    Why: the reason step grows faster than linearly from 1M to 10M though no rule of the engine does more than
    constant work per triple; if this baseline grows the same way, the cause is the machine and the hash tables
    (cache and TLB misses as they outgrow the caches), not the engine. ``seconds``: the set work only.
    """
    from kzjp_kg.gcpause import gc_paused
    from kzjp_kg.reason.fast import read_keys

    with gc_paused():
        keys = read_keys([data, as_built])
        t = time.perf_counter()
        triples: set = set()
        by_subject: dict = {}
        for k in keys:
            triples.add(k)
            by_subject.setdefault(k[0], set()).add(k[2])
        found = sum(1 for k in keys if k in triples and k[2] in by_subject[k[0]])
        seconds = time.perf_counter() - t
    return {"seconds": seconds, "keys": len(keys), "found": found, "subjects": len(by_subject)}


def step_validate(data: Path, as_built: Path, inferred: Path) -> dict:
    """SHACL shapes and QC queries over asserted ∪ inferred, as the build validates them (the fast path), by the
    store route: the files bulk-loaded into a pyoxigraph store (parse_seconds: that load and its census pass),
    never an rdflib graph of the data, which is what lets it run at 10M (:func:`kzjp_kg.validate.validate_files`).
    The store is on disk, in a temporary folder beside the data: at 1M that peaked at 1.05 GB, in memory 1.68 GB."""
    from kzjp_kg.validate import validate_store
    from kzjp_kg.validate.fast import StoreView

    with tempfile.TemporaryDirectory(dir=data.parent, prefix="validate-store-") as tmp:
        t = time.perf_counter()
        view = StoreView.load([data, as_built, *([inferred] if inferred.exists() else [])], Path(tmp) / "store")
        parse_s = time.perf_counter() - t
        t = time.perf_counter()
        res = validate_store(view)
        seconds = time.perf_counter() - t
        del view
    return {"seconds": seconds + parse_s, "parse_seconds": parse_s, "conforms": bool(res.conforms),
            "engine": res.engine}


def step_validate_graph(data: Path, as_built: Path, inferred: Path) -> dict:
    """The route before the store route, for comparison (only with ``--steps validate-graph``): the files as one
    rdflib graph, then ``validate`` (fast path). Needs about 4.9 GB at 1M; does not fit this machine at 10M."""
    from kzjp_kg.validate import validate

    t = time.perf_counter()
    g = _read_graph(data)
    g += _read_graph(as_built)
    if inferred.exists():
        g += _read_graph(inferred)
    parse_s = time.perf_counter() - t
    t = time.perf_counter()
    res = validate(g)
    seconds = time.perf_counter() - t
    return {"seconds": seconds + parse_s, "parse_seconds": parse_s, "conforms": bool(res.conforms),
            "engine": getattr(res, "engine", "")}


def _mix(query) -> dict:  # type: ignore[no-untyped-def]
    """Run the query mix with ``query(sparql) -> rows``; per-query and overall latency in milliseconds."""
    subjects = [r for r in query(f"SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(isIRI(?s)) }} LIMIT {SAMPLES * 50}")]
    subjects = subjects[:: max(1, len(subjects) // SAMPLES)][:SAMPLES]
    per: dict[str, list[float]] = {}
    rows: dict[str, int] = {}
    for _ in range(2):  # the first round warms caches; both rounds are counted, the p50 is robust to it
        for name, sparql in QUERY_MIX.items():
            qs = [sparql.replace("$S", f"<{s}>") for s in subjects] if "$S" in sparql else [sparql] * 3
            for q in qs:
                t = time.perf_counter()
                rows[name] = rows.get(name, 0) + len(query(q))
                per.setdefault(name, []).append((time.perf_counter() - t) * 1000)
    every = [x for xs in per.values() for x in xs]
    return {"p50_ms": statistics.median(every), "p95_ms": sorted(every)[int(0.95 * (len(every) - 1))],
            "per_query_p50_ms": {k: round(statistics.median(v), 2) for k, v in per.items()},
            "queries": len(every), "rows": rows, "seconds": sum(every) / 1000}


def step_query_embedded(store_dir: Path) -> dict:
    import pyoxigraph as ox

    from kzjp_kg.store import OxigraphStore

    store = OxigraphStore(store_dir, read_only=True)

    def run(q: str) -> list:
        res = store.query(q)
        if isinstance(res, ox.QuerySolutions):
            rows = list(res)
            return [r[0].value for r in rows] if q.startswith("SELECT DISTINCT ?s") else rows
        return list(res)

    return _mix(run)


def step_query_remote(url: str, graph: str) -> dict:
    from kzjp_kg.store.remote import RemoteStore

    store = RemoteStore(url, dataset=[graph], timeout=600)

    def run(q: str) -> list:
        rows = list(store.query(q))
        return [r[0].value for r in rows] if q.startswith("SELECT DISTINCT ?s") else rows

    return _mix(run)


def step_load_remote(data: Path, update_url: str, gsp_url: str, auth: str) -> dict:
    from kzjp_kg.publish import publish
    from kzjp_kg.store.remote import RemoteStore

    folder = Path(tempfile.mkdtemp(prefix="kzjp-bench-pub-"))
    (folder / "synthetic.ttl").symlink_to(data.resolve())
    store = RemoteStore(update_url, gsp_url=gsp_url, auth=auth, timeout=1800)
    t = time.perf_counter()
    out = publish(folder, store, force=True, quiet=True, row_swap_from=ROW_SWAP_FROM)
    seconds = time.perf_counter() - t
    shutil.rmtree(folder)
    return {"seconds": seconds, "triples": sum(o.triples for o in out), "swap": ", ".join({o.swap for o in out})}


STEPS = {
    "load-embedded": lambda a: step_load_embedded(Path(a[0]), Path(a[1])),
    "reason": lambda a: step_reason(Path(a[0]), Path(a[1]), Path(a[2]), a[3]),
    "baseline-sets": lambda a: step_baseline_sets(Path(a[0]), Path(a[1])),
    "validate": lambda a: step_validate(Path(a[0]), Path(a[1]), Path(a[2])),
    "validate-graph": lambda a: step_validate_graph(Path(a[0]), Path(a[1]), Path(a[2])),
    "query-embedded": lambda a: step_query_embedded(Path(a[0])),
    "load-virtuoso": lambda a: step_load_remote(Path(a[0]), a[1], a[2], a[3]),
    "query-virtuoso": lambda a: step_query_remote(a[0], a[1]),
}


def child_main(name: str, args: list[str]) -> int:
    out = STEPS[name](args)
    out["peak_rss_mb"] = _peak_rss_mb()
    print("RESULT " + json.dumps(out))
    return 0


# ---------------------------------------------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------------------------------------------

@dataclass
class Cell:
    """One step at one size: median seconds and peak memory, or why it did not run."""

    seconds: float | None = None
    peak_rss_mb: float | None = None
    extra: dict = field(default_factory=dict)
    note: str = ""


def run_child(step: str, args: list[str], *, timeout_s: float, mem_cap_mb: float, watch_pid: int | None = None
              ) -> Cell:
    """Run one step in a subprocess; kill it past the time or memory cap (then the cell says which)."""
    import psutil

    cmd = [PY, __file__, "--step", step, *args]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    ps = psutil.Process(proc.pid)
    start = time.monotonic()
    peak = 0.0
    server_peak = 0.0
    note = ""
    while proc.poll() is None:
        try:
            rss = ps.memory_info().rss / 2**20
            peak = max(peak, rss)
        except psutil.Error:
            rss = 0
        if watch_pid:
            with contextlib.suppress(psutil.Error):
                server_peak = max(server_peak, psutil.Process(watch_pid).memory_info().rss / 2**20)
        if rss > mem_cap_mb:
            proc.kill()
            note = f"killed: memory passed the {mem_cap_mb / 1024:.0f} GB cap"
        elif time.monotonic() - start > timeout_s:
            proc.kill()
            note = f"killed: did not finish within {timeout_s / 60:.0f} min"
        time.sleep(0.2)
    out, err = proc.communicate()
    if note:
        return Cell(note=note, peak_rss_mb=peak)
    line = next((x for x in out.splitlines() if x.startswith("RESULT ")), None)
    if proc.returncode != 0 or line is None:
        last = (err.strip().splitlines() or ["no output"])[-1]
        return Cell(note=f"failed: {last[:160]}")
    res = json.loads(line[7:])
    cell = Cell(res.pop("seconds"), res.pop("peak_rss_mb"), res)
    if watch_pid:
        cell.extra["server_peak_rss_mb"] = server_peak
    return cell


def median_cell(cells: list[Cell]) -> Cell:
    ok = [c for c in cells if c.seconds is not None]
    if not ok:
        return cells[0]
    best = sorted(ok, key=lambda c: c.seconds)[len(ok) // 2]
    best.seconds = statistics.median(c.seconds for c in ok)
    best.peak_rss_mb = max(c.peak_rss_mb or 0 for c in ok)
    return best


def synth(n: int, out: Path) -> float:
    """Generate the synthetic graph with the project's generator (``kzjp-kg synth``); returns seconds."""
    t = time.perf_counter()
    subprocess.run([PY, "-m", "kzjp_kg.cli", "synth", "--triples", str(n), "--seed", str(SEED), "--out", str(out)],
                   check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def _total_memory_gb() -> float:
    import psutil

    return psutil.virtual_memory().total / 2**30


def step_exponents(points: list[tuple[int, float]]) -> list[tuple[int, int, float]]:
    """The growth exponent between each pair of consecutive measured sizes: (from, to, exponent)."""
    pts = [(n, s) for n, s in points if s and s > 0]
    return [(a, b, math.log(sb / sa) / math.log(b / a)) for (a, sa), (b, sb) in itertools.pairwise(pts)]


def exponent(points: list[tuple[int, float]]) -> float | None:
    """Least-squares slope of log(seconds) against log(size): 1.0 = linear growth."""
    pts = [(math.log(n), math.log(s)) for n, s in points if s and s > 0]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    den = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / den if den else None


def predicted(points: list[tuple[int, float]], n: int) -> float | None:
    """Time at size ``n`` extrapolated from the largest measured size with the exponent so far (at least 1)."""
    if not points:
        return None
    k = max(1.0, exponent(points) or 1.0)
    n0, s0 = points[-1]
    return s0 * (n / n0) ** k


def fmt_cell(c: Cell) -> tuple[str, str]:
    if c.seconds is None:
        return (c.note or "—", f"{c.peak_rss_mb / 1024:.1f} GB" if c.peak_rss_mb else "")
    return (f"{c.seconds:.2f} s", f"{c.peak_rss_mb / 1024:.2f} GB" if c.peak_rss_mb else "")


def inferred_reusable(inferred: Path, data: Path, as_built: Path) -> str:
    """Whether a run without the reason step may validate ``inferred`` (left by an earlier run in the same work
    folder): only if it exists and is newer than the data it was reasoned from; the answer is what the table says.

    Why: validating without the inferred triples checks another graph (the shapes speak of inferred facts; it
    does not conform), and a stale inferred file would be a third one; both once gave figures that meant nothing.
    """
    if not inferred.exists() or inferred.stat().st_size == 0:
        return ""
    if inferred.stat().st_mtime < max(data.stat().st_mtime, as_built.stat().st_mtime):
        return ""
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(inferred.stat().st_mtime))
    return f"reasoned by an earlier run ({stamp})"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--step", help=argparse.SUPPRESS)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000, 10_000_000])
    ap.add_argument("--repeat", type=int, default=3, help="runs per step for sizes up to 100k (median)")
    ap.add_argument("--step-timeout-min", type=float, default=25.0)
    ap.add_argument("--mem-cap-gb", type=float, default=20.0, help="kill a step above this RSS (machine: 24 GB)")
    ap.add_argument("--budget-min", type=float, default=30.0,
                    help="skip a step whose predicted time from smaller sizes is above this")
    ap.add_argument("--no-virtuoso", action="store_true")
    ap.add_argument("--steps", nargs="+", default=None,
                    help="run only these steps (default: all; validate-graph, the former route of validate, "
                         "only when named)")
    ap.add_argument("--work", type=Path, default=None, help="folder for generated data (default: a temp folder)")
    ap.add_argument("--json", type=Path, default=None, help="also write the results as JSON here")
    ap.add_argument("--markdown", type=Path, default=None, help="also write the table as Markdown here")
    ap.add_argument("--engine", default="fast", choices=["fast", "owlrl"],
                    help="reasoning engine (default fast: no rdflib graph, the only one that can reach 10M)")
    args, rest = ap.parse_known_args()
    if args.step:
        return child_main(args.step, rest)

    sys.path.insert(0, str(ROOT / "scripts"))
    import virtuoso  # scripts/virtuoso.py

    work = args.work or Path(tempfile.mkdtemp(prefix="kzjp-bench-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    use_virtuoso = not args.no_virtuoso and virtuoso.find_binary() is not None
    steps = ["load-embedded", "reason", "baseline-sets", "validate", "query-embedded"]
    if args.steps and "validate-graph" in args.steps:  # the former route, only when asked for
        steps.insert(3, "validate-graph")
    if use_virtuoso:
        steps += ["load-virtuoso", "query-virtuoso"]
    if args.steps:
        steps = [s for s in steps if s in args.steps]
    results: dict[int, dict[str, Cell]] = {}
    history: dict[str, list[tuple[int, float]]] = {s: [] for s in steps}
    caps = {"timeout_s": args.step_timeout_min * 60, "mem_cap_mb": args.mem_cap_gb * 1024}
    machine = {"cpus": os.cpu_count(), "load_at_start": [round(x, 2) for x in os.getloadavg()],
               "memory_gb": round(_total_memory_gb(), 1), "engine": args.engine, "caps": caps,
               "budget_min": args.budget_min, "started": time.strftime("%Y-%m-%d %H:%M:%S %Z")}
    print(f"machine: {machine}", flush=True)
    for n in args.sizes:
        data = work / f"synth-{n}.nt"
        row: dict[str, Cell] = {}
        if not data.exists():
            row["synth"] = Cell(synth(n, data))
        store_dir = work / f"store-{n}"
        inferred = work / f"inferred-{n}.nt"
        as_built = work / f"asbuilt-{n}.nt"
        if not as_built.exists():
            write_as_built(data, as_built)
        if "reason" in steps:
            inferred.unlink(missing_ok=True)  # validate checks this run's inferred graph, or does not run
        reused = inferred_reusable(inferred, data, as_built) if "reason" not in steps else ""
        reps = args.repeat if n <= 100_000 else 1
        server = None
        for step in steps:
            guess = predicted(history[step], n)
            if guess and guess > args.budget_min * 60:
                row[step] = Cell(note=f"not run: predicted {guess / 60:.0f} min from smaller sizes "
                                      f"(budget {args.budget_min:.0f} min)")
                continue
            if step == "load-embedded":
                a = [str(data), str(store_dir)]
            elif step == "reason":
                a = [str(data), str(as_built), str(inferred), args.engine]
            elif step == "baseline-sets":
                a = [str(data), str(as_built)]
            elif step in ("validate", "validate-graph"):
                if "reason" in row and row["reason"].seconds is None:
                    row[step] = Cell(note="not run: reasoning did not finish at this size (validation checks "
                                          "asserted ∪ inferred)")
                    continue
                if "reason" not in steps and not reused:
                    row[step] = Cell(note=f"not run: no inferred graph of this data in {work} (validation checks "
                                          "asserted ∪ inferred: add the reason step)")
                    continue
                a = [str(data), str(as_built), str(inferred)]
            elif step == "query-embedded":
                if "load-embedded" in row and row["load-embedded"].seconds is None:
                    row[step] = Cell(note="not run: the embedded load did not finish")
                    continue
                a = [str(store_dir)]
            elif step == "load-virtuoso":
                server = virtuoso.start(work / f"virtuoso-{n}", memory_gb=max(1.0, min(4.0, n / 2_000_000)))
                a = [str(data), server.update_url, server.gsp_url, server.auth]
            else:
                if server is None or row["load-virtuoso"].seconds is None:
                    row[step] = Cell(note="not run: the Virtuoso load did not finish")
                    continue
                a = [server.query_url, GRAPH]
            cells = [run_child(step, a, **caps, watch_pid=server.process.pid if server and "virtuoso" in step
                               else None) for _ in range(reps if step != "load-virtuoso" else 1)]
            cell = median_cell(cells)
            if step in ("validate", "validate-graph") and reused:
                cell.extra["inferred"] = reused
            row[step] = cell
            if cell.seconds is not None and not step.startswith("query"):
                history[step].append((n, cell.seconds))
            elif cell.seconds is not None:
                history[step].append((n, cell.extra["p50_ms"]))
            print(f"[{n:,}] {step}: {fmt_cell(cell)[0]} {fmt_cell(cell)[1]} {cell.extra or ''}", flush=True)
        if server:
            server.stop()
        shutil.rmtree(store_dir, ignore_errors=True)
        results[n] = row
        machine["load_now"] = [round(x, 2) for x in os.getloadavg()]
        report(results, history, steps)
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps({"machine": machine, "results": {
                str(k): {s: asdict(c) for s, c in v.items()} for k, v in results.items()}}, indent=2))
        if args.markdown:
            args.markdown.parent.mkdir(parents=True, exist_ok=True)
            args.markdown.write_text(markdown(results, history, steps, machine), encoding="utf-8")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def report(results: dict[int, dict[str, Cell]], history: dict[str, list[tuple[int, float]]], steps: list[str]
           ) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Scaling: median time and peak memory per step (query steps: p50 of the query mix)")
    table.add_column("step")
    for n in results:
        table.add_column(f"{n:,} triples", justify="right")
    table.add_column("growth exponent per ×10", justify="right")
    for step in ["synth", *steps]:
        cells = []
        for n in results:
            c = results[n].get(step)
            if c is None:
                cells.append("")
            elif step.startswith("query") and c.seconds is not None:
                srv = c.extra.get("server_peak_rss_mb")
                mem = f"{(srv or c.peak_rss_mb) / 1024:.2f} GB" + (" (server)" if srv else "")
                cells.append(f"p50 {c.extra['p50_ms']:.1f} ms / p95 {c.extra['p95_ms']:.0f} ms\n{mem}")
            else:
                t, m = fmt_cell(c)
                srv = c.extra.get("server_peak_rss_mb")
                if srv:
                    m = f"{srv / 1024:.2f} GB (server)"
                cells.append(f"{t}\n{m}" if m else t)
        k = exponent(history.get(step, []))
        per = " / ".join(f"{e:.2f}" for _, _, e in step_exponents(history.get(step, [])))
        table.add_row(step, *cells, (f"{per}\n({k:.2f} overall)" if per else "—") if k is not None else "—")
    Console(width=200).print(table)


def _md_cell(step: str, c: Cell | None) -> str:
    if c is None:
        return ""
    srv = c.extra.get("server_peak_rss_mb")
    if c.seconds is None:
        mem = f" (peak {c.peak_rss_mb / 1024:.1f} GB)" if c.peak_rss_mb else ""
        return f"*{c.note}*{mem}"
    if not (srv or c.peak_rss_mb):
        return f"{c.seconds:.1f} s"
    mem = f"{(srv or c.peak_rss_mb or 0) / 1024:.2f} GB" + (" server" if srv else "")
    if step.startswith("query"):
        return f"p50 {c.extra['p50_ms']:.1f} ms, p95 {c.extra['p95_ms']:.0f} ms; {mem}"
    return f"{c.seconds:.1f} s; {mem}"


def markdown(results: dict[int, dict[str, Cell]], history: dict[str, list[tuple[int, float]]], steps: list[str],
             machine: dict) -> str:
    """The table as Markdown (for docs/larger-graphs.md): one row per step, one column per size, exponents."""
    sizes = list(results)
    head = "| step | " + " | ".join(f"{n:,}" for n in sizes) + " | growth exponent per ×10 (overall) |"
    lines = [head, "|" + "---|" * (len(sizes) + 2)]
    for step in ["synth", *steps]:
        cells = [_md_cell(step, results[n].get(step)) for n in sizes]
        per = ", ".join(f"{e:.2f}" for _, _, e in step_exponents(history.get(step, [])))
        k = exponent(history.get(step, []))
        lines.append(f"| {step} | " + " | ".join(cells) + f" | {per or '—'}" + (f" ({k:.2f})" if k else "") + " |")
    lines.append("")
    lines.append(f"Machine: {machine['cpus']} CPUs, {machine['memory_gb']} GB, shared with other agents' work; load "
                 f"average at start {machine['load_at_start']}, at the end {machine.get('load_now')}. Engine: "
                 f"{machine['engine']}; caps: {machine['caps']['timeout_s'] / 60:.0f} min and "
                 f"{machine['caps']['mem_cap_mb'] / 1024:.0f} GB per step, budget {machine['budget_min']:.0f} min "
                 f"for a predicted step. Started {machine['started']}.")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
