"""``kzjp-kg serve --store-url``: the endpoint in front of Virtuoso keeps its limits, allow-list and pages.

Two real servers, each ``kzjp-kg serve`` in a subprocess on 127.0.0.1, asked with a real HTTP client: one over the
embedded store (the build's N-Quads), one over a throw-away Virtuoso into which ``kzjp-kg publish`` loaded the
same build. The README's example queries must give the same answers through both (compared as in
test_virtuoso.py: values, not spellings). The Virtuoso here stops queries itself after a few seconds
(``MaxQueryExecutionTime``), so the time-limit test cannot leave it computing for long.
"""

from __future__ import annotations

import json
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kzjp_kg.publish import publish
from kzjp_kg.store.base import QueryTimeout
from kzjp_kg.store.remote import RemoteStore
from tests.web.conftest import LiveServer, start_server, stop_server

from .conftest import running_virtuoso
from .test_virtuoso import KNOWN_PATH_DUPLICATES, KNOWN_VIRTUOSO_LIMITS, answers, example_queries, norm

#: One Virtuoso serves these modules: run them on one xdist worker, so no test's slow query (which Virtuoso keeps
#: computing after our timeout) starves another test's query (make test runs pytest with --dist loadgroup).
pytestmark = pytest.mark.xdist_group("virtuoso")

TIMEOUT = 3.0  # the endpoint's limit per query, seconds (counting the union of the project graphs over Virtuoso takes seconds while it still runs an earlier test's slow query, which it keeps computing after our timeout)
VIRTUOSO_LIMIT = 6  # Virtuoso's own MaxQueryExecutionTime, seconds
ROW_CAP = 5000  # below the examples' sizes, above nothing they return; the whole dataset has tens of thousands of quads
JSON = {"Accept": "application/sparql-results+json"}
ANY = {"Accept": "application/sparql-results+json, application/n-triples;q=0.9"}
#: three unconstrained patterns over the source graph: about 2·10⁹ rows to count, far past any limit here
SLOW = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/kzjp-kg/graph/source> "
        "{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } }")


@pytest.fixture(scope="module")
def vserver() -> Iterator[object]:
    with running_virtuoso(max_query_seconds=VIRTUOSO_LIMIT) as server:
        yield server


@pytest.fixture(scope="module")
def both(vserver, built: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, LiveServer]]:
    """(embedded, remote): the same build served from pyoxigraph and from Virtuoso, with the same limits."""
    writer = RemoteStore(vserver.update_url, gsp_url=vserver.gsp_url, auth=vserver.auth)
    publish(built / "dumps", writer, quiet=True)
    limits = ["--timeout", str(TIMEOUT), "--row-cap", str(ROW_CAP), "--max-body", str(64 * 1024), "--workers", "2",
              "--cache-mb", "0"]
    tmp = tmp_path_factory.mktemp("serve-embedded")
    embedded = start_server(tmp, "--data", str(built / "dumps" / "kzjp-kg.nq"), "--store", str(tmp / "store"),
                            "--build-dir", str(built), *limits)
    try:
        remote = start_server(tmp_path_factory.mktemp("serve-remote"), "--store-url", vserver.query_url,
                              "--build-dir", str(built), *limits)
    except BaseException:
        stop_server(embedded)
        raise
    try:
        yield embedded, remote
    finally:
        stop_server(remote)
        stop_server(embedded)


def _ask(server: LiveServer, sparql: str, headers: dict[str, str] | None = None, timeout: float = 30):  # type: ignore[no-untyped-def]
    return server.get("/sparql?" + urllib.parse.urlencode({"query": sparql}), headers or JSON, timeout)


def _parsed(headers: dict[str, str], body: bytes) -> object:
    if headers["content-type"].startswith("application/n-triples"):
        return answers(iter(ox.parse(body, ox.RdfFormat.N_TRIPLES)))
    return answers(ox.parse_query_results(body, ox.QueryResultsFormat.JSON))


@pytest.mark.slow
@pytest.mark.parametrize("query_file", example_queries(), ids=lambda p: p.stem)
def test_same_answers_through_both_endpoints(both, query_file: Path) -> None:
    embedded, remote = both
    sparql = query_file.read_text(encoding="utf-8")
    status, headers, body = _ask(embedded, sparql, ANY)
    assert status == 200, body[:300]
    assert "kzjp-result-truncated" not in headers  # compared whole, or the comparison proves nothing
    r_status, r_headers, r_body = _ask(remote, sparql, ANY)
    if query_file.stem in KNOWN_VIRTUOSO_LIMITS:
        assert r_status == 400 and KNOWN_VIRTUOSO_LIMITS[query_file.stem] in r_body.decode(), r_body[:300]
        return
    assert r_status == 200, r_body[:300]
    assert "kzjp-result-truncated" not in r_headers
    local, there = _parsed(headers, body), _parsed(r_headers, r_body)
    if query_file.stem in KNOWN_PATH_DUPLICATES and isinstance(there, list) and len(there) > len(local):
        assert sorted(set(there)) == local  # see test_virtuoso.py: Virtuoso repeats "+" path ends per graph
        return
    assert there == local, f"{query_file.name}: kzjp-kg over Virtuoso and over the embedded store disagree"


