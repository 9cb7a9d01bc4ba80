"""The answer cache: against the live server (headers, bodies, bypass, ETag) and as a unit (bounds, keys)."""

from __future__ import annotations

import json
import urllib.parse

import pytest

from kzjp_kg.web.cache import AnswerCache, cacheable
from kzjp_kg.web.policy import inspect_query

JSON_ACCEPT = {"Accept": "application/sparql-results+json"}
PFX = "PREFIX kzjp: <https://w3id.org/kzjp-kg/ontology#> "


def q(query: str, **extra: str) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": query, **extra})


def test_second_identical_query_is_a_hit_with_the_same_bytes(server) -> None:
    path = q(PFX + "SELECT ?v WHERE { ?v a kzjp:Visit } # cache test 1")
    s1, h1, b1 = server.get(path, JSON_ACCEPT)
    s2, h2, b2 = server.get(path, JSON_ACCEPT)
    assert (s1, s2) == (200, 200)
    assert h1["kzjp-cache"] == "miss" and h2["kzjp-cache"] == "hit; replay"  # byte-identical: replayed up front
    assert b1 == b2 and h1["content-type"] == h2["content-type"]
    assert json.loads(b2)["results"]["bindings"]
    assert h1["etag"] == h2["etag"]


def test_post_and_get_share_the_answer(server) -> None:
    text = PFX + "SELECT ?v WHERE { ?v a kzjp:Visit } # cache test shared"
    s1, _, b1 = server.get(q(text), JSON_ACCEPT)
    s2, h2, b2 = server.post("/sparql", text.encode(), {**JSON_ACCEPT, "Content-Type": "application/sparql-query"})
    assert (s1, s2) == (200, 200) and h2["kzjp-cache"] == "hit" and b1 == b2


def test_replay_needs_the_same_bytes_and_host(server) -> None:
    text = PFX + "SELECT ?v WHERE { ?v a kzjp:Visit } # cache test replay"
    form = urllib.parse.urlencode({"query": text}).encode()
    post = {**JSON_ACCEPT, "Content-Type": "application/x-www-form-urlencoded"}
    _, h1, b1 = server.post("/sparql", form, post)
    _, h2, b2 = server.post("/sparql", form, post)
    assert h1["kzjp-cache"] == "miss" and h2["kzjp-cache"] == "hit; replay" and b1 == b2
    # another Host is another base IRI for the query: not a replay (the answer cache, keyed by base, decides)
    _, h3, _ = server.post("/sparql", form, {**post, "Host": "example.org"})
    assert h3["kzjp-cache"] == "miss"


def test_each_format_is_its_own_entry(server) -> None:
    path = q(PFX + "SELECT ?v WHERE { ?v a kzjp:Visit } # cache test 2")
    _, hj, _ = server.get(path, JSON_ACCEPT)
    _, hc, bc = server.get(path, {"Accept": "text/csv"})
    assert hj["kzjp-cache"] == "miss" and hc["kzjp-cache"] == "miss"
    assert hc["content-type"].startswith("text/csv") and bc.startswith(b"v\r\n")
    _, hc2, bc2 = server.get(path, {"Accept": "text/csv"})
    assert hc2["kzjp-cache"].startswith("hit") and bc2 == bc


def test_dataset_parameters_are_part_of_the_key(server) -> None:
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } # cache test 3"
    _, h_all, b_all = server.get(q(text), JSON_ACCEPT)
    _, h_asserted, b_asserted = server.get(q(text, inference="none"), JSON_ACCEPT)
    assert h_all["kzjp-cache"] == "miss" and h_asserted["kzjp-cache"] == "miss"
    n_all = int(json.loads(b_all)["results"]["bindings"][0]["n"]["value"])
    n_asserted = int(json.loads(b_asserted)["results"]["bindings"][0]["n"]["value"])
    assert n_all > n_asserted  # the inferred graph is in the default union only


