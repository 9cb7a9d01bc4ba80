"""Linked Data against the live server: 303 by Accept, entity pages in several languages, ontology, VoID, dumps."""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

import rdflib

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
KZR = "https://w3id.org/kzjp-kg/resource/"


def test_resource_303_to_page_for_browsers(server) -> None:
    status, headers, _ = server.get("/resource/nazarbayev?lang=kk", BROWSER)
    assert status == 303 and headers["location"].endswith("/page/resource/nazarbayev?lang=kk")


def test_resource_303_to_data_for_rdf_clients(server) -> None:
    for accept, ext, fmt in (("text/turtle", ".ttl", "turtle"), ("application/ld+json", ".jsonld", "json-ld")):
        status, headers, _ = server.get("/resource/japan", {"Accept": accept})
        assert status == 303 and headers["location"].endswith("/data/resource/japan" + ext)
        status, headers, body = server.get(urllib.parse.urlsplit(headers["location"]).path, {"Accept": accept})
        assert status == 200 and headers["content-type"].startswith(accept)
        g = rdflib.Graph().parse(data=body, format=fmt)
        assert (rdflib.URIRef(KZR + "japan"), rdflib.RDF.type,
                rdflib.URIRef("https://w3id.org/kzjp-kg/ontology#State")) in g


def test_entity_page_in_kazakh_and_english(server) -> None:
    status, _, body = server.get("/page/resource/nazarbayev?lang=kk", BROWSER)
    page = body.decode()
    assert status == 200
    assert '<h1 id="title">Нұрсұлтан Назарбаев</h1>' in page
    for label in ("Nursultan Nazarbayev", "Нурсултан Назарбаев", "ヌルスルタン・ナザルバエフ", "Nursultan Nazarbaev"):
        assert label in page  # every language's label is listed
    assert "шығарылған" in page  # the inferred fact participatedIn is marked, in Kazakh
    assert "https://www.wikidata.org/wiki/Q57523" in page
    _, _, body = server.get("/page/resource/japan?lang=kk-Latn", BROWSER)
    assert '<h1 id="title">Japonııa</h1>' in body.decode()  # the transliterated label, tag matched case-insensitively
    _, _, body = server.get("/page/resource/nazarbayev?lang=en", BROWSER)
    page = body.decode()
    assert '<h1 id="title">Nursultan Nazarbayev</h1>' in page
    assert 'class="inferred"' in page and ">inferred<" in page
    # the visit is linked; its sentence is quoted on the visit's page, not again under every fact that links it
    assert 'href="/page/resource/visit-2008-06-nazarbayev-japan"' in page
    assert page.count("2008 жылдың 19-20 маусымы") <= 1


def test_types_link_to_their_class_pages(server) -> None:
    """An entity's types open the class's browse page (its instances, faceted), not the ontology's term entry."""
    _, _, body = server.get("/page/resource/japan?lang=en", BROWSER)
    types = body.decode().split('<p class="types">', 1)[1].split("</p>", 1)[0]
    assert '<a class="type" href="/browse/State">' in types

def test_visit_page_quotes_its_sentence_and_shows_incoming(server) -> None:
    _, _, body = server.get("/page/resource/visit-2008-06-nazarbayev-japan?lang=en", BROWSER)
    page = body.decode()
    assert '<blockquote lang="kk" cite="https://w3id.org/kzjp-kg/source/article-kk/s008">' in page
    assert "Incoming links" in page and 'href="/page/resource/nazarbayev"' in page


def test_unknown_entity_404(server) -> None:
    status, headers, body = server.get("/page/resource/no-such-thing", BROWSER)
    assert status == 404 and headers["content-type"].startswith("text/html") and b"/search" in body
    status, headers, _ = server.get("/page/resource/no-such-thing", {"Accept": "text/turtle"})
    assert status == 404 and headers["content-type"].startswith("text/plain")


