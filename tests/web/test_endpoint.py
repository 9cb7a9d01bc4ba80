"""The SPARQL endpoint against a live server, with real clients: SPARQLWrapper, rdflib's SPARQLStore, raw HTTP."""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.parse
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from kzjp_kg.web.ui import examples

KZR = "https://w3id.org/kzjp-kg/resource/"
MINI = Path(__file__).parent / "data" / "kzjp-mini.trig"
PFX = "PREFIX kzjp: <https://w3id.org/kzjp-kg/ontology#> PREFIX kzr: <https://w3id.org/kzjp-kg/resource/> "


def q(query: str, **extra: str) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": query, **extra})


def test_sparqlwrapper_select_json(server) -> None:
    sw = SPARQLWrapper(server.url + "/sparql")
    sw.setQuery(PFX + "SELECT ?v ?d WHERE { ?v a kzjp:Visit ; kzjp:startDate ?d }")
    sw.setReturnFormat(JSON)
    rows = sw.query().convert()["results"]["bindings"]
    assert [(r["v"]["value"], r["d"]["value"]) for r in rows] == [(KZR + "visit-2008-06-nazarbayev-japan",
                                                                   "2008-06-19")]
    assert rows[0]["d"]["datatype"] == "http://www.w3.org/2001/XMLSchema#date"


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_ask_xml_and_csv(server, method: str) -> None:
    sw = SPARQLWrapper(server.url + "/sparql")
    sw.setMethod(method)
    sw.setQuery(PFX + "ASK { kzr:japan a kzjp:State }")
    sw.setReturnFormat(XML)
    assert sw.query().convert().getElementsByTagName("boolean")[0].firstChild.data == "true"
    sw.setQuery(PFX + "SELECT ?l WHERE { kzr:japan rdfs:label ?l FILTER(LANG(?l) = 'ja') }".replace(
        "rdfs:", "<http://www.w3.org/2000/01/rdf-schema#").replace("#label", "#label>"))
    sw.setReturnFormat(CSV)
    table = list(csv.reader(io.StringIO(sw.query().convert().decode())))
    assert table == [["l"], ["日本"]]


def test_sparqlwrapper_construct_turtle(server) -> None:
    sw = SPARQLWrapper(server.url + "/sparql")
    sw.setQuery(PFX + "CONSTRUCT { ?v kzjp:visitor ?p } WHERE { ?v kzjp:visitor ?p }")
    sw.setReturnFormat(TURTLE)
    g = rdflib.Graph().parse(data=sw.query().convert(), format="turtle")
    assert (rdflib.URIRef(KZR + "visit-2008-06-nazarbayev-japan"),
            rdflib.URIRef("https://w3id.org/kzjp-kg/ontology#visitor"), rdflib.URIRef(KZR + "nazarbayev")) in g


def test_sparqlwrapper_update_refused(server) -> None:
    sw = SPARQLWrapper(server.url + "/sparql")
    sw.setMethod("POST")
    sw.setQuery("INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }")
    with pytest.raises((SPARQLWrapperException, urllib.error.HTTPError)) as exc:
        sw.query()
    assert "403" in str(exc.value)
    assert server.alive()


def test_rdflib_sparqlstore(server) -> None:
    store = SPARQLStore(server.url + "/sparql", returnFormat="json")
    g = rdflib.Graph(store=store)
    rows = list(g.query(PFX + "SELECT ?l WHERE { kzr:nazarbayev <http://www.w3.org/2000/01/rdf-schema#label> ?l }"))
    langs = {r[0].language.lower() for r in rows}  # rdflib lower-cases language tags
    assert {"kk", "en", "ru", "ja", "kk-latn"} <= langs
    triples = list(g.triples((rdflib.URIRef(KZR + "japan"), rdflib.RDF.type, None)))
    assert triples == [(rdflib.URIRef(KZR + "japan"), rdflib.RDF.type,
                        rdflib.URIRef("https://w3id.org/kzjp-kg/ontology#State"))]
    assert g.query(PFX + "ASK { kzr:japan a kzjp:State }").askAnswer is True


@pytest.mark.parametrize(("accept", "media"), [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/csv;q=0.4, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    ("*/*", "application/sparql-results+json"),
])
def test_select_negotiation(server, accept: str, media: str) -> None:
    status, headers, _ = server.get(q("SELECT * WHERE { ?s ?p ?o } LIMIT 1"), {"Accept": accept})
    assert status == 200
    assert headers["content-type"].startswith(media)


@pytest.mark.parametrize(("accept", "fmt"), [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld"),
    ("application/rdf+xml", "xml"), ("application/trig", "trig"),
])
def test_construct_formats_parse(server, accept: str, fmt: str) -> None:
    status, headers, body = server.get(q(PFX + "CONSTRUCT WHERE { kzr:japan ?p ?o }"), {"Accept": accept})
    assert status == 200 and headers["content-type"].startswith(accept)
    g = rdflib.Dataset() if fmt == "trig" else rdflib.Graph()
    g.parse(data=body, format=fmt)
    assert len(g) >= 6


def test_format_parameter_overrides_accept(server) -> None:
    status, headers, body = server.get(q("ASK {}", format="xml"), {"Accept": "application/sparql-results+json"})
    assert status == 200 and headers["content-type"].startswith("application/sparql-results+xml")
    assert b"<boolean>true</boolean>" in body


def test_406_when_nothing_fits(server) -> None:
    status, _, body = server.get(q("SELECT * WHERE { ?s ?p ?o } LIMIT 1"), {"Accept": "image/png"})
    assert status == 406 and b"application/sparql-results+json" in body
    status, _, _ = server.get(q("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1"), {"Accept": "text/csv"})
    assert status == 406