@pytest.mark.parametrize("fn", ["NOW()", "RAND()", "UUID()", "STRUUID()"])
def test_volatile_functions_are_never_cached(server, fn: str) -> None:
    path = q(f"SELECT (({fn}) AS ?x) WHERE {{}}")
    for _ in range(2):
        status, headers, _ = server.get(path, JSON_ACCEPT)
        assert status == 200 and headers["kzjp-cache"] == "not-cacheable"


def test_volatile_name_inside_a_literal_does_not_count(server) -> None:
    path = q('SELECT ?x WHERE { BIND("RAND()" AS ?x) } # cache test 4')
    server.get(path, JSON_ACCEPT)
    _, headers, body = server.get(path, JSON_ACCEPT)
    assert headers["kzjp-cache"].startswith("hit") and b"RAND()" in body


def test_cache_control_no_cache_asks_the_store(server) -> None:
    path = q(PFX + "SELECT ?v WHERE { ?v a kzjp:Visit } # cache test 5")
    _, _, b1 = server.get(path, JSON_ACCEPT)
    _, headers, b2 = server.get(path, {**JSON_ACCEPT, "Cache-Control": "no-cache"})
    assert headers["kzjp-cache"] == "bypass" and b1 == b2


def test_if_none_match_gets_304_without_a_body(server) -> None:
    path = q(PFX + "ASK { ?v a kzjp:Visit } # cache test 6")
    _, h1, _ = server.get(path, JSON_ACCEPT)
    status, h2, body = server.get(path, {**JSON_ACCEPT, "If-None-Match": h1["etag"]})
    assert status == 304 and body == b"" and h2["etag"] == h1["etag"]
    status, _, body = server.get(path, {**JSON_ACCEPT, "If-None-Match": '"something-else"'})
    assert status == 200 and b"true" in body


def test_errors_are_not_cached(server) -> None:
    path = q("SELECT ?x WHERE { ?x ?y } # cache test 7")
    for _ in range(2):
        status, headers, body = server.get(path, JSON_ACCEPT)
        assert status == 400 and b"line 1" in body and "kzjp-cache" not in headers


def test_service_description_advertises_the_cache(server) -> None:
    status, _, body = server.get("/sparql", {"Accept": "text/turtle"})
    assert status == 200 and b"answerCacheBytes" in body and str(64 * 1024 * 1024).encode() in body


def test_cache_off_by_option(tmp_path, server_factory) -> None:
    start, stop = server_factory
    from tests.web.conftest import MINI

    srv = start(tmp_path, "--data", str(MINI), "--store", str(tmp_path / "store"), "--build-dir",
                str(tmp_path / "build"), "--workers", "1", "--cache-mb", "0")
    try:
        path = q("ASK { ?s ?p ?o }")
        for _ in range(2):
            status, headers, _ = srv.get(path, JSON_ACCEPT)
            assert status == 200 and headers["kzjp-cache"] == "off" and "etag" not in headers
    finally:
        stop(srv)


# --- units -----------------------------------------------------------------------------------------------------


def test_lru_is_bounded_by_bytes_and_entries() -> None:
    cache = AnswerCache(max_bytes=1000, max_entries=3)
    for i in range(5):
        cache.put(f"k{i}", "select", "application/json", b"x" * 100, 1, False, 0.0)
    assert cache.stats()["entries"] == 3 and cache.get("k0") is None and cache.get("k4") is not None
    cache.get("k2")  # k2 is now the most recent: k3 goes first
    cache.put("k5", "select", "application/json", b"x" * 100, 1, False, 0.0)
    assert cache.get("k3") is None and cache.get("k2") is not None
    cache.put("big", "select", "application/json", b"y" * 600, 1, False, 0.0)  # over a quarter of the budget
    assert cache.get("big") is None
    cache.put("k6", "select", "application/json", b"z" * 240, 1, False, 0.0)
    cache.put("k7", "select", "application/json", b"z" * 240, 1, False, 0.0)
    cache.put("k8", "select", "application/json", b"z" * 240, 1, False, 0.0)
    cache.put("k9", "select", "application/json", b"z" * 240, 1, False, 0.0)
    assert cache.stats()["bytes"] <= 1000


