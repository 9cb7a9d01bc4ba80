"""The polite client against a real HTTP endpoint on loopback: User-Agent, pacing, backoff, cache, clear errors."""

from __future__ import annotations

import itertools
import socket
import time
from pathlib import Path

import pytest

from kzjp_kg.link.client import USER_AGENT, EndpointError, SparqlClient
from tests.link.endpoint import SparqlServer

ASK = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"


def test_sends_its_user_agent_and_keeps_its_distance(wikidata: SparqlServer) -> None:
    c = SparqlClient(wikidata.url, min_interval=0.3, cache_dir=None)
    for i in range(3):
        c.select(f"SELECT ?s WHERE {{ ?s ?p ?o }} LIMIT {i + 1}")
    times = [r["t"] for r in wikidata.requests]
    assert all(r["ua"] == USER_AGENT and "kzjp-kg" in str(r["ua"]) for r in wikidata.requests)
    assert all(b - a >= 0.28 for a, b in itertools.pairwise(times)), times
    assert wikidata.requests[0]["accept"] == "application/sparql-results+json"


def test_backs_off_on_429_and_503_honouring_retry_after(wikidata: SparqlServer) -> None:
    wikidata.fail_next = [(429, {"Retry-After": "1"}), (503, {})]
    c = SparqlClient(wikidata.url, min_interval=0, backoff=0.2, retries=3, cache_dir=None)
    t = time.monotonic()
    rows = c.select(ASK)
    assert rows and c.requests_sent == 3
    assert time.monotonic() - t >= 1.0  # waited as Retry-After asked, then backed off


def test_gives_up_after_its_retries_with_a_clear_message(wikidata: SparqlServer) -> None:
    wikidata.fail_next = [(503, {})] * 3
    c = SparqlClient(wikidata.url, min_interval=0, backoff=0.05, retries=2, cache_dir=None)
    with pytest.raises(EndpointError, match="503"):
        c.select(ASK)
    assert c.requests_sent == 3


def test_a_bad_query_is_not_retried(wikidata: SparqlServer) -> None:
    c = SparqlClient(wikidata.url, min_interval=0, retries=3, cache_dir=None)
    with pytest.raises(EndpointError, match=r"refused.*HTTP 400"):
        c.select("SELEC nonsense")
    assert c.requests_sent == 1


def test_answers_are_cached_on_disk(wikidata: SparqlServer, tmp_path: Path) -> None:
    c = SparqlClient(wikidata.url, min_interval=0, cache_dir=tmp_path)
    first = c.select(ASK)
    again = SparqlClient(wikidata.url, min_interval=0, cache_dir=tmp_path)
    assert again.select(ASK) == first and again.requests_sent == 0 and again.cache_hits == 1
    assert len(list(tmp_path.glob("*.json"))) == 1


def test_an_unreachable_endpoint_fails_cleanly() -> None:
    with socket.socket() as s:  # a loopback port with nobody listening
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    c = SparqlClient(f"http://127.0.0.1:{port}/sparql", min_interval=0, backoff=0.01, retries=1, cache_dir=None)
    with pytest.raises(EndpointError, match=r"cannot reach the SPARQL endpoint after 2 tries.*Nothing was written"):
        c.select(ASK)
