"""Convert rdflib terms to pyoxigraph terms: the one bridge between the two libraries.

Why one function: reasoning and SHACL work on rdflib graphs, while dumps and stores use pyoxigraph (faster
serialisation and queries); the dump step, the embedded store and the remote store all cross that bridge, and
must agree on how language tags, datatypes and blank nodes carry over.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef


def to_ox(term: object) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term (IRIs, blank nodes, plain, language-tagged and typed literals)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unexpected RDF term {term!r}")
