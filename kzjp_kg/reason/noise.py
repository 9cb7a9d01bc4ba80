"""What the OWL 2 RL engines add that says nothing about the data, and is dropped (and counted).

Why filter: owlrl and reasonable both materialise triples that are true but useless to a user querying
Kazakhstan–Japan relations — literal subjects (from rdfs/owl rules applied to literals), ``x owl:sameAs x``,
``x rdf:type owl:Thing`` / ``rdfs:Resource``, reflexive ``subClassOf``/``subPropertyOf``/``equivalent*``, and
statements about the RDF/RDFS/OWL/XSD vocabularies themselves. Keeping them would triple the inferred graph and
drown the answers; dropping them silently would hide what the reasoner did, so each category is counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from rdflib import OWL, RDF, RDFS, XSD, BNode, Literal, URIRef

Triple = tuple

_VOCABS = (str(RDF), str(RDFS), str(OWL), str(XSD))
_REFLEXIVE = {OWL.sameAs, RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty}
_TRIVIAL_TYPES = {OWL.Thing, RDFS.Resource, OWL.NamedIndividual, RDFS.Class, RDF.Property}


def category(t: Triple) -> str | None:
    """The noise category of triple ``t``, or None if it says something about the data."""
    s, p, o = t
    if isinstance(s, Literal):
        return "literal subject"
    if p in _REFLEXIVE and s == o:
        return "reflexive " + p.n3().split("#")[-1].rstrip(">")
    if p == RDF.type and o in _TRIVIAL_TYPES:
        return "trivial type"
    if isinstance(s, URIRef) and str(s).startswith(_VOCABS):
        return "about the RDF/OWL vocabulary"
    if p == RDF.type and isinstance(o, URIRef) and str(o).startswith(str(OWL)) and o not in (
            OWL.TransitiveProperty, OWL.SymmetricProperty, OWL.FunctionalProperty, OWL.InverseFunctionalProperty):
        return "OWL vocabulary typing"
    if isinstance(s, BNode) and p in (RDF.first, RDF.rest):
        return "list structure"
    if p == RDF.type and o in (OWL.TransitiveProperty, OWL.SymmetricProperty, OWL.FunctionalProperty,
                               OWL.InverseFunctionalProperty):
        return "OWL vocabulary typing"
    if p in (RDFS.domain, RDFS.range) and isinstance(o, URIRef) and o in (OWL.Thing, RDFS.Resource):
        return "trivial domain/range"
    if p in (RDFS.subClassOf,) and o in (OWL.Thing, RDFS.Resource):
        return "trivial subclass"
    return None


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
