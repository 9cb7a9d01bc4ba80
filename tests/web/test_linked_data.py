"""Linked Data hygiene against a live server: every IRI the site advertises dereferences, VoID adds up, JSON-LD has a
context, gzip round-trips, and a stock SPARQL client (SPARQLWrapper, its defaults) reads CONSTRUCT answers."""

from __future__ import annotations

import datetime
import gzip
import json
import re
import urllib.parse
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from kzjp_kg import config

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
TURTLE = {"Accept": "text/turtle"}
BASE = config.DEFAULT_BASE
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
MINI = Path(__file__).parent / "data" / "kzjp-mini.trig"
NS = config.Namespaces(BASE)
#: What the mini graph lacks and the full build has: the ontology's versionIRI, the article, a table source and its
#: row, a statement in the statements graph.
EXTRA = f"""
@prefix kzjp: <{NS.KZJP}> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<{NS.KZG.ontology}> {{ <{NS.ontology_iri}> owl:versionIRI <{NS.ontology_iri}/0.1.0> . }}
<{NS.KZG.source}> {{
  <{NS.article}> rdfs:label "Қазақстан–Жапония қатынастары"@kk .
  <{BASE}source/secondary-facts> rdfs:label "secondary facts"@en .
  <{BASE}source/secondary-facts/F001> a kzjp:SourceRow ; rdfs:label "row F001"@en .
}}
<{NS.KZG.statements}> {{ <{NS.KZST.s1}> rdfs:label "a statement"@en . }}
"""


def graph_of(body: bytes, fmt: str = "turtle") -> rdflib.Graph:
    return rdflib.Graph().parse(data=body, format=fmt)


def server_path(server, iri: str) -> str | None:  # type: ignore[no-untyped-def]
    """The path on the test server of an IRI it mints (under the base) or serves (under its URL); None if foreign."""
    for prefix in (BASE, server.url + "/"):
        if iri.startswith(prefix):
            return "/" + iri[len(prefix):].split("#")[0]
    return None


def dereference(server, path: str, headers: dict[str, str]) -> tuple[str, dict[str, str], bytes]:  # type: ignore[no-untyped-def]
    """Follow one 303 (an IRI naming a thing) or take a document's 200; assert the end is a 200."""
    status, got, body = server.get(path, headers)
    if status == 303:
        target = urllib.parse.urlsplit(got["location"])
        path = target.path + (f"?{target.query}" if target.query else "")
        status, got, body = server.get(path, headers)
    assert status == 200, (path, headers, status, body[:300])
    return path, got, body


def advertised(server) -> set[str]:  # type: ignore[no-untyped-def]
    """Every IRI in /void and the service description, the dump links, and the project's named graphs."""
    _, _, void = server.get("/void", TURTLE)
    _, _, sd = server.get("/sparql", TURTLE)
    _, _, dumps = server.get("/dumps", BROWSER)
    iris = {str(t) for g in (graph_of(void), graph_of(sd)) for triple in g for t in triple
            if isinstance(t, rdflib.URIRef)}
    iris |= {server.url + h for h in re.findall(r'href="(/dumps/[^"]+)"', dumps.decode())}
    graphs = {str(o) for o in graph_of(sd).objects(None, SD.name)}
    iris |= graphs | {str(NS.KZG[g]) for g in ("statements", "wikidata-projection", "wikidata-snapshot",
                                               "wikidata-supplied")}
    return iris


def check_dereferences(server, iris: set[str]) -> int:  # type: ignore[no-untyped-def]
    """Every local IRI gives a page to a browser and parsable Turtle to an RDF client; returns how many were ours."""
    checked = 0
    for iri in sorted(iris):
        path = server_path(server, iri)
        if path is None:
            continue
        checked += 1
        if path.startswith("/dumps/"):
            assert server.get(path)[0] == 200, iri
            continue
        final, headers, _ = dereference(server, path, BROWSER)
        if path != "/sparql":  # the service description is RDF only; the query UI is its page
            assert headers["content-type"].startswith("text/html"), (iri, final)
        final, headers, body = dereference(server, path, TURTLE)
        assert headers["content-type"].startswith("text/turtle"), (iri, final)
        graph_of(body)  # parses
    return checked


