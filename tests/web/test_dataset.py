"""Which dataset a query sees: the default union, the Protocol's parameters, the query's own FROM / FROM NAMED,
and ``inference=none`` — each checked by counting triples against the same graph named with GRAPH."""

from __future__ import annotations

import json
import urllib.parse

G = "https://w3id.org/kzjp-kg/graph/"
ACCEPT = {"Accept": "application/sparql-results+json", "Cache-Control": "no-cache"}


def count(server, query: str, **params: str) -> int:  # type: ignore[no-untyped-def]
    status, _, body = server.get("/sparql?" + urllib.parse.urlencode({"query": query, **params}), ACCEPT)
    assert status == 200, body[:300]
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_from_describes_the_default_graph(server) -> None:
    inferred = count(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{G}inferred> {{ ?s ?p ?o }} }}")
    union = count(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert 0 < inferred < union
    assert count(server, f"SELECT (COUNT(*) AS ?n) FROM <{G}inferred> WHERE {{ ?s ?p ?o }}") == inferred
    facts = count(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{G}facts> {{ ?s ?p ?o }} }}")
    both = count(server, f"SELECT (COUNT(*) AS ?n) FROM <{G}inferred> FROM <{G}facts> WHERE {{ ?s ?p ?o }}")
    assert max(inferred, facts) <= both <= inferred + facts


def test_from_named_alone_leaves_the_default_graph_empty(server) -> None:
    assert count(server, f"SELECT (COUNT(*) AS ?n) FROM NAMED <{G}facts> WHERE {{ ?s ?p ?o }}") == 0
    named = count(server, f"SELECT (COUNT(*) AS ?n) FROM NAMED <{G}facts> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}")
    assert named == count(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{G}facts> {{ ?s ?p ?o }} }}")


def test_protocol_parameters_take_precedence_over_from(server) -> None:
    facts = count(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{G}facts> {{ ?s ?p ?o }} }}")
    got = count(server, f"SELECT (COUNT(*) AS ?n) FROM <{G}inferred> WHERE {{ ?s ?p ?o }}",
                **{"default-graph-uri": G + "facts"})
    assert got == facts


def test_inference_none_is_the_asserted_graphs(server) -> None:
    union = count(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    inferred = count(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{G}inferred> {{ ?s ?p ?o }} }}")
    asserted = count(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", inference="none")
    assert asserted < union and asserted >= union - inferred
