"""Benchmark (not a test): OWL 2 RL closure time and peak memory, owlrl vs reasonable, on synthetic graphs.

Each measurement runs in a fresh subprocess (so peak RSS is that run's own), end to end: load the ontology and the
synthetic data, compute the closure, write the inferred triples as N-Triples. Prints medians and the ratio of owlrl to
reasonable measured in the same run. Usage:

    .venv/bin/python benchmarks/bench_reason.py [--sizes 10000 100000 1000000] [--repeat 3] [--owlrl-max 100000]

owlrl (pure Python) is run only up to --owlrl-max triples; above that the table says "not run" and why.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r'''
import json, resource, sys, time
engine, data, onto, out = sys.argv[1:5]
t0 = time.perf_counter()
if engine == "reasonable":
    import reasonable
    r = reasonable.PyReasoner()
    r.load_file(onto)
    r.load_file(data)
    t1 = time.perf_counter()
    triples = r.reason()
else:
    import owlrl
    from rdflib import Graph
    g = Graph()
    g.parse(onto, format="turtle")
    g.parse(data, format="turtle")
    t1 = time.perf_counter()
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(g)
    triples = list(g)
t2 = time.perf_counter()
with open(out, "w", encoding="utf-8") as fh:
    for s, p, o in triples:
        fh.write(f"{s.n3()} {p.n3()} {o.n3()} .\n")
t3 = time.perf_counter()
print(json.dumps({"load": t1 - t0, "reason": t2 - t1, "write": t3 - t2, "total": t3 - t0, "triples": len(triples),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
'''


def measure(engine: str, data: Path, onto: Path, tmp: Path) -> dict:
    proc = subprocess.run([sys.executable, "-c", CHILD, engine, str(data), str(onto), str(tmp / "inferred.nt")],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--owlrl-max", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from kzjp_kg import config
    from kzjp_kg.load import load_dataset
    from kzjp_kg.synth import generate

    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        onto = tmp / "ontology.ttl"
        load_dataset().graph(config.GRAPH_ONTOLOGY).serialize(onto, format="turtle")
        rows = []
        for n in args.sizes:
            data = tmp / f"synth-{n}.ttl"  # N-Triples is valid Turtle; reasonable reads .ttl only
            with data.open("w", encoding="utf-8") as fh:
                generate(n, args.seed, fh)
            result = {}
            for engine in ("reasonable", "owlrl"):
                if engine == "owlrl" and n > args.owlrl_max:
                    result[engine] = None
                    continue
                reps = args.repeat if n <= 100_000 else 1
                runs = [measure(engine, data, onto, tmp) for _ in range(reps)]
                result[engine] = {k: statistics.median(r[k] for r in runs) for k in runs[0]} | {"runs": reps}
                print(f"  {n:>9,} {engine:<10} {result[engine]['total']:8.2f} s  {result[engine]['peak_mb']:7.0f} MB"
                      f"  (median of {reps})", file=sys.stderr, flush=True)
            rows.append((n, result))
    print("\n| triples | reasonable total s (load/reason/write) | peak MB | owlrl total s | peak MB "
          "| owlrl ÷ reasonable |")
    print("|---:|---|---:|---:|---:|---:|")
    for n, res in rows:
        f, o = res["reasonable"], res["owlrl"]
        fast = f"{f['total']:.2f} ({f['load']:.1f}/{f['reason']:.1f}/{f['write']:.1f}), n={f['runs']}"
        if o is None:
            slow, slow_mb, ratio = f"not run (> --owlrl-max {args.owlrl_max:,})", "—", "—"
        else:
            slow, slow_mb = f"{o['total']:.2f}, n={o['runs']}", f"{o['peak_mb']:.0f}"
            ratio = f"{o['total'] / f['total']:.1f}×"
        print(f"| {n:,} | {fast} | {f['peak_mb']:.0f} | {slow} | {slow_mb} | {ratio} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
