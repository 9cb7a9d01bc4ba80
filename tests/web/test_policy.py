"""The URL policy and the query scanner as unit tests: decisions only, no traffic (no socket, no DNS)."""

from __future__ import annotations

import socket

import pytest

from kzjp_kg.web.policy import inspect_query, is_allowed_url

WIKIDATA = "https://query.wikidata.org/sparql"


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection or name lookup attempted by the policy fails the test."""
    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError(f"the URL policy touched the network: {args!r}")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.mark.parametrize(("url", "why"), [
    ("http://169.254.169.254/latest/meta-data/", "metadata"),
    ("http://[fd00:ec2::254]/latest/", "metadata"),
    ("http://metadata.google.internal/computeMetadata/v1/", "metadata"),
    ("http://169.254.1.1/x", "link-local"),
    ("http://[fe80::1]/x", "link-local"),
    ("http://10.0.0.5/sparql", "private"),
    ("http://192.168.1.1/sparql", "private"),
    ("http://172.16.3.4/sparql", "private"),
    ("http://[fc00::1]/sparql", "private"),
    ("http://0.0.0.0/sparql", "private"),
    ("http://127.0.0.1:8890/sparql", "loopback"),
    ("http://[::1]/sparql", "loopback"),
    ("http://[::ffff:127.0.0.1]/sparql", "loopback"),
    ("http://localhost/sparql", "local"),
    ("http://db.internal/sparql", "internal"),
    ("file:///etc/passwd", "scheme"),
    ("ftp://query.wikidata.org/sparql", "scheme"),
    ("gopher://query.wikidata.org/", "scheme"),
    ("https://example.org/sparql", "allow-list"),
    ("https://query.wikidata.org.evil.example/sparql", "allow-list"),
])
def test_refused(url: str, why: str) -> None:
    decision = is_allowed_url(url, [WIKIDATA, url] if why != "allow-list" else [WIKIDATA])
    assert not decision.allowed
    assert why in decision.reason


def test_metadata_refused_even_when_allow_listed() -> None:
    url = "http://169.254.169.254/latest/meta-data/"
    assert not is_allowed_url(url, [url], allow_loopback=["169.254.169.254:80"]).allowed


def test_allowed() -> None:
    assert is_allowed_url(WIKIDATA, [WIKIDATA]).allowed
    assert is_allowed_url("https://QUERY.wikidata.org/sparql#x", [WIKIDATA]).allowed
    assert is_allowed_url("http://127.0.0.1:9999/sparql", ["http://127.0.0.1:9999/sparql"],
                          allow_loopback=["127.0.0.1:9999"]).allowed
    assert not is_allowed_url("http://127.0.0.1:9998/sparql", ["http://127.0.0.1:9998/sparql"],
                              allow_loopback=["127.0.0.1:9999"]).allowed


def test_scanner_finds_service_from_and_update() -> None:
    text = """BASE <http://base.example/>
    PREFIX wd: <http://www.wikidata.org/entity/>   # a comment with SERVICE <http://nope/>
    PREFIX x: <http://e.example/ns#>
    SELECT * FROM <rel> FROM NAMED x:g WHERE {
      ?s ?p "SERVICE <http://in-a-string/>" .
      SERVICE SILENT x:endpoint { ?s ?p ?o }
      OPTIONAL { service ?var { ?a ?b ?c } }
      ?s <http://e.example/ns#service> ?o
    }"""
    found = inspect_query(text)
    assert found.form == "SELECT" and not found.is_update
    assert found.services == ["http://e.example/ns#endpoint", None]
    assert found.from_graphs == ["http://base.example/rel", "http://e.example/ns#g"]
    assert inspect_query("PREFIX a: <x:> LOAD <http://127.0.0.1/x>").is_update
    assert inspect_query("# SELECT\nINSERT DATA { <a:b> <a:c> <a:d> }").form == "INSERT"
