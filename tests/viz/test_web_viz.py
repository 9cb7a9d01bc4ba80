"""The endpoint serves the pictures and the ontology page, drawn from the store it serves, by the same queries."""

from __future__ import annotations

import json
import urllib.parse
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kzjp_kg.viz.network import network_query
from kzjp_kg.viz.timeline import timeline_query
from tests.web.conftest import start_server, stop_server

pytestmark = pytest.mark.slow
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def srv(built: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp("viz-server")
    s = start_server(tmp, "--build-dir", str(built), "--store", str(tmp / "store"), "--no-build", "--workers", "1")
    yield s
    stop_server(s)


def rows_of(srv, query: str) -> int:  # type: ignore[no-untyped-def]
    status, _, body = srv.post("/sparql", query.encode(), {"Content-Type": "application/sparql-query",
                                                           "Accept": "application/sparql-results+json"})
    assert status == 200, body[:300]
    return len(json.loads(body)["results"]["bindings"])


def test_timeline_marks_equal_the_endpoints_rows(srv) -> None:  # type: ignore[no-untyped-def]
    n = rows_of(srv, timeline_query())
    status, headers, body = srv.get("/viz/timeline.svg")
    assert status == 200 and headers["content-type"].startswith("image/svg+xml")
    assert int(headers["x-kzjp-rows"]) == n and int(headers["x-kzjp-marks"]) == n > 10
    root = ET.fromstring(body)
    uses = sum(len(list(g.iter(SVG + "use"))) for g in root.iter(SVG + "g") if g.get("id", "").startswith("marks-"))
    assert uses == n
    status, headers, body = srv.get("/viz/timeline.png")
    assert status == 200 and body[:8] == b"\x89PNG\r\n\x1a\n" and headers["content-type"] == "image/png"
    status, _, body = srv.get("/viz/timeline", {"Accept": "text/html"})
    assert status == 200 and f"{n} marks drawn from the {n} rows".encode() in body and b"<svg" in body


def test_network_arrows_equal_the_endpoints_rows(srv) -> None:  # type: ignore[no-untyped-def]
    n = rows_of(srv, network_query())
    status, headers, body = srv.get("/viz/network.svg")
    assert status == 200 and int(headers["x-kzjp-marks"]) == n > 20
    ids = [g.get("id") for g in ET.fromstring(body).iter(SVG + "g") if (g.get("id") or "").startswith("edge-")]
    assert len(ids) == n
    status, _, body = srv.get("/viz/network", {"Accept": "text/html"})
    page = body.decode()
    assert status == 200 and page.count('<path class="edge"') == n
    assert 'href="/page/resource/nazarbayev"' in page  # nodes open their pages on this endpoint


def test_unknown_picture_is_a_clear_404(srv) -> None:  # type: ignore[no-untyped-def]
    status, _, body = srv.get("/viz/nothing.svg")
    assert status == 404 and b"/viz/timeline.svg" in body
    assert srv.alive()


def test_ontology_page_is_ontodoc_from_the_store(srv) -> None:  # type: ignore[no-untyped-def]
    status, _, body = srv.get("/page/ontology", {"Accept": "text/html"})
    page = body.decode()
    assert status == 200
    assert 'id="Visit"' in page and "Тұлғаның басқа мемлекетке сапары." in page and "A person&#x27;s trip" in page
    assert 'class="od-class"' in page  # the diagram
    n = rows_of(srv, "SELECT DISTINCT ?v WHERE { GRAPH ?g { ?v a <https://w3id.org/kzjp-kg/ontology#Visit> } "
                     "FILTER(?g != <https://w3id.org/kzjp-kg/graph/ontology>) }")
    entry = page[page.index('id="Visit"'):page.index("</section>", page.index('id="Visit"'))]
    assert f"{n} uses in the graph" in entry and 'href="/page/resource/' in entry
    # the Turtle by content negotiation is unchanged
    status, headers, _ = srv.get("/ontology", {"Accept": "text/turtle"})
    assert status == 303 and headers["location"].endswith("/data/ontology.ttl")
    status, _, body = srv.get("/data/ontology.ttl")
    assert status == 200 and b"owl:Class" in body
    assert urllib.parse.quote("x") == "x"
