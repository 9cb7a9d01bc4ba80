"""Test helpers shared by the store-route tests: the same triples written as the benchmark writes them, in the
term form both validation routes read alike."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import XSD


def nt_files(tmp: Path, *graphs: Graph) -> list[Path]:
    """Each graph as its own N-Triples file, as the bench writes facts, as-built and inferred triples apart."""
    paths = []
    for i, g in enumerate(graphs):
        paths.append(tmp / f"part-{i}.nt")
        g.serialize(paths[-1], format="nt", encoding="utf-8")
    return paths


def rdf11(g: Graph) -> Graph:
    """``g`` with ``"a"^^xsd:string`` written ``"a"``: one term in RDF 1.1 and in the store, two in rdflib (the
    reasoner's outputs hold typed copies of plain literals). The one normalisation the comparisons make."""
    out = Graph()
    for s, p, o in g:
        out.add((s, p, Literal(str(o)) if isinstance(o, Literal) and o.datatype == XSD.string else o))
    return out
