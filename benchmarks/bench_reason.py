"""Benchmark (not a test): reasoning end to end, fast path vs owlrl, on synthetic graphs of 10k, 100k and 1M triples.

The unit of work is what ``closure()`` does for a build: load the ontology and the synthetic data
(``kzjp-kg synth``), compute OWL 2 RL plus the SPARQL rules to a fixpoint, filter the noise, write the inferred
graph as N-Triples. Each measurement runs in a fresh subprocess, so its peak RSS is its own. Prints medians, the
load/reason/write split, peak memory, and the ratio owlrl ÷ fast measured in the same run, then checks the targets:
the fast path closes 1M triples in < 30 s within 4 GB, and is ≥ 40× faster than owlrl at 100k. Usage:

    .venv/bin/python benchmarks/bench_reason.py [--sizes 10000 100000 1000000] [--repeat 3] [--owlrl-max 100000]

owlrl (pure Python) is run only up to --owlrl-max triples: at 1M it would take far more than 10 minutes (it is
superlinear: about 10x the triples costs 15-20x the time), so the table says "not run" and why. The machine may
be shared; ratios measured in the same run still hold, and the load average is printed.
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
TARGET_1M_SECONDS, TARGET_1M_MB, TARGET_RATIO = 30.0, 4096, 40.0

CHILD = r'''
import json, resource, sys, time
sys.path.insert(0, sys.argv[5])
engine, data, onto, out = sys.argv[1:5]
from pathlib import Path
if engine == "fast":
    from kzjp_kg.reason.fast import closure_files
    r = closure_files([Path(onto), Path(data)], Path(out))
else:
    from rdflib import Graph
    from kzjp_kg.reason import closure
    t0 = time.perf_counter()
    g = Graph()
    g.parse(onto, format="nt")
    g.parse(data, format="nt")
    t1 = time.perf_counter()
    res = closure(g, engine)
    t2 = time.perf_counter()
    res.inferred.serialize(out, format="nt", encoding="utf-8")
    t3 = time.perf_counter()
    r = {"load": t1 - t0, "reason": t2 - t1, "write": t3 - t2, "total": t3 - t0, "inferred": len(res.inferred),
         "rounds": res.rounds}
r["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(r))
'''


def measure(engine: str, data: Path, onto: Path, tmp: Path) -> dict:
    out = tmp / f"inferred-{engine}.nt"
    proc = subprocess.run([sys.executable, "-c", CHILD, engine, str(data), str(onto), str(out), str(ROOT)],
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

    print(f"load average at start: {os.getloadavg()[0]:.2f} ({os.cpu_count()} CPUs)", file=sys.stderr)
    rows = []
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        onto = tmp / "ontology.nt"
        load_dataset().graph(config.GRAPH_ONTOLOGY).serialize(onto, format="nt", encoding="utf-8")
        for n in args.sizes:
            data = tmp / f"synth-{n}.nt"
            with data.open("w", encoding="utf-8") as fh:
                generate(n, args.seed, fh)
            result: dict[str, dict | None] = {}
            for engine in ("fast", "owlrl"):
                if engine == "owlrl" and n > args.owlrl_max:
                    result[engine] = None
                    continue
                runs = [measure(engine, data, onto, tmp) for _ in range(args.repeat)]
                med = {k: statistics.median(r[k] for r in runs) for k in ("load", "reason", "write", "total",
                                                                         "peak_mb", "inferred")}
                result[engine] = med | {"runs": len(runs), "all_totals": [round(r["total"], 2) for r in runs]}
                print(f"  {n:>9,} {engine:<6} {med['total']:8.2f} s  {med['peak_mb']:7.0f} MB  "
                      f"{int(med['inferred']):,} inferred  (median of {len(runs)}: {result[engine]['all_totals']})",
                      file=sys.stderr, flush=True)
            f, o = result["fast"], result["owlrl"]
            if o is not None and f is not None and int(f["inferred"]) != int(o["inferred"]):
                print(f"  WARNING: at {n:,} the engines inferred {int(f['inferred']):,} vs {int(o['inferred']):,}",
                      file=sys.stderr)
            rows.append((n, result))
    print(f"load average at end: {os.getloadavg()[0]:.2f}", file=sys.stderr)
    print("\n| triples | fast: total s (load/reason/write) | peak MB | owlrl: total s (load/reason/write) | peak MB "
          "| owlrl ÷ fast | inferred triples |")
    print("|---:|---|---:|---|---:|---:|---:|")
    ok = True
    for n, res in rows:
        f, o = res["fast"], res["owlrl"]
        assert f is not None
        fast = f"{f['total']:.2f} ({f['load']:.2f}/{f['reason']:.2f}/{f['write']:.2f}), n={f['runs']}"
        if o is None:
            slow, slow_mb, ratio = f"not run (> --owlrl-max {args.owlrl_max:,}; would take > 10 min)", "—", "—"
        else:
            slow = f"{o['total']:.2f} ({o['load']:.2f}/{o['reason']:.2f}/{o['write']:.2f}), n={o['runs']}"
            slow_mb, ratio = f"{o['peak_mb']:.0f}", f"{o['total'] / f['total']:.1f}×"
        print(f"| {n:,} | {fast} | {f['peak_mb']:.0f} | {slow} | {slow_mb} | {ratio} | {int(f['inferred']):,} |")
        if n == 1_000_000:
            met = f["total"] < TARGET_1M_SECONDS and f["peak_mb"] < TARGET_1M_MB
            ok &= met
            print(f"\ntarget 1M end to end < {TARGET_1M_SECONDS:.0f} s within {TARGET_1M_MB} MB: "
                  f"{f['total']:.2f} s, {f['peak_mb']:.0f} MB — {'met' if met else 'MISSED'}")
        if n == 100_000 and o is not None:
            met = o["total"] / f["total"] >= TARGET_RATIO
            ok &= met
            print(f"target ≥ {TARGET_RATIO:.0f}× owlrl at 100k: {o['total'] / f['total']:.1f}× — "
                  f"{'met' if met else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
