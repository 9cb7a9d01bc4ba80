"""The README's federated example against a stand-in for Wikidata's query service on loopback.

Why a stand-in: the machines cannot reach query.wikidata.org. A second ``kzjp-kg serve`` loaded with the
Wikidata-shaped snapshot (``graph/wikidata/snapshot.ttl``, Wikidata's own RDF model) answers the SERVICE part over
real HTTP; the project's server is told to allow exactly that loopback endpoint. The federated answer must equal
the offline variant the README gives (the same pattern over the snapshot's named graph in the build).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kzjp_kg import config

pytestmark = pytest.mark.slow
QUERY = config.ROOT / "docs" / "queries" / "federated-wikidata-positions.rq"
WIKIDATA = "https://query.wikidata.org/sparql"
SNAPSHOT_GRAPH = "https://w3id.org/kzjp-kg/graph/wikidata-snapshot"
ACCEPT = {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}


def _rows(server, text: str) -> list[tuple[str, ...]]:  # type: ignore[no-untyped-def]
    status, _, body = server.post("/sparql", text.encode(), ACCEPT)
    assert status == 200, body[:400]
    data = json.loads(body)
    names = data["head"]["vars"]
    return [tuple(b.get(v, {}).get("value", "") for v in names) for b in data["results"]["bindings"]]


@pytest.fixture(scope="module")
def pair(built: Path, tmp_path_factory: pytest.TempPathFactory, server_factory):  # type: ignore[no-untyped-def]
    start, stop = server_factory
    tmp = tmp_path_factory.mktemp("federated")
    (tmp / "wd").mkdir()
    (tmp / "kg").mkdir()
    standin = start(tmp / "wd", "--data", str(config.WIKIDATA_DIR / "snapshot.ttl"), "--store", str(tmp / "wd" / "s"),
                    "--build-dir", str(tmp / "wd" / "b"), "--workers", "1")
    endpoint = standin.url + "/sparql"
    hostport = standin.url.removeprefix("http://")
    try:
        ours = start(tmp / "kg", "--build-dir", str(built), "--store", str(tmp / "kg" / "s"), "--no-build",
                     "--workers", "2", "--service-allow", endpoint, "--service-loopback", hostport)
    except Exception:
        stop(standin)
        raise
    yield ours, endpoint
    stop(ours)
    stop(standin)


def test_federated_example_equals_its_offline_variant(pair) -> None:  # type: ignore[no-untyped-def]
    ours, endpoint = pair
    text = QUERY.read_text(encoding="utf-8")
    assert f"SERVICE <{WIKIDATA}>" in text
    federated = _rows(ours, text.replace(f"SERVICE <{WIKIDATA}>", f"SERVICE <{endpoint}>"))
    offline = _rows(ours, text.replace(f"SERVICE <{WIKIDATA}>", f"GRAPH <{SNAPSHOT_GRAPH}>"))
    assert federated, "the federated example returns no rows"
    assert federated == offline
    people = {row[0].rsplit("/", 1)[-1] for row in federated}
    assert {"koizumi", "nazarbayev"} <= people, people


def test_the_real_wikidata_endpoint_is_allowed_but_unreachable_here(pair) -> None:  # type: ignore[no-untyped-def]
    """The default allow-list is replaced in this server; Wikidata's endpoint is then refused before any
    connection is tried (403), and the server keeps answering."""
    ours, _ = pair
    status, _, body = ours.post("/sparql", QUERY.read_bytes(), ACCEPT)
    assert status == 403 and b"allow-list" in body
    assert ours.alive()
