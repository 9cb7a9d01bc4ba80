"""The actors' network is drawn from its SPARQL query: one arrow per row, nodes from the rows' ends."""

from __future__ import annotations

import re

import pyoxigraph as ox

from kzjp_kg.viz.data import select
from kzjp_kg.viz.network import build_network, draw_network, edges_on, network_html, network_rows

KZJP = "https://w3id.org/kzjp-kg/ontology#"
KZR = "https://w3id.org/kzjp-kg/resource/"


def test_arrows_equal_rows(store: ox.Store) -> None:
    rows = network_rows(store)
    assert len(rows) > 20
    fig, drawn = draw_network(rows)
    assert drawn == len(rows) == edges_on(fig)
    g = build_network(rows)
    assert g.number_of_edges() == len(rows)
    assert set(g.nodes) == {r["source"] for r in rows} | {r["target"] for r in rows}
    # every visit with a visitor and a host state is an arrow of the picture
    visits = select(store, f"SELECT DISTINCT ?p ?s WHERE {{ ?v <{KZJP}visitor> ?p ; <{KZJP}hostState> ?s }}")
    assert visits and all(g.has_edge(v["p"], v["s"], key="visited") for v in visits)


def test_a_new_meeting_adds_one_arrow(store: ox.Store) -> None:
    before = network_rows(store)
    a, b = ox.NamedNode(KZR + "tokayev"), ox.NamedNode(KZR + "kishida")
    g = ox.NamedNode("https://w3id.org/kzjp-kg/graph/facts")
    typ = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    store.extend([ox.Quad(a, typ, ox.NamedNode(KZJP + "Person"), g), ox.Quad(b, typ, ox.NamedNode(KZJP + "Person"), g),
                  ox.Quad(a, ox.NamedNode(KZJP + "metWith"), b, g),
                  ox.Quad(b, ox.NamedNode(KZJP + "metWith"), a, g)])  # metWith is symmetric: the reasoner adds this
    after = network_rows(store)
    assert len(after) == len(before) + 1
    _, drawn = draw_network(after)
    assert drawn == len(before) + 1
    assert build_network(after).has_edge(KZR + "kishida", KZR + "tokayev", key="met")  # each pair drawn once


def test_interactive_page_is_self_contained_and_complete(store: ox.Store) -> None:
    rows = network_rows(store)
    page = network_html(rows, href=lambda iri: "/page/" + iri.rsplit("/", 1)[-1])
    assert page.count('<path class="edge"') == len(rows)
    assert page.count('class="node"') == build_network(rows).number_of_nodes()
    assert 'href="/page/nazarbayev"' in page and "Нұрсұлтан Назарбаев" in page
    assert not re.search(r"""(src|href)=["']https?://""", page), "the page must fetch nothing"
