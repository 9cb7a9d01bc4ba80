"""Benchmark (not a test): validation time and peak memory, pySHACL (the reference) beside the fast path, one run.

Graphs: the project graph (asserted + inferred) and synthetic ontology-conformant graphs (``kzjp-kg synth``, plus the
ontology, Kazakh Latin labels and the default engine's closure, as the build validates them). Each graph is
prepared once in its own subprocess and written as N-Triples to a temporary folder (not timed); each measurement is
a fresh subprocess that parses that file and times ``kzjp_kg.validate.validate(engine=...)`` alone (shapes and QC
queries).
Peak memory is the whole process's peak RSS (graph included); "RSS after load" is the process before validation.
Each row also says whether both engines produced the same report (result keys and QC rows, compared by digest).

pySHACL is slow on large graphs (about 0.7 ms per triple): above ``--pyshacl-max`` triples it is not run but
predicted from the per-triple time measured on the largest graph it ran on, and the table says so.

    .venv/bin/python benchmarks/bench_validate.py [--sizes 100000 1000000] [--repeat 3] [--pyshacl-max 300000]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

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
from rdflib import Graph
from kzjp_kg.validate import validate
from kzjp_kg.validate.fast import result_keys
def rss_mb():
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmRSS")) / 1024
data = Graph().parse(sys.argv[1], format="nt")
before = rss_mb()
t = time.perf_counter()
result = validate(data, engine=sys.argv[2])
seconds = time.perf_counter() - t
keys = sorted(map(repr, result_keys(result.report, canonical_bnodes=True).items()))
keys += sorted((str(r.focus), r.message) for r in result.qc_failures)
print(json.dumps({"seconds": seconds, "triples": len(data), "conforms": result.conforms, "engine": result.engine,
                  "results": sum(result_keys(result.report).values()), "qc": len(result.qc_failures),
                  "digest": hashlib.sha256(repr(keys).encode()).hexdigest()[:12], "rss_after_load_mb": before,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
'''


def _child(code: str, *args: str) -> str:
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT)
    if proc.returncode:
        raise SystemExit(f"child failed ({args}):\n{proc.stderr[-3000:]}")
    return proc.stdout.strip().splitlines()[-1]


def measure(path: Path, engine: str) -> dict:
    return json.loads(_child(MEASURE, str(path), engine))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--pyshacl-max", type=int, default=300_000,
                    help="largest validated graph (triples) pySHACL runs on; larger ones are predicted")
    args = ap.parse_args()
    print(f"Machine: {os.cpu_count()} cores, shared with other agents while this ran (absolute times are noisy; the "
          f"ratios compare runs of the same graph made in this run). Median of {args.repeat} runs unless noted.")
    print()
    print("| graph | triples validated | engine | validate s (median) | runs | peak MB | RSS after load MB | "
          "results + QC rows | same report | pySHACL / fast |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---|---:|")
    per_triple: float | None = None
    with tempfile.TemporaryDirectory(prefix="kzjp-bench-validate-") as tmp:
        for size in [0, *args.sizes]:
            name = "project" if size == 0 else f"synthetic {size:,}"
            path = Path(tmp) / f"{size}.nt"
            triples = int(_child(PREPARE, str(size), str(path)))
            rows = {}
            for engine in ("pyshacl", "fast"):
                if engine == "pyshacl" and triples > args.pyshacl_max:
                    continue
                runs = [measure(path, engine) for _ in range(args.repeat)]
                rows[engine] = {"s": statistics.median(r["seconds"] for r in runs),
                                "peak": statistics.median(r["peak_mb"] for r in runs),
                                "load": statistics.median(r["rss_after_load_mb"] for r in runs), "runs": runs}
            fast = rows["fast"]
            if "pyshacl" in rows:
                ref = rows["pyshacl"]
                per_triple = ref["s"] / triples
                same = {r["digest"] for r in ref["runs"] + fast["runs"]}
                agree = "yes" if len(same) == 1 else f"NO ({len(same)} digests)"
                ratio = f"{ref['s'] / fast['s']:.1f}x"
                print(f"| {name} | {triples:,} | pySHACL | {ref['s']:.2f} | {len(ref['runs'])} | {ref['peak']:.0f} | "
                      f"{ref['load']:.0f} | {ref['runs'][0]['results']} + {ref['runs'][0]['qc']} | {agree} | |")
            else:
                agree = "(pySHACL not run)"
                if per_triple:
                    pred = per_triple * triples
                    ratio = f"~{pred / fast['s']:.0f}x (predicted)"
                    print(f"| {name} | {triples:,} | pySHACL | not run: predicted ~{pred:.0f} s ({pred / 60:.0f} min) "
                          f"from {per_triple * 1000:.2f} ms/triple measured above | | | | | | |")
                else:
                    ratio = "n/a"
            f0 = fast["runs"][0]
            print(f"| {name} | {triples:,} | fast | {fast['s']:.2f} | {len(fast['runs'])} | {fast['peak']:.0f} | "
                  f"{fast['load']:.0f} | {f0['results']} + {f0['qc']} | {agree} | {ratio} |", flush=True)
    print()
    print("pySHACL runs with inference='none' on the reasoned graph, as the build does; the fast path is what "
          "`kzjp-kg validate` and the build use (engine='auto'), and gives the same report (column 'same report').")
    return 0


if __name__ == "__main__":
    sys.exit(main())
