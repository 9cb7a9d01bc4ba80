"""``python -m kzjp_kg.ontodoc OUT_DIR [--build-dir BUILD]``: write ontology.html and ontology.svg.

Without ``--build-dir`` the page documents ``ontology/*.ttl`` alone (no examples of use); with it, examples
come from that build's N-Quads dump, as in ``build/docs/``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kzjp_kg import config
from kzjp_kg.ontodoc import write_docs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kzjp_kg.ontodoc", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write ontology.html and ontology.svg into")
    parser.add_argument("--build-dir", type=Path, default=None, help="a build whose dumps give examples of use")
    args = parser.parse_args(argv)
    onto = Graph(identifier=config.GRAPH_ONTOLOGY)
    for f in sorted(config.ONTOLOGY_DIR.glob("*.ttl")):
        onto.parse(f, format="turtle")
    store = None
    if args.build_dir:
        dump = args.build_dir / "dumps" / "kzjp-kg.nq"
        if not dump.exists():
            print(f"{dump}: no such file. Run `kzjp-kg build --out {args.build_dir}` first.", file=sys.stderr)
            return 2
        store = ox.Store()
        store.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
    for p in write_docs(onto, args.out, store=store, ontology_graph=str(config.GRAPH_ONTOLOGY)):
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
