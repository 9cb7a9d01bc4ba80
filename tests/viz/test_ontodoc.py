"""The ontology's documentation page and diagram are made from the ontology graph and the data graph."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef

from kzjp_kg import config
from kzjp_kg.ontodoc import diagram_model, render_diagram, render_html, usage_of_store
from kzjp_kg.ontodoc.terms import terms

KZJP = Namespace("https://w3id.org/kzjp-kg/ontology#")
ONTO_GRAPH = "https://w3id.org/kzjp-kg/graph/ontology"
SVG = "{http://www.w3.org/2000/svg}"


def ontology() -> Graph:
    g = Graph(identifier=URIRef(ONTO_GRAPH))
    for f in sorted(config.ONTOLOGY_DIR.glob("*.ttl")):
        g.parse(f, format="turtle")
    return g


def test_every_term_has_an_entry_with_both_definitions() -> None:
    g = ontology()
    page = render_html(g)
    declared = {s for t in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty) for s in g.subjects(RDF.type, t)
                if str(s).startswith(str(KZJP))}
    assert len(declared) > 150
    for s in declared:
        local = str(s)[len(str(KZJP)):]
        assert f'id="{local}"' in page, local
        for lang in ("kk", "en"):
            d = next(o for o in g.objects(s, SKOS.definition) if isinstance(o, Literal) and o.language == lang)
            assert Literal(d).replace("'", "&#x27;").replace('"', "&quot;") in page or str(d) in page, (local, lang)
    n_classes = sum(1 for s in g.subjects(RDF.type, OWL.Class) if str(s).startswith(str(KZJP)))
    n_objprops = sum(1 for s in g.subjects(RDF.type, OWL.ObjectProperty) if str(s).startswith(str(KZJP)))
    assert f"{n_classes} classes" in page and f"{n_objprops} object properties" in page
    # hierarchy: Visit is listed under Event, with its own subclasses
    entry = page[page.index('id="Visit"'):page.index("</section>", page.index('id="Visit"'))]
    assert 'href="#Event"' in entry and 'href="#OfficialVisit"' in entry


def test_examples_count_the_graphs_uses(built: Path) -> None:
    store = ox.Store()
    store.bulk_load(path=str(built / "dumps" / "kzjp-kg.nq"), format=ox.RdfFormat.N_QUADS)
    g = ontology()
    found = usage_of_store(store, terms(g), ONTO_GRAPH)
    n_visits = int(next(iter(store.query(
        f"SELECT (COUNT(DISTINCT ?v) AS ?n) WHERE {{ GRAPH ?g {{ ?v a <{KZJP.Visit}> }} FILTER(?g != <{ONTO_GRAPH}>) }}")))["n"].value)
    assert found.counts[str(KZJP.Visit)] == n_visits >= 5
    n_visitor = len(list(store.query(f"SELECT DISTINCT ?s ?o WHERE {{ ?s <{KZJP.visitor}> ?o }}",
                                     use_default_graph_as_union=True)))
    assert found.counts[str(KZJP.visitor)] == n_visitor
    assert len(found.examples[str(KZJP.visitor)]) == 3
    page = render_html(g, found)
    entry = page[page.index('id="visitor"'):page.index("</section>", page.index('id="visitor"'))]
    assert f"{n_visitor} uses in the graph" in entry and "Nazarbayev" in entry


def test_diagram_follows_the_ontology() -> None:
    g = ontology()
    model = diagram_model(g)
    svg = ET.fromstring(render_diagram(g))
    boxes = [a for a in svg.iter(SVG + "a") if a.get("class") == "od-class"]
    assert {a.get("data-iri") for a in boxes} == {str(c) for c in model.nodes}
    relations = [p for p in svg.iter(SVG + "path") if p.get("class") == "od-relation"]
    assert len(relations) == sum(1 for e in model.edges if not e.subclass)
    names = {str(p).rsplit("#", 1)[-1] for e in model.edges for p in e.properties}
    assert {"visitor", "holder", "statedIn"} & names >= {"visitor", "holder"}
    # a new class with a new property between it and Person appears in the picture: drawn from the graph
    g.add((KZJP.Delegation, RDF.type, OWL.Class))
    g.add((KZJP.Delegation, RDFS.label, Literal("delegation", lang="en")))
    g.add((KZJP.delegationMember, RDF.type, OWL.ObjectProperty))
    g.add((KZJP.delegationMember, RDFS.domain, KZJP.Delegation))
    g.add((KZJP.delegationMember, RDFS.range, KZJP.Person))
    model2 = diagram_model(g)
    assert KZJP.Delegation in model2.nodes
    assert any(e.source == KZJP.Delegation and e.target == KZJP.Person and KZJP.delegationMember in e.properties
               for e in model2.edges)
    assert 'data-iri="https://w3id.org/kzjp-kg/ontology#Delegation"' in render_diagram(g)


def test_build_writes_the_docs(built: Path) -> None:
    page = (built / "docs" / "ontology.html").read_text(encoding="utf-8")
    svg = (built / "docs" / "ontology.svg").read_text(encoding="utf-8")
    assert 'id="Visit"' in page and "uses in the graph" in page and "<svg" in page
    root = ET.fromstring(svg.split("\n", 1)[1])
    assert root.tag == SVG + "svg" and int(root.get("data-classes")) > 20


def test_module_cli_writes_both_files(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "kzjp_kg.ontodoc", str(tmp_path)], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "ontology.html").stat().st_size > 10_000 and (tmp_path / "ontology.svg").exists()
    bad = subprocess.run([sys.executable, "-m", "kzjp_kg.ontodoc", str(tmp_path), "--build-dir", str(tmp_path / "x")],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "Run `kzjp-kg build" in bad.stderr