def test_every_advertised_iri_dereferences(server) -> None:  # type: ignore[no-untyped-def]
    iris = advertised(server)
    assert str(NS.KZG.inferred) in iris and str(NS.KZG.statements) in iris
    assert check_dereferences(server, iris) >= 15


def test_named_graph_data_is_its_triples(server) -> None:  # type: ignore[no-untyped-def]
    _, _, body = dereference(server, "/graph/inferred", TURTLE)
    assert len(graph_of(body)) == 3  # the mini graph's inferred triples, as its page says
    _, _, body = dereference(server, "/graph/wikidata-projection", TURTLE)  # minted, empty in this build
    assert len(graph_of(body)) == 0
    assert server.get("/graph/no-such-graph", TURTLE)[0] == 303
    assert server.get("/data/graph/no-such-graph.ttl", TURTLE)[0] == 404


def test_version_iri_article_rows_and_statements_dereference(server_factory, tmp_path) -> None:  # type: ignore[no-untyped-def]
    start, stop = server_factory
    data = tmp_path / "full.trig"
    data.write_text(MINI.read_text(encoding="utf-8") + EXTRA, encoding="utf-8")
    srv = start(tmp_path, "--data", str(data), "--store", str(tmp_path / "store"), "--build-dir",
                str(tmp_path / "build"), "--workers", "1")
    try:
        iris = {f"{NS.ontology_iri}/0.1.0", NS.ontology_iri, NS.article, f"{BASE}source/secondary-facts",
                f"{BASE}source/secondary-facts/F001", str(NS.KZST.s1), str(NS.KZG.statements)}
        assert check_dereferences(srv, iris) == len(iris)
        _, _, body = dereference(srv, "/ontology/0.1.0", TURTLE)
        assert (rdflib.URIRef(NS.ontology_iri), rdflib.OWL.versionIRI,
                rdflib.URIRef(NS.ontology_iri + "/0.1.0")) in graph_of(body)
        _, _, page = dereference(srv, "/ontology/0.1.0", BROWSER)
        assert "A representative of one state" in page.decode()
        assert srv.get("/ontology/0.2.0", BROWSER)[0] == 303
        assert srv.get("/page/ontology/0.2.0", BROWSER)[0] == 404  # a version this build does not declare
    finally:
        stop(srv)


def count(server, sparql: str) -> int:  # type: ignore[no-untyped-def]
    status, _, body = server.get("/sparql?" + urllib.parse.urlencode({"query": sparql}),
                                 {"Accept": "application/sparql-results+json"})
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_void_partitions_add_up(server) -> None:  # type: ignore[no-untyped-def]
    _, _, body = server.get("/void", TURTLE)
    g = graph_of(body)
    ds = rdflib.URIRef(BASE + "void")
    total = int(g.value(ds, VOID.triples))
    assert total == count(server, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    props = {g.value(p, VOID.property): int(g.value(p, VOID.triples)) for p in g.objects(ds, VOID.propertyPartition)}
    assert sum(props.values()) == total and props[rdflib.RDF.type] > 0
    classes = {g.value(c, VOID["class"]): int(g.value(c, VOID.entities)) for c in g.objects(ds, VOID.classPartition)}
    assert len(classes) >= 3
    for cls, n in classes.items():
        assert n == count(server, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH ?g {{ ?s a <{cls}> }} }}"), cls
    examples = set(g.objects(ds, VOID.exampleResource))
    assert rdflib.URIRef(NS.KZR["visit-2008-06-nazarbayev-japan"]) in examples
    assert rdflib.URIRef(NS.KZR.nazarbayev) in examples
    assert isinstance(g.value(ds, rdflib.DCTERMS.modified).toPython(), datetime.datetime)
    assert (ds, VOID.sparqlEndpoint, rdflib.URIRef(server.url + "/sparql")) in g


