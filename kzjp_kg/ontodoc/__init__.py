"""Ontology documentation generated from the ontology files: one HTML page and one SVG diagram.

Why generated: the ontology's labels, definitions (Kazakh and English), hierarchy and domains already live in
``ontology/*.ttl``; a hand-written page would drift from them. The page gives every term an anchor named after
its local name, so the term IRI ``https://w3id.org/kzjp-kg/ontology#Visit`` lands on its entry when the page is
served at the ontology IRI. Examples of use come from the data graph, found by SPARQL (:mod:`.usage`), so the
build and the endpoint show the uses of the graph they publish.

Public API: :func:`render_html`, :func:`render_diagram`, :func:`write_docs` (the build writes
``build/docs/ontology.html`` and ``ontology.svg`` with it; the endpoint serves the same page at ``/ontology``);
``python -m kzjp_kg.ontodoc OUT_DIR [--build-dir BUILD]`` writes the two files from the ontology files.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kzjp_kg.ontodoc.diagram import diagram_model, render_diagram
from kzjp_kg.ontodoc.html import render_html
from kzjp_kg.ontodoc.terms import terms
from kzjp_kg.ontodoc.usage import Usage, usage, usage_of_store

__all__ = ["Usage", "diagram_model", "render_diagram", "render_html", "usage", "usage_of_store", "write_docs"]


def write_docs(ontology: Graph, out: Path, *, store: ox.Store | None = None,
               ontology_graph: str | None = None) -> list[Path]:
    """Write ``out/ontology.html`` and ``out/ontology.svg``; examples of use from ``store`` when given.

    ``ontology_graph`` names the store's graph holding the ontology (its triples are not counted as uses).
    """
    out.mkdir(parents=True, exist_ok=True)
    svg = render_diagram(ontology, href="ontology.html#")
    found = usage_of_store(store, terms(ontology), ontology_graph or str(ontology.identifier)) if store else None
    page = render_html(ontology, found, diagram=render_diagram(ontology),
                       nav='<p><a href="ontology.svg">diagram (SVG)</a> · '
                           '<a href="../dumps/ontology.ttl">Turtle</a></p>')
    html_path, svg_path = out / "ontology.html", out / "ontology.svg"
    html_path.write_text(page, encoding="utf-8")
    svg_path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n", encoding="utf-8")
    return [html_path, svg_path]
