"""How long ``kzjp-kg --help`` takes beside ``python -c pass``: the cost of the CLI's start-up itself.

Why: ``kzjp_kg/cli.py`` promises that ``--help`` imports no pipeline step (subcommands are registered by module
name and imported on dispatch); this measures what that promise buys. Each command runs ``--runs`` times (default
5) in a fresh interpreter; the medians and their ratio are printed.

    .venv/bin/python benchmarks/bench_cli.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def median_seconds(cmd: list[str], runs: int) -> float:
    """The median wall time of ``runs`` runs of ``cmd`` (output discarded; a failing run is an error)."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per command (default 5)")
    args = parser.parse_args(argv)
    bare = median_seconds([sys.executable, "-c", "pass"], args.runs)
    cli = median_seconds([sys.executable, "-m", "kzjp_kg.cli", "--help"], args.runs)
    print(f"python -c pass      median of {args.runs}: {bare * 1000:7.1f} ms")
    print(f"kzjp-kg --help      median of {args.runs}: {cli * 1000:7.1f} ms")
    print(f"ratio: {cli / bare:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
