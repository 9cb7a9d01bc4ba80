"""Reading the ontology graph: which terms it defines, their labels, definitions, parents, domains and ranges.

Kept apart from the HTML so the page and the diagram read the ontology the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import OWL, RDF, RDFS, SKOS, BNode, Graph, Literal, Node, URIRef
from rdflib.collection import Collection

from kzjp_kg import config

KINDS: dict[str, tuple[URIRef, ...]] = {
    "class": (OWL.Class, RDFS.Class),
    "object property": (OWL.ObjectProperty,),
    "datatype property": (OWL.DatatypeProperty,),
    "annotation property": (OWL.AnnotationProperty,),
    "concept scheme": (SKOS.ConceptScheme,),
    "concept": (SKOS.Concept,),
}
CHARACTERISTICS = (OWL.TransitiveProperty, OWL.SymmetricProperty, OWL.FunctionalProperty,
                   OWL.InverseFunctionalProperty, OWL.AsymmetricProperty, OWL.IrreflexiveProperty,
                   OWL.ReflexiveProperty)


@dataclass
class Term:
    """One term of our namespace as the page shows it."""

    iri: URIRef
    kind: str
    anchor: str
    labels: dict[str, str] = field(default_factory=dict)
    definitions: dict[str, str] = field(default_factory=dict)
    parents: list[URIRef] = field(default_factory=list)
    children: list[URIRef] = field(default_factory=list)
    domain: list[object] = field(default_factory=list)
    range: list[object] = field(default_factory=list)
    inverse: list[URIRef] = field(default_factory=list)
    chains: list[list[Node]] = field(default_factory=list)
    characteristics: list[str] = field(default_factory=list)
    types: list[URIRef] = field(default_factory=list)
    in_scheme: list[URIRef] = field(default_factory=list)


def namespace(g: Graph) -> str:
    """Our term namespace: the ontology IRI + '#' (so a rebased graph documents its own base)."""
    onto = next((s for s in g.subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef)), None)
    return f"{onto}#" if onto is not None else str(config.KZJP)


def ontology_iri(g: Graph) -> URIRef | None:
    return next((s for s in g.subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef)), None)


def by_lang(g: Graph, s: URIRef, p: URIRef) -> dict[str, str]:
    """Literal values of ``s p`` keyed by language tag ('' for none); the first value per tag wins."""
    out: dict[str, str] = {}
    for o in sorted(g.objects(s, p), key=str):
        if isinstance(o, Literal):
            out.setdefault((o.language or "").lower(), str(o))
    return out


def _class_expr(g: Graph, node: object) -> object:
    """A domain/range value: an IRI, or ('union', [IRIs]) for an owl:unionOf list."""
    if isinstance(node, BNode):
        lst = g.value(node, OWL.unionOf)
        if lst is not None:
            return ("union", list(Collection(g, lst)))
    return node


def terms(g: Graph) -> dict[URIRef, Term]:
    """Every term of our namespace the graph types as a class, property, concept scheme or concept."""
    ns = namespace(g)
    found: dict[URIRef, Term] = {}
    for kind, types in KINDS.items():
        for t in types:
            for s in g.subjects(RDF.type, t):
                if isinstance(s, URIRef) and str(s).startswith(ns) and s not in found:
                    found[s] = Term(s, kind, str(s)[len(ns):])
    for s, term in found.items():
        term.labels = by_lang(g, s, RDFS.label)
        term.definitions = by_lang(g, s, SKOS.definition)
        parent_p = RDFS.subClassOf if term.kind == "class" else RDFS.subPropertyOf
        if term.kind in ("concept", "concept scheme"):
            parent_p = SKOS.broader
        term.parents = sorted(o for o in g.objects(s, parent_p) if isinstance(o, URIRef) and o != s)
        term.domain = [_class_expr(g, o) for o in g.objects(s, RDFS.domain)]
        term.range = [_class_expr(g, o) for o in g.objects(s, RDFS.range)]
        term.inverse = sorted({*(o for o in g.objects(s, OWL.inverseOf) if isinstance(o, URIRef)),
                               *(x for x in g.subjects(OWL.inverseOf, s) if isinstance(x, URIRef))})
        term.chains = [list(Collection(g, c)) for c in g.objects(s, OWL.propertyChainAxiom)]
        term.characteristics = sorted(str(c).rsplit("#", 1)[-1].replace("Property", "")
                                      for c in g.objects(s, RDF.type) if c in CHARACTERISTICS)
        term.types = sorted(o for o in g.objects(s, RDF.type) if isinstance(o, URIRef) and str(o).startswith(ns))
        term.in_scheme = sorted(o for o in g.objects(s, SKOS.inScheme) if isinstance(o, URIRef))
    for s, term in found.items():
        for p in term.parents:
            if p in found:
                found[p].children.append(s)
    for term in found.values():
        term.children.sort()
    return found


def label(g: Graph, iri: object, lang: str = "en") -> str:
    """A term's label in ``lang`` (then English, then its local name)."""
    labels = by_lang(g, iri, RDFS.label) if isinstance(iri, URIRef) else {}
    return labels.get(lang) or labels.get("en") or str(iri).replace("#", "/").rsplit("/", 1)[-1]