def test_cors(server) -> None:
    _, headers, _ = server.get(q("ASK {}"), {"Origin": "http://example.org"})
    assert headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in headers
    import http.client

    conn = http.client.HTTPConnection(server.url.removeprefix("http://"), timeout=10)
    conn.request("OPTIONS", "/sparql", headers={"Origin": "http://example.org", "Access-Control-Request-Method": "POST",
                                                "Access-Control-Request-Headers": "content-type"})
    resp = conn.getresponse()
    assert resp.status == 204 and "POST" in resp.getheader("Access-Control-Allow-Methods", "")
    conn.close()


def test_default_graph_is_union_and_inference_none_hides_inferred(server) -> None:
    ask = PFX + "ASK { kzr:nazarbayev kzjp:participatedIn ?v }"
    _, _, body = server.get(q(ask), {"Accept": "application/sparql-results+json"})
    assert json.loads(body)["boolean"] is True
    _, _, body = server.get(q(ask, **{"inference": "none"}), {"Accept": "application/sparql-results+json"})
    assert json.loads(body)["boolean"] is False
    _, _, body = server.get(q(PFX + "ASK { kzr:japan a kzjp:State }", inference="none"),
                            {"Accept": "application/sparql-results+json"})
    assert json.loads(body)["boolean"] is True


def test_named_graph_protocol_parameters(server) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    _, _, body = server.get("/sparql?" + urllib.parse.urlencode(
        {"query": query, "default-graph-uri": "https://w3id.org/kzjp-kg/graph/wikidata"}),
        {"Accept": "application/sparql-results+json"})
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "3"


def test_row_cap_truncates_and_says_so(server) -> None:
    status, headers, body = server.get(q("SELECT * WHERE { ?s ?p ?o }"), {"Accept": "application/sparql-results+json"})
    assert status == 200
    data = json.loads(body)
    assert len(data["results"]["bindings"]) == 50
    assert headers["kzjp-result-truncated"].startswith("true")
    assert data["head"]["link"] == ["https://w3id.org/kzjp-kg/service#truncated"]
    _, headers, _ = server.get(q("SELECT * WHERE { ?s ?p ?o } LIMIT 3"))
    assert "kzjp-result-truncated" not in headers


def test_malformed_query_400_with_position(server) -> None:
    status, _, body = server.get(q("SELECT * WHERE {\n  ?s ?p \n}"))
    assert status == 400
    assert b"line 3, column" in body and b"expected" in body
    assert server.alive()


def test_service_description(server) -> None:
    status, headers, body = server.get("/sparql", {"Accept": "text/turtle"})
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    g = rdflib.Graph().parse(data=body, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    me = rdflib.URIRef(server.url + "/sparql")
    assert (me, sd.endpoint, me) in g
    sv = rdflib.Namespace("https://w3id.org/kzjp-kg/service#")
    assert float(g.value(me, sv.queryTimeout)) == 2.0
    assert int(g.value(me, sv.resultRowLimit)) == 50
    assert int(g.value(me, sv.requestBodyLimit)) == 64 * 1024
    names = {str(o) for o in g.objects(None, sd.name)}
    assert "https://w3id.org/kzjp-kg/graph/inferred" in names and "https://w3id.org/kzjp-kg/graph/facts" in names


def test_every_example_query_runs(server) -> None:
    found = examples()
    assert len(found) >= 5
    for ex in found:
        status, _, body = server.post("/sparql", ex.text.encode(), {"Content-Type": "application/sparql-query"})
        assert status == 200, f"{ex.name}: {body[:300]!r}"
        assert ex.title and ex.description, ex.name


@pytest.mark.slow
def test_service_reaches_an_allow_listed_endpoint(server, server_factory, tmp_path) -> None:
    """A second server allowed to federate with the first (a real SPARQL endpoint on loopback) gets its answer;
    the same SERVICE is refused by a server whose allow-list does not name it."""
    start, stop = server_factory
    target = server.url + "/sparql"
    port = server.url.rsplit(":", 1)[1]
    federating = start(tmp_path, "--data", str(MINI), "--store", str(tmp_path / "store"), "--build-dir",
                       str(tmp_path), "--workers", "1", "--service-allow", target,
                       "--service-loopback", f"127.0.0.1:{port}")
    try:
        query = (f"SELECT ?l WHERE {{ SERVICE <{target}> {{ <{KZR}japan> "
                 "<http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(LANG(?l) = 'ja') } }")
        status, _, body = federating.get(q(query), {"Accept": "application/sparql-results+json"})
        assert status == 200, body
        assert [b["l"]["value"] for b in json.loads(body)["results"]["bindings"]] == ["日本"]
        status, _, body = server.get(q(query))  # the first server's allow-list is Wikidata's only
        assert status == 403 and b"loopback" in body
    finally:
        stop(federating)


@pytest.mark.parametrize("fmt", ["xml", "csv", "tsv"])
def test_row_cap_in_every_results_format(server, fmt: str) -> None:
    status, headers, body = server.get(q("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", format=fmt))
    assert status == 200 and headers["kzjp-result-truncated"] == "true; limit=50"
    media = {"xml": ox.QueryResultsFormat.XML, "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
    if fmt == "csv":
        assert len(list(csv.reader(io.StringIO(body.decode())))) == 51
    else:
        assert len(list(ox.parse_query_results(body, media[fmt]))) == 50
    if fmt == "xml":
        assert b'<link href="https://w3id.org/kzjp-kg/service#truncated"/>' in body


def test_construct_cap(server) -> None:
    status, headers, body = server.get(q("CONSTRUCT WHERE { ?s ?p ?o }"), {"Accept": "application/n-triples"})
    assert status == 200 and headers["kzjp-result-truncated"] == "true; limit=50"
    assert len(rdflib.Graph().parse(data=body, format="nt")) == 50