def test_ontology_page_and_turtle(server) -> None:
    status, headers, _ = server.get("/ontology", BROWSER)
    assert status == 303 and headers["location"].endswith("/page/ontology")
    _, _, body = server.get("/page/ontology", BROWSER)
    page = body.decode()
    assert "Бір мемлекет өкілінің екінші мемлекетке баруы." in page and "A representative of one state" in page
    status, headers, _ = server.get("/ontology", {"Accept": "text/turtle"})
    assert status == 303
    status, _, body = server.get("/data/ontology.ttl")
    g = rdflib.Graph().parse(data=body, format="turtle")
    assert (rdflib.URIRef("https://w3id.org/kzjp-kg/ontology#Visit"), rdflib.RDF.type, rdflib.OWL.Class) in g


def test_void(server) -> None:
    status, _, body = server.get("/void", {"Accept": "text/turtle"})
    assert status == 200
    g = rdflib.Graph().parse(data=body, format="turtle")
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    ds = rdflib.URIRef("https://w3id.org/kzjp-kg/void")
    assert (ds, void.sparqlEndpoint, rdflib.URIRef(server.url + "/sparql")) in g
    assert (ds, void.dataDump, rdflib.URIRef(server.url + "/dumps/kzjp-kg.trig")) in g
    subsets = {int(g.value(s, void.triples)) for s in g.objects(ds, void.subset)}
    assert sum(subsets) > 0 and int(g.value(ds, void.triples)) >= max(subsets)


def test_dumps(server) -> None:
    _, _, body = server.get("/dumps", BROWSER)
    assert b'href="/dumps/kzjp-kg.trig"' in body
    status, _, body = server.get("/dumps/kzjp-kg.trig")
    assert status == 200 and len(rdflib.Dataset().parse(data=body, format="trig")) > 0
    status, _, _ = server.get("/dumps/..%2Fstore")
    assert status == 404


def test_search_every_script(server) -> None:
    for q, iri in (("жапон", "japan"), ("japonııa", "japan"), ("JAPAN", "japan"), ("Япония", "japan"),
                   ("日本", "japan"), ("назарбаев", "nazarbayev")):
        status, _, body = server.get("/search?" + urllib.parse.urlencode({"q": q, "format": "json"}))
        assert status == 200
        assert KZR + iri in {r["iri"] for r in json.loads(body)}, q
    _, _, body = server.get("/search?q=%22%7D%20DROP", BROWSER)  # quotes and braces are escaped, not injected
    assert b"No label contains" in body


def test_ui_lists_examples_and_limits(server) -> None:
    _, _, body = server.get("/", BROWSER)
    page = body.decode()
    assert "Visits between Kazakhstan and Japan" in page
    assert "2.0 s" in page and "50 rows" in page


def test_named_graph_iri_dereferences(server) -> None:
    status, headers, _ = server.get("/graph/inferred", BROWSER)
    assert status == 303 and headers["location"].endswith("/page/graph/inferred")
    status, _, body = server.get("/page/graph/inferred", BROWSER)
    assert status == 200 and b"3 triples" in body


def test_sentence_iri_dereferences(server) -> None:
    status, headers, _ = server.get("/source/article-kk/s008", BROWSER)
    assert status == 303 and headers["location"].endswith("/page/source/article-kk/s008")
    _, _, body = server.get("/page/source/article-kk/s008", BROWSER)
    assert "2008 жылдың 19-20 маусымы" in body.decode()


def test_restart_reuses_the_store(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from kzjp_kg.web.cli import ensure_store

    data = tmp_path / "g.trig"
    data.write_bytes((Path(__file__).parent / "data" / "kzjp-mini.trig").read_bytes())
    assert ensure_store(data, tmp_path / "store", data) is True
    marker = tmp_path / "store" / "kzjp-loaded-from.sha256"
    before = marker.stat().st_mtime_ns
    assert ensure_store(data, tmp_path / "store", data) is False  # unchanged: not reloaded
    assert marker.stat().st_mtime_ns == before
    data.write_bytes(data.read_bytes() + b"\n# changed\n")
    assert ensure_store(data, tmp_path / "store", data) is True  # changed build: loaded afresh


def test_reports_missing_from_the_build_say_what_to_do(server) -> None:  # type: ignore[no-untyped-def]
    status, _, body = server.get("/quality", {"Accept": "text/plain"})
    assert status == 404 and b"kzjp-kg build" in body and b"/reports/data-quality.html" in body
    status, _, _ = server.get("/reports/..%2Fdumps%2Fkzjp-kg.trig", {"Accept": "text/plain"})
    assert status == 404
    assert server.alive()
