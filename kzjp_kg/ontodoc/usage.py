"""How the graph uses each ontology term: counts and a few example triples, found by SPARQL.

Why SPARQL and not walks over an rdflib graph: the same queries run on the build's in-memory pyoxigraph store
and, through the query pool, on the store the endpoint serves, so the page at the ontology IRI shows the
examples of the very graph being served. Triples of the ontology graph itself are not uses (a query excludes
them with ``FILTER NOT EXISTS { GRAPH <ontology graph> … }``), so a term counts only where the data uses it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import URIRef

from kzjp_kg.ontodoc.terms import Term

#: A SELECT runner: query text → rows (variable name → pyoxigraph term; unbound variables absent).
Select = Callable[[str], list[dict[str, object]]]

EXAMPLES = 3
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
PROPERTY_KINDS = ("object property", "datatype property", "annotation property")


@dataclass
class Usage:
    """Per term IRI: how often the data uses it, and up to :data:`EXAMPLES` (subject, predicate, object) uses."""

    counts: dict[str, int] = field(default_factory=dict)
    examples: dict[str, list[tuple[object, object, object]]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # English (else any) label of the IRIs in the examples


def store_select(store: ox.Store) -> Select:
    """A :data:`Select` over a pyoxigraph store, with the union of its named graphs as the default graph."""

    def run(query: str) -> list[dict[str, object]]:
        res = store.query(query, use_default_graph_as_union=True)
        names = [v.value for v in res.variables]  # type: ignore[union-attr]
        return [{n: sol[n] for n in names if sol[n] is not None} for sol in res]  # type: ignore[union-attr]

    return run


def _not_ontology(graph: str, s: str, p: str, o: str) -> str:
    return f"FILTER NOT EXISTS {{ GRAPH <{graph}> {{ {s} {p} {o} }} }}"


def usage(select: Select, known: dict, ontology_graph: str) -> Usage:
    """Counts and examples for every term in ``known`` (from :func:`kzjp_kg.ontodoc.terms.terms`)."""
    out = Usage()
    classes = [str(i) for i, t in known.items() if t.kind == "class"]
    props = [str(i) for i, t in known.items() if t.kind in PROPERTY_KINDS]
    concepts = [str(i) for i, t in known.items() if t.kind == "concept"]
    no_onto = _not_ontology(ontology_graph, "?s", "?p", "?o")
    known_kinds = {str(i): t.kind for i, t in known.items()}

    def values(iris: list[str]) -> str:
        return " ".join(f"<{i}>" for i in sorted(iris))

    if classes:
        q = (f"SELECT ?o (COUNT(DISTINCT ?s) AS ?n) WHERE {{ VALUES ?o {{ {values(classes)} }} "
             f"?s <{RDF_TYPE}> ?o . BIND(<{RDF_TYPE}> AS ?p) {no_onto} }} GROUP BY ?o")
        out.counts.update({r["o"].value: int(r["n"].value) for r in select(q)})  # type: ignore[attr-defined]
    if props:
        q = (f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {values(props)} }} "
             f"?s ?p ?o {no_onto} }} }} GROUP BY ?p")
        out.counts.update({r["p"].value: int(r["n"].value) for r in select(q)})  # type: ignore[attr-defined]
    if concepts:
        q = (f"SELECT ?o (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?o {{ {values(concepts)} }}"
             f" ?s ?p ?o FILTER(?p != <{RDF_TYPE}>) {no_onto} }} }} GROUP BY ?o")
        out.counts.update({r["o"].value: int(r["n"].value) for r in select(q)})  # type: ignore[attr-defined]

    # A UNION of one small ordered sub-select per used term (SPARQL has no per-group LIMIT); ?k names the term.
    def branch(iri: str, s: str, p: str, o: str, extra: str = "") -> str:
        return (f"{{ SELECT DISTINCT (<{iri}> AS ?k) ?s {p if p.startswith('?') else f'({p} AS ?p)'} "
                f"{o if o.startswith('?') else f'({o} AS ?o)'} WHERE {{ {s} {p} {o} {extra} "
                f"{_not_ontology(ontology_graph, s, p, o)} }} ORDER BY ?s ?p ?o LIMIT {EXAMPLES} }}")

    used = [i for i in (*classes, *props, *concepts) if out.counts.get(i)]
    branches = []
    for iri in sorted(used):
        kind = known_kinds[iri]
        if kind == "class":
            branches.append(branch(iri, "?s", f"<{RDF_TYPE}>", f"<{iri}>"))
        elif kind == "concept":
            branches.append(branch(iri, "?s", "?p", f"<{iri}>", f"FILTER(?p != <{RDF_TYPE}>)"))
        else:
            branches.append(branch(iri, "?s", f"<{iri}>", "?o"))
    for chunk in range(0, len(branches), 60):
        q = "SELECT ?k ?s ?p ?o WHERE { " + " UNION ".join(branches[chunk:chunk + 60]) + " }"
        for r in select(q):
            ex = out.examples.setdefault(r["k"].value, [])  # type: ignore[attr-defined]
            if len(ex) < EXAMPLES:
                ex.append((r["s"], r["p"], r["o"]))
    for ex in out.examples.values():
        ex.sort(key=lambda t: (str(t[0]), str(t[1]), str(t[2])))

    named = sorted({t.value for ex in out.examples.values() for tr in ex for t in (tr[0], tr[2])
                    if isinstance(t, ox.NamedNode)})
    for chunk in range(0, len(named), 400):
        q = (f"SELECT ?x ?l WHERE {{ VALUES ?x {{ {values(named[chunk:chunk + 400])} }} ?x <{RDFS_LABEL}> ?l }} "
             "ORDER BY ?x ?l")
        for r in select(q):
            x, lit = r["x"].value, r["l"]  # type: ignore[attr-defined]
            if getattr(lit, "language", None) == "en" or x not in out.labels:
                out.labels[x] = lit.value  # type: ignore[attr-defined]
    return out


def usage_of_store(store: ox.Store, known: dict[URIRef, Term], ontology_graph: str) -> Usage:
    """:func:`usage` over a pyoxigraph store (the build's dataset, a notebook's store)."""
    return usage(store_select(store), known, ontology_graph)
