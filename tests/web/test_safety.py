"""Attacks and mistakes against the live server: each gets its status code, and the server still answers after.

A canary listener on 127.0.0.1 stands in for any host a request might try to make the server contact: it must
receive no connection at all.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest


class Canary:
    """A TCP listener on 127.0.0.1 counting the connections it receives."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.hits = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.hits += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


@pytest.fixture
def canary() -> Iterator[Canary]:
    c = Canary()
    yield c
    time.sleep(0.3)  # give a (wrongly) delayed connection the chance to show up
    c.close()
    assert c.hits == 0, f"the canary received {c.hits} connection(s): the server contacted a URL it must not"


def _q(query: str) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": query})


def test_service_to_canary_refused(server, canary: Canary) -> None:
    for query in (f"SELECT * WHERE {{ SERVICE <{canary.url}> {{ ?s ?p ?o }} }}",
                  f"SELECT * WHERE {{ SERVICE SILENT <{canary.url}> {{ ?s ?p ?o }} }}",
                  f"PREFIX c: <http://127.0.0.1:{canary.port}/> SELECT * WHERE {{ SERVICE c:sparql {{ ?s ?p ?o }} }}",
                  f"SELECT * WHERE {{ BIND(<{canary.url}> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}"):
        status, _, body = server.get(_q(query))
        assert status == 403, body
        assert b"SERVICE" in body
    assert server.alive()


def test_service_to_metadata_refused(server) -> None:
    status, _, body = server.get(_q("SELECT * WHERE { SERVICE <http://169.254.169.254/latest/> { ?s ?p ?o } }"))
    assert status == 403 and b"metadata" in body
    assert server.alive()


def test_from_remote_refused(server, canary: Canary) -> None:
    for query in (f"SELECT * FROM <{canary.url}> WHERE {{ ?s ?p ?o }}",
                  f"SELECT * FROM NAMED <{canary.url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"):
        status, _, body = server.get(_q(query))
        assert status == 403 and b"never" in body, body
    status, _, _ = server.get(_q("ASK FROM <https://w3id.org/kzjp-kg/graph/facts> { ?s ?p ?o }"))
    assert status == 200  # FROM naming a graph of the store is fine
    assert server.alive()


def test_load_refused(server, canary: Canary) -> None:
    status, _, body = server.post("/sparql", urllib.parse.urlencode({"update": f"LOAD <{canary.url}>"}).encode(),
                                  {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403 and b"read-only" in body
    status, _, _ = server.post("/sparql", f"LOAD <{canary.url}>".encode(),
                               {"Content-Type": "application/sparql-update"})
    assert status == 403
    status, _, _ = server.get(_q(f"LOAD <{canary.url}> INTO GRAPH <urn:x>"))
    assert status == 403
    assert server.alive()


def test_rdf_payloads_are_never_parsed(server, canary: Canary) -> None:
    """The endpoint reads no RDF from clients: entity expansion or a remote JSON-LD context get 415, unread."""
    laughs = ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)) +
        ']><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="urn:x">'
        "<rdf:value>&i;</rdf:value></rdf:Description></rdf:RDF>")
    context = f"http://127.0.0.1:{canary.port}/context.jsonld"
    jsonld = json.dumps({"@context": context, "@id": "urn:x", "name": "x"})
    for body, ctype in ((laughs, "application/rdf+xml"), (jsonld, "application/ld+json")):
        status, _, text = server.post("/sparql", body.encode(), {"Content-Type": ctype})
        assert status == 415, text
        status, _, _ = server.post("/sparql?graph=urn:x", body.encode(), {"Content-Type": ctype})
        assert status == 415
    assert server.alive()


@pytest.mark.slow
def test_query_that_never_ends_is_stopped(server) -> None:
    never = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
    started = time.monotonic()
    status, headers, body = server.get(_q(never), timeout=60)
    took = time.monotonic() - started
    assert status == 503, body
    assert b"2 s limit" in body and "retry-after" in headers
    assert took < 10
    # both workers must come back: run more queries than workers, in parallel
    with ThreadPoolExecutor(4) as ex:
        assert all(ex.map(lambda _: server.alive(), range(8)))


def test_body_of_50_mb_gets_413_naming_the_limit(server) -> None:
    body = b"ASK {}" + b" " * (50 * 1024 * 1024)
    status, _, text = server.post("/sparql", body, {"Content-Type": "application/sparql-query"}, timeout=120)
    assert status == 413
    assert str(64 * 1024).encode() in text
    assert b"KZJP_MAX_BODY" in text  # a setting that exists: serve --max-body sets it (kzjp_kg.web.body_limit)
    assert server.alive()


def test_the_body_limit_setting_exists() -> None:
    import kzjp_kg.web as web

    assert "KZJP_MAX_BODY" in web.DEFAULTS and "KZJP_MAX_BODY" in (web.__doc__ or "")
    assert web.body_limit({"KZJP_MAX_BODY": 10}) == 10
    assert web.body_limit({"MAX_CONTENT_LENGTH": 20}) == 20  # Flask's own name still works
    assert web.body_limit({}) == 1024 * 1024


def test_invalid_utf8(server) -> None:
    status, _, text = server.post("/sparql", b"SELECT * WHERE { ?s ?p \"\xff\xfe\" }",
                                  {"Content-Type": "application/sparql-query"})
    assert status == 400 and b"UTF-8" in text
    status, _, text = server.get("/sparql?query=ASK%20%7B%20%22%FF%22%20%7D")
    assert status == 400 and b"UTF-8" in text
    status, _, text = server.post("/sparql", b"query=ASK%20%7B%22%C3%28%22%7D",
                                  {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 400
    assert server.alive()


def test_user_mistakes_are_never_500(server) -> None:
    cases = [
        ("GET", "/sparql?query=SELECT", None, {}),
        ("GET", "/sparql?query=ASK%7B%7D&query=ASK%7B%7D", None, {}),
        ("GET", "/sparql?query=ASK%7B%7D&format=png", None, {}),
        ("GET", "/sparql?query=ASK%7B%7D&inference=maybe", None, {}),
        ("POST", "/sparql", b"ASK {}", {"Content-Type": "text/plain"}),
        ("POST", "/sparql", b"ASK {}", {"Content-Type": "application/sparql-query; charset=latin-1"}),
        ("GET", "/sparql?query=" + urllib.parse.quote("SELECT * WHERE { ?s ?p ?o FILTER(?o > ) }"), None, {}),
        ("GET", "/page/resource/does-not-exist", None, {}),
        ("GET", "/data/resource/japan.png", None, {}),
    ]
    for method, path, body, headers in cases:
        status, _, text = server.post(path, body, headers) if method == "POST" else server.get(path, headers)
        assert 400 <= status < 500, (path, status, text[:200])
    assert server.alive()


@pytest.mark.slow
def test_200_concurrent_requests(server) -> None:
    queries = ["ASK { ?s ?p ?o }", "SELECT ?s WHERE { ?s a ?t } LIMIT 5",
               "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"]

    def one(i: int) -> int:
        return server.get(_q(queries[i % 3]), {"Accept": "application/sparql-results+json"}, timeout=60)[0]

    with ThreadPoolExecutor(200) as ex:
        statuses = list(ex.map(one, range(200)))
    assert statuses.count(200) == 200, {s: statuses.count(s) for s in set(statuses)}
    assert server.alive()