@pytest.mark.parametrize("path", ["/data/resource/japan", "/data/graph/ontology", "/void"])
def test_jsonld_has_a_context_and_the_same_triples(server, path) -> None:  # type: ignore[no-untyped-def]
    suffix = "" if path == "/void" else ".jsonld"
    _, headers, body = server.get(path + suffix, {"Accept": "application/ld+json"})
    assert headers["content-type"].startswith("application/ld+json")
    doc = json.loads(body)
    assert doc["@context"]["kzr"] == str(NS.KZR)
    assert re.search(r'"@id": "kz[a-z]+:', body.decode()), "IRIs are compacted"
    _, _, turtle = server.get(path + ("" if path == "/void" else ".ttl"), TURTLE)
    assert isomorphic(graph_of(body, "json-ld"), graph_of(turtle))


def test_sparql_construct_jsonld_has_a_context(server) -> None:  # type: ignore[no-untyped-def]
    q = urllib.parse.urlencode({"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s a ?o ; ?p ?o } LIMIT 20"})
    _, headers, body = server.get("/sparql?" + q, {"Accept": "application/ld+json"})
    assert headers["content-type"].startswith("application/ld+json")
    assert json.loads(body)["@context"]["kzjp"] == str(NS.KZJP)
    _, _, turtle = server.get("/sparql?" + q, TURTLE)
    assert isomorphic(graph_of(body, "json-ld"), graph_of(turtle))


@pytest.mark.parametrize("path,accept", [
    ("/page/resource/japan?lang=en", BROWSER["Accept"]), ("/void", "text/turtle"),
    ("/sparql?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 40"}), "text/csv"),
    ("/dumps/kzjp-kg.trig", "*/*")])
def test_gzip_round_trip(server, path, accept) -> None:  # type: ignore[no-untyped-def]
    _, plain_headers, plain = server.get(path, {"Accept": accept, "Accept-Encoding": "identity"})
    assert "content-encoding" not in plain_headers and len(plain) >= 1024
    assert "accept-encoding" in plain_headers["vary"].lower()
    for _ in range(2):  # the second /sparql answer is the response cache's replay: compressed all the same
        _, headers, packed = server.get(path, {"Accept": accept, "Accept-Encoding": "gzip, deflate"})
        assert headers["content-encoding"] == "gzip" and "accept-encoding" in headers["vary"].lower()
        assert gzip.decompress(packed) == plain and len(packed) < len(plain)
    _, headers, again = server.get(path, {"Accept": accept})
    assert "content-encoding" not in headers and again == plain


def test_void_page_for_browsers_turtle_for_programs(server) -> None:  # type: ignore[no-untyped-def]
    _, headers, page = server.get("/void", BROWSER)
    assert headers["content-type"].startswith("text/html")
    assert 'href="/page/graph/inferred"' in page.decode() and 'href="/page/resource/nazarbayev"' in page.decode()
    for accept in ("*/*", ""):
        _, headers, _ = server.get("/void", {"Accept": accept} if accept else {})
        assert headers["content-type"].startswith("text/turtle")
    _, headers, body = server.get("/void?format=ntriples", BROWSER)
    assert headers["content-type"].startswith("application/n-triples") and graph_of(body, "nt")


def test_small_or_refused_bodies_stay_plain(server) -> None:  # type: ignore[no-untyped-def]
    _, headers, body = server.get("/sparql?query=ASK%20%7B%7D", {"Accept": "application/sparql-results+json",
                                                                  "Accept-Encoding": "gzip"})
    assert "content-encoding" not in headers and b"boolean" in body
    _, headers, _ = server.get("/void", {"Accept": "text/turtle", "Accept-Encoding": "gzip;q=0, identity"})
    assert "content-encoding" not in headers


@pytest.mark.parametrize("fmt", ["XML", "RDFXML", "N3", "TURTLE", "JSONLD"])
def test_sparqlwrapper_defaults_read_a_construct(server, fmt) -> None:  # type: ignore[no-untyped-def]
    import SPARQLWrapper

    client = SPARQLWrapper.SPARQLWrapper(server.url + "/sparql")
    client.setQuery("CONSTRUCT { ?s ?p ?o } WHERE { ?s a ?o ; ?p ?o } LIMIT 20")
    client.setReturnFormat(getattr(SPARQLWrapper, fmt))
    result = client.query().convert()
    graph = result if isinstance(result, rdflib.Graph) else graph_of(result, "turtle")
    assert len(graph) > 0 and (None, rdflib.RDF.type, None) in graph


