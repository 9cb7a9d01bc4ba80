"""Inconsistencies of the reasoned graph as errors a user can act on.

Why: the OWL 2 RL rules with ``false`` in the head (cax-dw and cax-adc for disjoint classes, cls-nothing2, …) only
say *that* something clashes; the engine reports ``cax-adc: <iri> is in <A> and <B>``. A wrong type almost always
comes from a triple whose property has a domain or range (``kzr:visit kzjp:metWith kzr:nazarbayev`` types the
visit as a kzjp:Agent), so each class clash names the resource, the two disjoint classes, the asserted triples
that put the resource in each class, and the sentences (``kzjp:statedIn``) the resource is stated in, with their
text. The build refuses a graph with any inconsistency (:class:`InconsistentGraphError`, exit code 1).
"""

from __future__ import annotations

import re

from rdflib import OWL, RDF, RDFS, Graph, Literal, Node, URIRef

from kzjp_kg import config
from kzjp_kg.errors import NonConformingError

_CLASS_CLASH = re.compile(r"^(cax-adc|cax-dw/cls-com): <([^>]+)> is in <([^>]+)> and <([^>]+)>$")
_TEXT_MAX = 160


class InconsistentGraphError(NonConformingError):
    """The reasoned graph is inconsistent (a resource in two disjoint classes, …); exit code 1."""


def _short(g: Graph, term: object) -> str:
    if isinstance(term, URIRef):
        try:
            return g.namespace_manager.normalizeUri(term)
        except Exception:
            return f"<{term}>"
    return str(term)


def _closure(g: Graph, start: URIRef, prop: URIRef) -> set[Node]:
    seen: set[Node] = {start}
    todo: list[Node] = [start]
    while todo:
        for z in g.objects(todo.pop(), prop):
            if z not in seen:
                seen.add(z)
                todo.append(z)
    return seen


def _typing_triples(asserted: Graph, x: URIRef, cls: URIRef) -> list[str]:
    """Asserted triples that put ``x`` in ``cls``: an rdf:type of a subclass, or a property whose domain (``x`` as
    subject) or range (``x`` as object) is a subclass of ``cls`` (through sub-properties, inverses, symmetry)."""
    def sub_of_cls(c: object) -> bool:
        return isinstance(c, URIRef) and cls in _closure(asserted, c, RDFS.subClassOf)

    def ends(p: URIRef) -> tuple[set, set]:
        doms, rngs = set(), set()
        for sp in _closure(asserted, p, RDFS.subPropertyOf):
            doms |= set(asserted.objects(sp, RDFS.domain))
            rngs |= set(asserted.objects(sp, RDFS.range))
            for inv in set(asserted.objects(sp, OWL.inverseOf)) | set(asserted.subjects(OWL.inverseOf, sp)):
                doms |= set(asserted.objects(inv, RDFS.range))
                rngs |= set(asserted.objects(inv, RDFS.domain))
            if (sp, RDF.type, OWL.SymmetricProperty) in asserted:
                doms |= set(asserted.objects(sp, RDFS.range))
                rngs |= set(asserted.objects(sp, RDFS.domain))
        return doms, rngs

    out = []
    for p, o in asserted.predicate_objects(x):
        if p == RDF.type:
            if sub_of_cls(o):
                out.append(f"{_short(asserted, x)} a {_short(asserted, o)}")
        elif isinstance(p, URIRef) and any(sub_of_cls(d) for d in ends(p)[0]):
            out.append(f"{_short(asserted, x)} {_short(asserted, p)} {_short(asserted, o)}")
    for s, p in asserted.subject_predicates(x):
        if isinstance(p, URIRef) and p != RDF.type and any(sub_of_cls(r) for r in ends(p)[1]):
            out.append(f"{_short(asserted, s)} {_short(asserted, p)} {_short(asserted, x)}")
    return sorted(set(out))


def _sentences(asserted: Graph, x: URIRef) -> list[str]:
    out = []
    for seg in sorted(asserted.objects(x, config.KZJP.statedIn), key=str):  # segment IRIs
        text = next((str(t) for t in asserted.objects(seg, config.KZJP.text) if isinstance(t, Literal)), "")
        text = text if len(text) <= _TEXT_MAX else text[:_TEXT_MAX] + "…"
        out.append(f"{_short(asserted, seg)} «{text}»" if text else _short(asserted, seg))
    return out


def describe(asserted: Graph, inconsistencies: list[str]) -> list[str]:
    """One readable paragraph per inconsistency; class clashes name the resource, both classes, the triples that
    typed it and its sentences. Other inconsistencies are passed on as the engine wrote them."""
    out = []
    for msg in inconsistencies:
        m = _CLASS_CLASH.match(msg)
        if not m:
            out.append(msg)
            continue
        rule, x, c1, c2 = m.group(1), URIRef(m.group(2)), URIRef(m.group(3)), URIRef(m.group(4))
        lines = [f"{_short(asserted, x)} is both a {_short(asserted, c1)} and a {_short(asserted, c2)}, which are "
                 f"disjoint ({rule}; see ontology/disjointness.ttl)."]
        for c in (c1, c2):
            why = _typing_triples(asserted, x, c)
            lines.append(f"  {_short(asserted, c)} because: " + ("; ".join(why) if why else "(inferred)"))
        sents = _sentences(asserted, x)
        lines.append("  stated in: " + ("; ".join(sents) if sents else "no sentence (kzjp:statedIn missing)"))
        out.append("\n".join(lines))
    return out


def check_consistency(asserted: Graph, inconsistencies: list[str]) -> None:
    """Raise :class:`InconsistentGraphError` listing every inconsistency (described) when there is any."""
    if not inconsistencies:
        return
    described = describe(asserted, inconsistencies)
    raise InconsistentGraphError(
        f"the reasoned graph is inconsistent ({len(described)} clash(es)); nothing was written. Fix the data "
        "(or an over-broad rdfs:domain/rdfs:range) that gives a resource a type it cannot have:\n"
        + "\n".join(described))


__all__ = ["InconsistentGraphError", "check_consistency", "describe"]