@pytest.mark.slow
def test_row_cap_holds_and_says_so(both) -> None:
    embedded, remote = both
    for server in (embedded, remote):
        # LIMIT above the cap: the cap still cuts, and Virtuoso need not enumerate every quad of the union
        status, headers, body = _ask(server, f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {ROW_CAP + 1000}")
        assert status == 200
        assert headers["kzjp-result-truncated"] == f"true; limit={ROW_CAP}"
        doc = json.loads(body)
        assert len(doc["results"]["bindings"]) == ROW_CAP
        assert doc["head"]["link"]  # the answer itself says it was cut
        status, headers, body = _ask(server, f"CONSTRUCT WHERE {{ ?s ?p ?o }} LIMIT {ROW_CAP + 1000}",
                                     {"Accept": "application/n-triples"})
        assert status == 200 and headers["kzjp-result-truncated"].startswith("true")
        assert len(list(ox.parse(body, ox.RdfFormat.N_TRIPLES))) == ROW_CAP


@pytest.mark.slow
def test_time_limit_answers_503_and_the_server_goes_on(both) -> None:
    _, remote = both
    started = time.monotonic()
    status, headers, body = _ask(remote, SLOW)
    took = time.monotonic() - started
    assert status == 503, body[:300]
    assert headers.get("retry-after") and f"{TIMEOUT:g} s limit".encode() in body
    assert took < TIMEOUT + 2.5, f"answered after {took:.1f} s; the limit is {TIMEOUT} s"
    status, _, body = _ask(remote, "ASK { ?s a <https://w3id.org/kzjp-kg/ontology#Visit> }")
    assert status == 200 and json.loads(body)["boolean"] is True


@pytest.mark.slow
def test_policy_is_checked_before_anything_is_forwarded(both) -> None:
    _, remote = both
    status, _, body = _ask(remote, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert status == 403 and b"SERVICE" in body
    status, _, body = _ask(remote, "SELECT * WHERE { SERVICE ?x { ?s ?p ?o } }")
    assert status == 403
    status, _, body = remote.post("/sparql", b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                                  {"Content-Type": "application/sparql-update"})
    assert status == 403
    status, _, body = _ask(remote, "SELECT * FROM <http://example.org/elsewhere> WHERE { ?s ?p ?o }")
    assert status == 403 and b"FROM" in body
    big = urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o } # " + "x" * 70_000}).encode()
    status, _, _ = remote.post("/sparql", big, {"Content-Type": "application/x-www-form-urlencoded", **JSON})
    assert status == 413
    status, _, body = _ask(remote, "SELECT * WHERE {\n  ?s ?p }")
    assert status == 400 and b"line 2, column" in body


@pytest.mark.slow
def test_dataset_parameters_and_from_keep_their_meaning(both) -> None:
    embedded, remote = both
    inferred = "https://w3id.org/kzjp-kg/graph/inferred"
    for sparql, extra in (
        ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {"inference": "none"}),
        ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {"default-graph-uri": inferred}),
        ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", {"named-graph-uri": inferred}),
        ("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", {}),
    ):
        path = "/sparql?" + urllib.parse.urlencode({"query": sparql, **extra})
        got = []
        for server in (embedded, remote):
            for _attempt in range(3):  # bounded: Virtuoso ends an earlier test's abandoned slow query within its limit
                status, _, body = server.get(path, JSON)
                if status != 503:
                    break
                time.sleep(VIRTUOSO_LIMIT)
            assert status == 200, body[:300]
            got.append(int(json.loads(body)["results"]["bindings"][0]["n"]["value"]))
        assert got[0] == got[1] > 0, (sparql, extra, got)
    # A query's own FROM chooses its dataset (SPARQL 1.1 §13.2) when the request names no graphs. (The embedded
    # endpoint answers this over the union, ignoring FROM: pyoxigraph's use_default_graph_as_union overrides it.)
    counts = []
    for sparql, extra in ((f"SELECT (COUNT(*) AS ?n) FROM <{inferred}> WHERE {{ ?s ?p ?o }}", {}),
                          ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {"default-graph-uri": inferred}),
                          ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {})):
        status, _, body = remote.get("/sparql?" + urllib.parse.urlencode({"query": sparql, **extra}), JSON)
        assert status == 200, body[:300]
        counts.append(int(json.loads(body)["results"]["bindings"][0]["n"]["value"]))
    assert counts[0] == counts[1] < counts[2], counts


@pytest.mark.slow
def test_entity_pages_and_data_are_the_same(both) -> None:
    _, remote = both
    for name in ("japan", "nazarbayev"):
        status, headers, _ = remote.get(f"/resource/{name}", {"Accept": "text/html"})
        assert status == 303 and headers["location"].endswith(f"/page/resource/{name}")
        pages = [s.get(f"/page/resource/{name}", {"Accept": "text/html", "Accept-Language": "kk"}) for s in both]
        assert [p[0] for p in pages] == [200, 200]
        assert b"<title>" in pages[1][2] and pages[0][2].split(b"<title>")[1][:80] == pages[1][2].split(b"<title>")[1][:80]
        data = [s.get(f"/data/resource/{name}.ttl", {"Accept": "text/turtle"}) for s in both]
        assert [d[0] for d in data] == [200, 200]
        triples = [sorted(tuple(norm(x) for x in (t.subject, t.predicate, t.object))
                          for t in ox.parse(d[2], ox.RdfFormat.TURTLE)) for d in data]
        assert triples[0] and triples[0] == triples[1]
    assert remote.get("/page/resource/no-such-thing", {"Accept": "text/html"})[0] == 404


def test_server_stopping_a_query_is_a_timeout_not_an_answer(vserver) -> None:
    """Virtuoso's own limit: an error (SR171) or, when a client asks for it, an "anytime" partial answer that
    looks complete (header X-SQL-State: S1TAT). Both are a timeout for the remote store, never rows."""
    reader = RemoteStore(vserver.query_url, timeout=60)
    with pytest.raises(QueryTimeout, match="time limit"):
        reader.select(SLOW)
    with pytest.raises(QueryTimeout, match="partial"):
        reader.open_query(SLOW.replace("COUNT(*)", "COUNT(?a)"), params=[("timeout", "500")]).close()