def test_bind_checks_iris_and_escapes_literals() -> None:
    import pyoxigraph as ox

    from kzjp_kg.web.lookup import bind

    q = "SELECT ?x WHERE { VALUES ?x { } $g ?p $text }"
    bound = bind(q, {"x": ["https://e.org/a", "https://e.org/b"], "g": "https://e.org/g",
                     "text": ox.Literal('"} DROP ALL #')})
    assert bound == ('SELECT ?x WHERE { VALUES ?x { <https://e.org/a> <https://e.org/b> } <https://e.org/g> ?p '
                     '"\\"} DROP ALL #" }')
    ox.Store().query(bound)  # still one well-formed query
    for bad in ("https://e.org/a> } DROP ALL { <x", "not an iri", "https://e.org/a b"):
        with pytest.raises(ValueError):
            bind(q, {"x": [], "g": bad, "text": ox.Literal("")})
    with pytest.raises(KeyError):
        bind(q, {"x": []})  # an unbound $name is an error, not a variable left open


def _wsgi(app, headers: dict[str, str]) -> tuple[str, dict[str, str], bytes]:  # type: ignore[no-untyped-def]
    seen: dict = {}

    def start_response(status, hdrs, exc_info=None):  # type: ignore[no-untyped-def]
        seen.update(status=status, headers={k.lower(): v for k, v in hdrs})

    env = {"REQUEST_METHOD": "GET", **{"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()}}
    body = b"".join(app(env, start_response))
    return seen["status"], seen["headers"], body


def test_gzip_streams_bodies_of_unknown_length_and_honours_q0() -> None:
    from kzjp_kg.web.compress import Gzip

    chunks = [b"<p>kazakhstan japan</p>\n" * 20] * 10  # no Content-Length: compressed as it streams

    def app(environ, start_response):  # type: ignore[no-untyped-def]
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"), ("ETag", '"v1"')])
        yield from chunks

    _, headers, body = _wsgi(Gzip(app), {"Accept-Encoding": "gzip"})
    assert headers["content-encoding"] == "gzip" and headers["etag"] == '"v1-gzip"'
    assert gzip.decompress(body) == b"".join(chunks)
    _, headers, body = _wsgi(Gzip(app), {"Accept-Encoding": "gzip;q=0, br"})
    assert "content-encoding" not in headers and body == b"".join(chunks) and headers["vary"] == "Accept-Encoding"

    def png(environ, start_response):  # type: ignore[no-untyped-def]
        start_response("200 OK", [("Content-Type", "image/png")])
        return [b"\x89PNG" + bytes(4096)]

    _, headers, _ = _wsgi(Gzip(png), {"Accept-Encoding": "gzip"})
    assert "content-encoding" not in headers and "vary" not in headers


def test_gzip_etag_revalidates() -> None:
    from kzjp_kg.web.compress import Gzip

    def app(environ, start_response):  # type: ignore[no-untyped-def]
        if environ.get("HTTP_IF_NONE_MATCH") == '"v1"':
            start_response("304 NOT MODIFIED", [("Content-Type", "text/turtle"), ("ETag", '"v1"')])
            return []
        start_response("200 OK", [("Content-Type", "text/turtle"), ("ETag", '"v1"'), ("Content-Length", "2048")])
        return [b"#" * 2048]

    status, headers, _ = _wsgi(Gzip(app), {"Accept-Encoding": "gzip", "If-None-Match": '"v1-gzip"'})
    assert status.startswith("304") and headers["etag"] == '"v1-gzip"'


def test_bind_never_rescans_what_it_put_in() -> None:
    from kzjp_kg.web.lookup import bind

    q = "SELECT * WHERE { VALUES ?x { } $a ?p $b }"
    bound = bind(q, {"x": ["https://e.org/$b"], "a": "https://e.org/$a", "b": "https://e.org/b"})
    assert bound == "SELECT * WHERE { VALUES ?x { <https://e.org/$b> } <https://e.org/$a> ?p <https://e.org/b> }"
