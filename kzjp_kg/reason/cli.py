"""``kzjp-kg reason``: compute the inferred graph of the project and report what each rule and axiom added."""

from __future__ import annotations

import argparse
from pathlib import Path

from kzjp_kg import config
from kzjp_kg.reason import DEFAULT_ENGINE, ENGINES, closure


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--engine", choices=ENGINES, default=DEFAULT_ENGINE)
    parser.add_argument("--out", type=Path, default=None, help="write the inferred graph as Turtle here")


def run(args: argparse.Namespace) -> int:
    from kzjp_kg.statements.asbuilt import as_built

    asserted = as_built().asserted()
    res = closure(asserted, args.engine)
    print(f"{res.engine}: {len(asserted):,} asserted → {len(res.inferred):,} inferred triples in {res.seconds:.2f} s "
          f"({res.rounds} rounds)")
    print("dropped as noise:", ", ".join(f"{k}: {v}" for k, v in sorted(res.dropped.items())) or "nothing")
    if res.inconsistencies:
        print(f"{len(res.inconsistencies)} inconsistenc(ies):", *res.inconsistencies[:10], sep="\n  ")
    print("added by rules:", ", ".join(f"{k}: {v}" for k, v in sorted(res.rule_counts.items())) or "nothing")
    out = args.out or (config.BUILD_DIR / "dumps" / "inferred.ttl")
    if args.out:
        out.parent.mkdir(parents=True, exist_ok=True)
        res.inferred.serialize(out, format="turtle")
        print(f"wrote {out}")
    return 0