def test_keys_depend_on_generation_and_every_part() -> None:
    a, b = AnswerCache(generation="build-1"), AnswerCache(generation="build-2")
    assert a.key("ASK {}", "json") != b.key("ASK {}", "json")
    assert a.key("ASK {}", "json") != a.key("ASK {}", "xml")
    assert a.key("ASK {}", None, ["g"]) != a.key("ASK {}", ["g"], None)
    assert a.key("ASK {}", "json") == AnswerCache(generation="build-1").key("ASK {}", "json")


def test_cacheable_decision_from_the_query_scan() -> None:
    assert cacheable(inspect_query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").functions, [])
    assert not cacheable(inspect_query("SELECT (now() AS ?n) WHERE {}").functions, [])
    assert not cacheable(inspect_query("SELECT * WHERE { BIND(BNODE () AS ?b) }").functions, [])
    found = inspect_query("SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }")
    assert not cacheable(found.functions, found.services)
    assert cacheable(inspect_query('SELECT * WHERE { ?s ?p "now()" }').functions, [])


def _wsgi_counter(status: str = "200 OK", mark: str = "miss"):  # type: ignore[no-untyped-def]
    """A WSGI app answering with its call count and the body it read, marked as the answer cache would."""
    calls = {"n": 0}

    def app(environ, start_response):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        start_response(status, [("Content-Type", "text/plain"), ("KZJP-Cache", mark)])
        return [f"call {calls['n']} ".encode() + body]

    return app, calls


def _environ(method: str = "GET", body: bytes = b"", **extra: str) -> dict:
    import io

    return {"REQUEST_METHOD": method, "PATH_INFO": "/sparql", "QUERY_STRING": "query=ASK{}", "HTTP_HOST": "h",
            "wsgi.url_scheme": "http", "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body), **extra}


def _call(front, environ):  # type: ignore[no-untyped-def]
    seen = {}

    def start_response(status, headers, exc_info=None):  # type: ignore[no-untyped-def]
        seen["status"], seen["headers"] = status, dict(headers)

    body = b"".join(front(environ, start_response))
    return seen["status"], seen["headers"], body


def test_front_cache_replays_only_what_the_app_marked() -> None:
    from kzjp_kg.web.frontcache import FrontCache

    app, calls = _wsgi_counter()
    front = FrontCache(app, max_bytes=1 << 20, max_body=100)
    assert _call(front, _environ())[2] == b"call 1 "
    status, headers, body = _call(front, _environ())
    assert (status, headers["KZJP-Cache"], body, calls["n"]) == ("200 OK", "hit; replay", b"call 1 ", 1)
    _call(front, _environ(HTTP_ACCEPT="text/csv"))  # another Accept: the app again
    assert calls["n"] == 2
    _call(front, _environ(HTTP_CACHE_CONTROL="no-cache"))
    _call(front, _environ(HTTP_IF_NONE_MATCH='"x"'))
    assert calls["n"] == 4
    # POST bodies are part of the key, and the app still reads the body after the cache read it
    assert _call(front, _environ("POST", b"query=1"))[2] == b"call 5 query=1"
    assert _call(front, _environ("POST", b"query=1"))[2] == b"call 5 query=1"
    assert _call(front, _environ("POST", b"query=2"))[2] == b"call 6 query=2"
    # a body over max_body is not read up front and never replayed
    big = b"q" * 101
    assert _call(front, _environ("POST", big))[2] == b"call 7 " + big
    assert _call(front, _environ("POST", big))[2] == b"call 8 " + big


@pytest.mark.parametrize(("status", "mark"), [("200 OK", "not-cacheable"), ("200 OK", "bypass"),
                                              ("400 Bad Request", "miss"), ("503 Service Unavailable", "miss")])
def test_front_cache_never_replays_errors_or_unmarked_answers(status: str, mark: str) -> None:
    from kzjp_kg.web.frontcache import FrontCache

    app, calls = _wsgi_counter(status, mark)
    front = FrontCache(app, max_bytes=1 << 20)
    _call(front, _environ())
    _call(front, _environ())
    assert calls["n"] == 2
