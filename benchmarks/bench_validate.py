"""Benchmark (not a test): validation time and peak memory, pySHACL (the reference), the fast path (on an rdflib
graph, and by the store route that never builds one) and Apache Jena's SHACL engine (an independent peer, Debian's
libapache-jena-java) side by side, one run.

Graphs: the project graph (asserted + inferred) and synthetic ontology-conformant graphs (``kzjp-kg synth``, plus the
ontology, Kazakh Latin labels and the default engine's closure, as the build validates them). Each graph is
prepared once in its own subprocess and written as N-Triples to a temporary folder (not timed); each measurement is
a fresh subprocess that parses that file and times ``kzjp_kg.validate.validate(engine=...)`` alone (shapes and QC
queries).
Peak memory is the whole process's peak RSS (graph included); "RSS after load" is the process before validation.
Each row also says whether both engines produced the same report (result keys and QC rows, compared by digest).
Jena runs the same shapes files (every engine reads one copy of shapes/, taken at the start) on the same N-Triples
file in a fresh JVM per run (``tools/jena-shacl``, compiled into the temporary folder); it reports its in-JVM
validation time and the whole process is timed too; its results are compared with the fast path's on (focus node,
result path, severity). Without a JDK and Jena it is left out, and the output says why.

pySHACL is slow on large graphs (about 0.7 ms per triple): above ``--pyshacl-max`` triples it is not run but
predicted from the per-triple time measured on the largest graph it ran on, and the table says so.

    .venv/bin/python benchmarks/bench_validate.py [--sizes 100000 1000000] [--repeat 3] [--pyshacl-max 300000]
        [--no-jena] [--jena-java-opts=-Xmx2g] [--engines fast store jena] [--repeat-large 1]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools" / "jena-shacl"))
import jena_shacl  # noqa: E402  (tools/jena-shacl is no package)


def shape_files(shapes_dir: Path) -> list[Path]:
    """The shapes files as kzjp_kg.validate.load_shapes reads them."""
    return sorted(shapes_dir.glob("*.shapes.ttl"))


PREPARE = r'''
import io, sys
from rdflib import Graph
from kzjp_kg import config
from kzjp_kg.load import asserted_graph, load_dataset
from kzjp_kg.reason import closure
from kzjp_kg.sources.translit import latin_labels
size, out = int(sys.argv[1]), sys.argv[2]
if size == 0:
    data = asserted_graph(load_dataset()); data += latin_labels(data); data = data + closure(data).inferred
else:
    from kzjp_kg.synth import generate
    buf = io.StringIO(); generate(size, 1, buf)
    data = Graph().parse(data=buf.getvalue(), format="nt"); del buf
    data += load_dataset().graph(config.GRAPH_ONTOLOGY); data += latin_labels(data)
    data = data + closure(data).inferred  # the default engine, as the build reasons
data.serialize(out, format="nt", encoding="utf-8")
print(len(data))
'''

MEASURE = r'''
import hashlib, json, resource, sys, time
from collections import Counter
from pathlib import Path
from rdflib import Graph
from kzjp_kg.validate import validate
from kzjp_kg.validate.fast import result_keys
sys.path.insert(0, "tools/jena-shacl")
from jena_shacl import key_term  # (focus, path, severity) as compared with Jena's results
def rss_mb():
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmRSS")) / 1024
t = time.perf_counter()
data = Graph().parse(sys.argv[1], format="nt")
load = time.perf_counter() - t
before = rss_mb()
t = time.perf_counter()
result = validate(data, engine=sys.argv[2], shapes_dir=Path(sys.argv[3]))
seconds = time.perf_counter() - t
keys = sorted(map(repr, result_keys(result.report, canonical_bnodes=True).items()))
keys += sorted((str(r.focus), r.message) for r in result.qc_failures)
fps = [(key_term(r.focus), key_term(r.path), r.severity) for r in result.violations + result.warnings + result.infos]
print(json.dumps({"seconds": seconds, "triples": len(data), "conforms": result.conforms, "engine": result.engine,
                  "results": sum(result_keys(result.report).values()), "qc": len(result.qc_failures),
                  "digest": hashlib.sha256(repr(keys).encode()).hexdigest()[:12], "rss_after_load_mb": before,
                  "fps_digest": hashlib.sha256(repr(sorted(Counter(fps).items())).encode()).hexdigest()[:12],
                  "load_s": load,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
'''


MEASURE_STORE = r'''
import hashlib, json, resource, sys, time
from collections import Counter
from pathlib import Path
from kzjp_kg.validate import validate_files
from kzjp_kg.validate.fast import result_keys
sys.path.insert(0, "tools/jena-shacl")
from jena_shacl import key_term
def rss_mb():
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmRSS")) / 1024
before = rss_mb()
t = time.perf_counter()
result = validate_files([Path(sys.argv[1])], shapes_dir=Path(sys.argv[3]))  # loads into the store, then validates
seconds = time.perf_counter() - t
keys = sorted(map(repr, result_keys(result.report, canonical_bnodes=True).items()))
keys += sorted((str(r.focus), r.message) for r in result.qc_failures)
fps = [(key_term(r.focus), key_term(r.path), r.severity) for r in result.violations + result.warnings + result.infos]
print(json.dumps({"seconds": seconds, "triples": None, "conforms": result.conforms, "engine": result.engine,
                  "results": sum(result_keys(result.report).values()), "qc": len(result.qc_failures),
                  "digest": hashlib.sha256(repr(keys).encode()).hexdigest()[:12], "rss_after_load_mb": before,
                  "fps_digest": hashlib.sha256(repr(sorted(Counter(fps).items())).encode()).hexdigest()[:12],
                  "load_s": 0.0, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
'''


def _child(code: str, *args: str) -> str:
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT)
    if proc.returncode:
        raise SystemExit(f"child failed ({args}):\n{proc.stderr[-3000:]}")
    return proc.stdout.strip().splitlines()[-1]


def _progress(path: Path, engine: str, r: dict) -> dict:
    """Each run as it ends, on stderr: a long run stopped early still leaves its figures."""
    print(f"run: {path.stem} {engine}: validate {r['seconds']:.2f} s, process {r['process_s']:.2f} s, "
          f"peak {r['peak_mb']:.0f} MB, {r['results']} results", file=sys.stderr, flush=True)
    return r


def measure(path: Path, engine: str, shapes_dir: Path) -> dict:
    t = time.perf_counter()
    out = json.loads(_child(MEASURE_STORE if engine == "store" else MEASURE, str(path), engine, str(shapes_dir)))
    out["process_s"] = time.perf_counter() - t  # the whole subprocess: interpreter, imports, parse, validation
    return _progress(path, engine, out)


def measure_jena(classes: Path, path: Path, tmp: Path, java_opts: list[str]) -> dict:
    """One run of Jena's SHACL in a fresh JVM, its results' (focus, path, severity) digested as MEASURE does."""
    results = tmp / "jena-results.tsv"
    out = jena_shacl.run(classes, path, shape_files(tmp / "shapes"), results=results, java_opts=java_opts)
    keys = sorted(jena_shacl.result_triples(results).items())
    out["fps_digest"] = hashlib.sha256(repr(keys).encode()).hexdigest()[:12]
    results.unlink()
    # the driver's in-JVM validation time is the one compared with validate()
    out.update(seconds=out["validate_s"], process_s=out["wall_s"], rss_after_load_mb=None)
    return _progress(path, "jena", out)


def _row(name: str, triples: int, engine: str, r: dict, fast: dict, same: str) -> str:
    ratio = f"{r['s'] / fast['s']:.2f}x" if r is not fast else ""
    pratio = f"{r['process'] / fast['process']:.2f}x" if r is not fast else ""
    counts = f"{r['runs'][0]['results']}" + (f" + {r['runs'][0]['qc']}" if "qc" in r["runs"][0] else " + (no QC)")
    load = f"{r['load']:.0f}" if r["load"] is not None else "(JVM)"
    return (f"| {name} | {triples:,} | {engine} | {r['s']:.2f} | {r['process']:.2f} | {len(r['runs'])} | "
            f"{r['peak']:.0f} | {load} | {counts} | {same} | {ratio} | {pratio} |")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--pyshacl-max", type=int, default=300_000,
                    help="largest validated graph (triples) pySHACL runs on; larger ones are predicted")
    ap.add_argument("--no-jena", action="store_true", help="do not run Apache Jena's SHACL engine")
    ap.add_argument("--engines", nargs="+", default=["pyshacl", "fast", "store", "jena"],
                    choices=["pyshacl", "fast", "store", "jena"],
                    help="engines to run (the rdflib route 'fast', the store route 'store'); ratios are to 'fast' "
                         "when it runs, else to 'store'")
    ap.add_argument("--repeat-large", type=int, default=None,
                    help="runs per engine on graphs above 300,000 validated triples (default: --repeat)")
    ap.add_argument("--jena-java-opts", default="",
                    help="JVM options for Jena, e.g. '-Xmx2g' (default: the JVM's own heap limit, a quarter of RAM)")
    args = ap.parse_args()
    jena_missing = "not asked for (--no-jena)" if args.no_jena else jena_shacl.missing()
    print(f"Machine: {os.cpu_count()} cores, shared with other agents while this ran (absolute times are noisy; the "
          f"ratios compare runs of the same graph made in this run). Median of {args.repeat} runs unless noted.")
    if jena_missing:
        print(f"Apache Jena's SHACL not run: {jena_missing}")
    print()
    print("| graph | triples validated | engine | validate s (median) | whole process s (median) | runs | peak MB | "
          "RSS after load MB | results + QC rows | same report | validate ÷ fast | process ÷ fast |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|---|---:|---:|")
    per_triple: float | None = None
    jena_version = ""
    with tempfile.TemporaryDirectory(prefix="kzjp-bench-validate-") as tmp_name:
        tmp = Path(tmp_name)
        # one copy of the shapes and QC queries for every engine and run (the working tree may change meanwhile)
        shutil.copytree(ROOT / "shapes", tmp / "shapes")
        classes = None if jena_missing else jena_shacl.compile_driver(tmp / "jena-classes")
        for size in [0, *args.sizes]:
            name = "project" if size == 0 else f"synthetic {size:,}"
            path = tmp / f"{size}.nt"
            triples = int(_child(PREPARE, str(size), str(path)))
            rows = {}
            repeat = args.repeat if args.repeat_large is None or triples <= 300_000 else args.repeat_large
            for engine in ("pyshacl", "fast", "store", "jena"):
                if engine not in args.engines or (engine == "pyshacl" and triples > args.pyshacl_max) or \
                        (engine == "jena" and classes is None):
                    continue
                if engine == "jena":
                    runs = [measure_jena(classes, path, tmp, args.jena_java_opts.split()) for _ in range(repeat)]
                    jena_version = runs[0]["jena"]
                else:
                    runs = [measure(path, engine, tmp / "shapes") for _ in range(repeat)]
                rows[engine] = {"s": statistics.median(r["seconds"] for r in runs),
                                "process": statistics.median(r["process_s"] for r in runs),
                                "peak": statistics.median(r["peak_mb"] for r in runs),
                                "load": None if engine == "jena" else
                                statistics.median(r["rss_after_load_mb"] for r in runs), "runs": runs}
            fast = rows.get("fast") or rows["store"]  # the ratios' baseline
            if "pyshacl" in rows:
                ref = rows["pyshacl"]
                per_triple = ref["s"] / triples
                same = {r["digest"] for r in ref["runs"] + fast["runs"]}
                agree = "yes" if len(same) == 1 else f"NO ({len(same)} digests)"
                print(_row(name, triples, "pySHACL", ref, fast, agree))
            else:
                agree = "(pySHACL not run)"
                if per_triple:
                    pred = per_triple * triples
                    print(f"| {name} | {triples:,} | pySHACL | not run: predicted ~{pred:.0f} s ({pred / 60:.0f} min) "
                          f"from {per_triple * 1000:.2f} ms/triple measured above | | | | | | | "
                          f"~{pred / fast['s']:.0f}x (predicted) | |")
            if "fast" in rows:
                print(_row(name, triples, "fast", fast, fast, agree))
            if "store" in rows:
                store = rows["store"]
                same = {r["digest"] for r in store["runs"] + (rows["fast"]["runs"] if "fast" in rows else [])}
                agree = ("yes" if len(same) == 1 else f"NO ({len(same)} digests)") if "fast" in rows else \
                    "(rdflib route not run)"
                print(_row(name, triples, "store route", store, fast, agree))
            if "jena" in rows:
                jena = rows["jena"]
                same = {r["fps_digest"] for r in jena["runs"] + fast["runs"]}
                agree = ("yes: (focus, path, severity)" if len(same) == 1 else
                         f"NO: {jena['runs'][0]['results']} results vs {fast['runs'][0]['results']}")
                print(_row(name, triples, f"Jena {jena_version}", jena, fast, agree))
                parts = {k: statistics.median(r[k] for r in jena["runs"]) for k in ("load_s", "shapes_s")}
                print(f"| | | Jena in-JVM parts (median) | load {parts['load_s']:.2f} s, shapes "
                      f"{parts['shapes_s']:.2f} s | | | | | | | | |", flush=True)
                for engine in ("fast", "store"):
                    if engine in rows:
                        r = rows[engine]
                        print(f"| | | {engine} ÷ Jena | validate {r['s'] / jena['s']:.2f}x | process "
                              f"{r['process'] / jena['process']:.2f}x | | peak {r['peak'] / jena['peak']:.2f}x "
                              f"| | | | | |", flush=True)
    print()
    print("The store route (`kzjp-kg validate --engine store`, validate_files) never builds an rdflib graph: its "
          "'validate s' includes bulk-loading the N-Triples file into an in-memory pyoxigraph store (it has no "
          "separate load step), its 'whole process s' the same plus interpreter start and imports.")
    print("pySHACL runs with inference='none' on the reasoned graph, as the build does; the fast path is what "
          "`kzjp-kg validate` and the build use (engine='auto'), and gives the same report (column 'same report').")
    print("'validate s' is validation alone, the graph already in memory: validate() for pySHACL and the fast path, "
          "ShaclValidator.validate inside the JVM for Jena (one cold run per JVM, JIT warm-up included). "
          "'whole process s' is the measuring subprocess from start to exit: interpreter or JVM start, imports, "
          "parsing the N-Triples file, validation (and for the Python engines the QC queries, which Jena does not "
          "run). Peak MB is the process's peak RSS; the JVM's depends on its heap limit (--jena-java-opts). "
          "Jena is compared with the fast path on its SHACL results' (focus node, result path, severity) multiset; "
          "its sh:conforms is false whenever there are results of any severity (SHACL §3.6.1), the project's only "
          "for violations.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
