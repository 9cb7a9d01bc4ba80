"""What the OWL 2 RL engines add that says nothing about the data, and is dropped (and counted).

Why filter: owlrl and the fast path both materialise triples that are true but useless to a user querying
Kazakhstan–Japan relations — literal subjects (from rdfs/owl rules applied to literals), ``x owl:sameAs x``,
``x rdf:type owl:Thing`` / ``rdfs:Resource``, reflexive ``subClassOf``/``subPropertyOf``/``equivalent*``, and
statements about the RDF/RDFS/OWL/XSD vocabularies themselves. Keeping them would triple the inferred graph and
drown the answers; dropping them silently would hide what the reasoner did, so each category is counted.

One rule set, two spellings of a triple: rdflib terms (:func:`category`) and N-Triples strings as the fast path
keeps them (:func:`category_key`); the first is defined through the second, so the engines are filtered alike.
Types whose class is a blank node (an ``owl:Restriction`` such as "has wdt:P31 value Q5") are dropped: no user can
name that class, and pages showed them as hex ids. Triples with a blank-node predicate (generalised RDF, from
``owl:inverseOf`` on an anonymous property) are dropped too, as owlrl drops them after its closure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from rdflib import OWL, RDF, RDFS, XSD, BNode, Literal

Triple = tuple


def _k(term: object) -> str:
    return f"<{term}>"


_VOCABS = tuple(f"<{ns}" for ns in (RDF, RDFS, OWL, XSD))
_OWL = f"<{OWL}"
_REFLEXIVE = {_k(p): _k(p).split("#")[-1].rstrip(">") for p in (
    OWL.sameAs, RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty)}
_TRIVIAL_TYPES = {_k(c) for c in (OWL.Thing, RDFS.Resource, OWL.NamedIndividual, RDFS.Class, RDF.Property)}
_TOP = {_k(OWL.Thing), _k(RDFS.Resource)}
_CHARACTERISTICS = {_k(c) for c in (OWL.TransitiveProperty, OWL.SymmetricProperty, OWL.FunctionalProperty,
                                    OWL.InverseFunctionalProperty)}
_TYPE, _FIRST, _REST = _k(RDF.type), _k(RDF.first), _k(RDF.rest)
_DOMRNG, _SCO = {_k(RDFS.domain), _k(RDFS.range)}, _k(RDFS.subClassOf)


def category_key(s: str, p: str, o: str) -> str | None:
    """The noise category of a triple in N-Triples form (``<iri>``, ``_:b``, ``"lit"…``), or None if it is data."""
    if s[0] == '"':
        return "literal subject"
    if p[0] == "_":
        return "blank-node predicate"
    if s == o and p in _REFLEXIVE:
        return "reflexive " + _REFLEXIVE[p]
    if p == _TYPE and o in _TRIVIAL_TYPES:
        return "trivial type"
    if s.startswith(_VOCABS):
        return "about the RDF/OWL vocabulary"
    if p == _TYPE and o[0] == "_":
        return "typed by an anonymous class"  # an OWL restriction's blank node: not a class a user can name or query
    if p == _TYPE and o.startswith(_OWL):
        return "OWL vocabulary typing"  # includes the property characteristics (they are schema, not data)
    if s[0] == "_" and p in (_FIRST, _REST):
        return "list structure"
    if p in _DOMRNG and o in _TOP:
        return "trivial domain/range"
    if p == _SCO and o in _TOP:
        return "trivial subclass"
    return None


def _key(term: object) -> str:
    if isinstance(term, Literal):
        return '"'
    if isinstance(term, BNode):
        return f"_:{term}"
    return f"<{term}>"


def category(t: Triple) -> str | None:
    """The noise category of rdflib triple ``t``, or None if it says something about the data."""
    s, p, o = t
    return category_key(_key(s), _key(p), _key(o))


def split(triples: Iterable[Triple]) -> tuple[list[Triple], Counter]:
    """Return (kept triples, counts of dropped triples per category)."""
    kept: list[Triple] = []
    dropped: Counter = Counter()
    for t in triples:
        cat = category(t)
        if cat is None:
            kept.append(t)
        else:
            dropped[cat] += 1
    return kept, dropped
