"""Benchmark (not a test): SHACL validation time and peak memory, project graph and synthetic graphs.

Each measurement runs in a fresh subprocess: build the data (asserted + inferred; synthetic data gets the ontology
and the reasonable closure, which is not timed), then time ``kzjp_kg.validate.validate`` alone. Median of --repeat
runs (sizes above 100k run once, and the table says so). Usage:

    .venv/bin/python benchmarks/bench_validate.py [--sizes 100000 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r'''
import io, json, resource, sys, time
from rdflib import Graph
from kzjp_kg import config
from kzjp_kg.load import asserted_graph, load_dataset
from kzjp_kg.reason import closure
from kzjp_kg.sources.translit import latin_labels
from kzjp_kg.validate import validate
size = int(sys.argv[1])
if size == 0:
    data = asserted_graph(load_dataset()); data += latin_labels(data); data = data + closure(data).inferred
else:
    from kzjp_kg.synth import generate
    buf = io.StringIO(); generate(size, 1, buf)
    data = Graph().parse(data=buf.getvalue(), format="nt")
    data += load_dataset().graph(config.GRAPH_ONTOLOGY); data += latin_labels(data)
    data = data + closure(data, "reasonable").inferred
t = time.perf_counter()
result = validate(data)
seconds = time.perf_counter() - t
print(json.dumps({"seconds": seconds, "triples": len(data), "conforms": result.conforms,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
'''


def measure(size: int) -> dict:
    proc = subprocess.run([sys.executable, "-c", CHILD, str(size)], capture_output=True, text=True, check=True,
                          cwd=ROOT)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    print("| graph | triples validated | validate s (median) | runs | peak MB (whole process) | conforms |")
    print("|---|---:|---:|---:|---:|---|")
    for size in [0, *args.sizes]:
        reps = args.repeat if size <= 100_000 else 1
        runs = [measure(size) for _ in range(reps)]
        name = "project" if size == 0 else f"synthetic {size:,}"
        med = statistics.median(r["seconds"] for r in runs)
        peak = statistics.median(r["peak_mb"] for r in runs)
        print(f"| {name} | {runs[0]['triples']:,} | {med:.2f} | {reps} | {peak:.0f} | {runs[0]['conforms']} |",
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
