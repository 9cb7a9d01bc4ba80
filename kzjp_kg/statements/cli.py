"""``kzjp-kg statements``: check the references of every asserted statement, or propose rows for new facts.

``--check`` (the default) builds the statement graph as the build does and prints how each statement is referenced;
``--suggest`` appends a proposed row to ``graph/facts/references.tsv`` for every statement without a reference, to
be checked by a person (rows marked ``coarse`` first). Exit 0 when every statement has a reference, 2 otherwise.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kzjp_kg import config


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--suggest", action="store_true",
                        help="append proposed rows for statements without a reference to the table")
    parser.add_argument("--table", type=Path, default=None, help="the references table "
                        "(default: graph/facts/references.tsv)")
    parser.add_argument("--root", type=Path, default=None, help="folder with ontology/ and graph/ (default: this repo)")


def run(args: argparse.Namespace) -> int:
    from kzjp_kg.load import load_dataset
    from kzjp_kg.statements.layer import make_statements
    from kzjp_kg.statements.suggest import update_table

    root = args.root or config.ROOT
    table = args.table or root / "graph" / "facts" / "references.tsv"
    if args.suggest:
        added, empty = update_table(load_dataset(root), table)
        print(f"{table}: {added} row(s) proposed"
              + (f", {empty} with no sentence (give each an external reference)" if empty else "")
              + ". Check them (rows marked 'coarse' first), then run `kzjp-kg statements` again.")
    layer = make_statements(load_dataset(root), table)
    ranks: dict[str, int] = {}
    for rank in layer.graph.objects(None, config.KZJP.rank):
        key = str(rank).rsplit("#", 1)[-1]
        ranks[key] = ranks.get(key, 0) + 1
    counts = ", ".join(f"{n} {k}" for k, n in sorted(ranks.items()))
    print(f"{sum(ranks.values())} statements with references: {counts}")
    for rule, n in sorted(layer.by_rule.items()):
        print(f"  {n:5d} referenced by rule: {rule}")
    print(f"  {len(layer.deprecated)} deprecated (kept in kzg:statements only, never premises)")
    return 0
