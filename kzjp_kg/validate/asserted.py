"""Validation of the asserted layers before reasoning, with the class and property hierarchy only.

Why a second pass: the shapes run on the reasoned graph, where ``rdfs:domain``/``rdfs:range`` typing has already
made every wrongly used resource "right" — a visit asserted to meet a person becomes an agent, and a shape asking
for an agent passes. Here the data is closed under ``rdfs:subClassOf`` and ``rdfs:subPropertyOf`` alone (a
``kzjp:Person`` is a ``kzjp:Agent``; a ``kzjp:headOfDelegation`` is a ``kzjp:participant``), and every domain and
range axiom of the ontology becomes a constraint (:func:`domain_range_shapes`): the subject of a property must
*already* be of its domain, its value of its range. The project's shapes run too, except those marked
``kzsh:afterReasoning true`` because they speak of inferred facts (a visitor's office in capacity). The QC queries
run once, after reasoning.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH

from kzjp_kg import config
from kzjp_kg.terms import short
from kzjp_kg.validate import ValidationResult, load_shapes, validate

KZSH = Namespace("https://w3id.org/kzjp-kg/shapes#")
#: Marks a shape that speaks of inferred facts: it runs on the reasoned graph only.
AFTER_REASONING = KZSH.afterReasoning


def _closure(pairs: Graph, prop: URIRef) -> dict[URIRef, set[URIRef]]:
    """Every term's strict ancestors along ``prop`` (rdfs:subClassOf or rdfs:subPropertyOf), named terms only."""
    parents: dict[URIRef, set[URIRef]] = {}
    for a, b in pairs.subject_objects(prop):
        if isinstance(a, URIRef) and isinstance(b, URIRef) and a != b:
            parents.setdefault(a, set()).add(b)
    out: dict[URIRef, set[URIRef]] = {}
    for start in parents:
        seen: set[URIRef] = set()
        todo = list(parents[start])
        while todo:
            x = todo.pop()
            if x not in seen:
                seen.add(x)
                todo.extend(parents.get(x, ()))
        out[start] = seen
    return out


def hierarchy_closure(data: Graph, ontology: Graph) -> Graph:
    """A copy of ``data`` with the superclasses of every type and the super-properties of every triple added."""
    classes = _closure(ontology, RDFS.subClassOf)
    props = _closure(ontology, RDFS.subPropertyOf)
    out = Graph()
    for prefix, ns in config.PREFIXES.items():
        out.bind(prefix, ns)
    for s, p, o in data:
        out.add((s, p, o))
        for q in props.get(p, ()):  # type: ignore[call-overload]
            out.add((s, q, o))
    for s, c in list(out.subject_objects(RDF.type)):
        for d in classes.get(c, ()):  # type: ignore[call-overload]
            out.add((s, RDF.type, d))
    return out


def _is_class_range(r: object) -> bool:
    return isinstance(r, URIRef) and not str(r).startswith(str(XSD)) and r not in (
        RDFS.Literal, RDF.langString, OWL.Thing, RDFS.Resource, RDF.PlainLiteral)


def domain_range_shapes(ontology: Graph) -> Graph:
    """One SHACL shape per domain and per class range of the ontology's own properties (``kzjp:``)."""
    g = Graph()
    ns = str(config.KZJP)
    axioms = (("domain", RDFS.domain, SH.targetSubjectsOf), ("range", RDFS.range, SH.targetObjectsOf))
    for kind, axiom, target in axioms:
        for p, c in sorted(ontology.subject_objects(axiom)):
            if not str(p).startswith(ns) or not _is_class_range(c):
                continue
            shape = KZSH[f"asserted-{kind}-{str(p)[len(ns):]}-{str(c).rsplit('#', 1)[-1].rsplit('/', 1)[-1]}"]
            g.add((shape, RDF.type, SH.NodeShape))
            g.add((shape, target, p))
            g.add((shape, SH["class"], c))
            g.add((shape, SH.name, Literal(f"{kind} of {_short(p)} (asserted)")))
            what = "subject" if kind == "domain" else "value"
            g.add((shape, SH.message, Literal(
                f"is the {what} of {_short(p)} but is not asserted to be a {_short(c)} (rdfs:{kind}). Reasoning "
                f"would make it one; give it the right type, or use the property this resource needs.")))
    return g


def _short(term: object) -> str:
    return short(term, bracket=True)


def asserted_shapes(shapes: Graph, ontology: Graph) -> Graph:
    """The project's shapes without those marked :data:`AFTER_REASONING`, plus :func:`domain_range_shapes`."""
    later = set(shapes.subjects(AFTER_REASONING, Literal(True)))
    out = Graph()
    for t in shapes:
        if t[0] not in later:
            out.add(t)
    return out + domain_range_shapes(ontology)


def validate_asserted(asserted: Graph, ontology: Graph, *, shapes_dir: Path = config.SHAPES_DIR,
                      engine: str = "auto") -> ValidationResult:
    """Validate the asserted layers, closed under the class and property hierarchy only (no QC queries)."""
    shapes = asserted_shapes(load_shapes(shapes_dir), ontology)
    return validate(hierarchy_closure(asserted, ontology), shapes=shapes, shapes_dir=shapes_dir, engine=engine,
                    qc=False)
