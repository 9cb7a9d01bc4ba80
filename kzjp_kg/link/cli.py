"""``kzjp-kg link``: regenerate QID links and reference facts (``--reference``); report coverage (``--report``)."""

from __future__ import annotations

import argparse

from rdflib import RDF, URIRef

from kzjp_kg import config
from kzjp_kg.link.reference import EXTRA_PEOPLE, qid_rows, write


def _entities() -> set[URIRef]:
    from kzjp_kg.load import load_dataset

    ds = load_dataset()
    facts = ds.graph(config.GRAPH_FACTS)
    found = {s for s in facts.subjects(RDF.type, None) if isinstance(s, URIRef)}
    return found | {config.KZR[k] for k in EXTRA_PEOPLE}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--reference", action="store_true", help="regenerate graph/wikidata/ from ../shared/wikidata")
    parser.add_argument("--report", action="store_true", help="print linked / linkable entities and why unlinked")


def run(args: argparse.Namespace) -> int:
    entities = _entities()
    if args.reference:
        for p in write(entities):
            print(f"wrote {p}")
    if args.report or not args.reference:
        rows = [r for r in qid_rows() if r.iri in entities]
        linked = [r for r in rows if r.verified]
        print(f"linked: {len(linked)} / {len(rows)} linkable entities of the graph "
              f"({100 * len(linked) / max(len(rows), 1):.0f}%)")
        for r in rows:
            if not r.verified:
                print(f"  unlinked {r.iri.rsplit('/', 1)[-1]}: {r.evidence} {r.note}".rstrip())
    return 0
