"""Convert rdflib terms to pyoxigraph terms: the one bridge between the two libraries.

Why one function: reasoning and SHACL work on rdflib graphs, while dumps and stores use pyoxigraph (faster
serialisation and queries); the dump step, the embedded store and the remote store all cross that bridge, and
must agree on how language tags, datatypes and blank nodes carry over.
"""

from __future__ import annotations

from functools import lru_cache

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


@lru_cache(maxsize=4096)
def bcp47_case(tag: str) -> str:
    """A language tag in BCP 47's conventional case (RFC 5646 §2.1.1): language lower, script Title, region UPPER,
    everything from a singleton (``-x-``, ``-u-``…) on lower. ``kk-latn`` → ``kk-Latn``, ``en-gb`` → ``en-GB``.

    Why: oxigraph lower-cases tags when it stores them (tags are case-insensitive), but reports name the value as
    the data wrote it, and the project writes tags in this case.
    """
    parts = tag.split("-")
    out = [parts[0].lower()]
    extension = False
    for sub in parts[1:]:
        extension = extension or len(sub) == 1
        if not extension and len(sub) == 4 and sub.isalpha():
            out.append(sub.title())
        elif not extension and len(sub) == 2 and sub.isalpha():
            out.append(sub.upper())
        else:
            out.append(sub.lower())
    return "-".join(out)
