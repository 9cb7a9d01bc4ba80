"""``kzjp-kg serve`` on the project's own build (the session's ``built`` folder): the store is loaded from the
build's N-Quads, every example query of the UI/README answers with rows, and entity pages open in kk and en."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from kzjp_kg import digest
from kzjp_kg.web.cli import build_is_stale
from kzjp_kg.web.ui import examples

pytestmark = pytest.mark.slow
BROWSER = {"Accept": "text/html"}


@pytest.fixture(scope="module")
def real_server(built: Path, tmp_path_factory: pytest.TempPathFactory, server_factory):  # type: ignore[no-untyped-def]
    start, stop = server_factory
    tmp = tmp_path_factory.mktemp("real")
    srv = start(tmp, "--build-dir", str(built), "--store", str(tmp / "store"), "--no-build")
    yield srv
    stop(srv)


def test_examples_answer_on_the_project_graph(real_server) -> None:  # type: ignore[no-untyped-def]
    found = examples()
    assert found
    for ex in found:
        status, _, body = real_server.post("/sparql", ex.text.encode(), {
            "Content-Type": "application/sparql-query",
            "Accept": "application/sparql-results+json, application/n-triples;q=0.9"})
        assert status == 200, (ex.name, body[:300])
        if body.startswith(b"{"):
            assert json.loads(body)["results"]["bindings"], f"{ex.name} returns no rows on the project graph"
        else:
            assert body.strip(), f"{ex.name} returns no triples on the project graph"


def test_pages_of_the_project_graph(real_server) -> None:  # type: ignore[no-untyped-def]
    for lang, title in (("kk", "Жапония"), ("en", "Japan")):
        status, _, body = real_server.get(f"/page/resource/japan?lang={lang}", BROWSER)
        assert status == 200 and f'<h1 id="title">{title}</h1>' in body.decode()
    status, _, body = real_server.get("/page/ontology", BROWSER)
    assert status == 200 and b"kzjp:Visit" in body


def test_build_is_stale(tmp_path: Path) -> None:
    """By content (kzjp_kg.digest), not by mtimes: a touched but unchanged file is current, a changed one stale."""
    root, build = tmp_path / "root", tmp_path / "build"
    (root / "graph").mkdir(parents=True)
    (root / "graph" / "a.ttl").write_text("")
    assert build_is_stale(build, root)  # no manifest
    build.mkdir()
    (build / "manifest.json").write_text("{}")
    assert build_is_stale(build, root)  # a manifest without the inputs' digest
    (build / "manifest.json").write_text(json.dumps({digest.MANIFEST_KEY: digest.current_digest(root)}))
    assert not build_is_stale(build, root)
    later = time.time() + 5
    os.utime(root / "graph" / "a.ttl", (later, later))
    assert not build_is_stale(build, root)  # touched, same content
    (root / "graph" / "a.ttl").write_text("# changed\n")
    assert build_is_stale(build, root)  # an input changed after the build


def test_data_quality_page_and_reports_are_served(real_server, built: Path) -> None:  # type: ignore[no-untyped-def]
    status, headers, body = real_server.get("/quality", BROWSER)
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert b"<html lang=" in body and b'href="/browse"' in body  # a site page (base.html), not the build's file
    assert "Кавагучи".encode() in body or b"Kawaguchi" in body
    status, _, report = real_server.get("/reports/data-quality.html", BROWSER)  # the build's own report, unchanged
    assert status == 200 and report == (built / "reports" / "data-quality.html").read_bytes()
    status, headers, body = real_server.get("/reports/validation.ttl")
    assert status == 200 and headers["content-type"].startswith("text/turtle") and b"sh:ValidationReport" in body
    status, _, page = real_server.get("/", BROWSER)
    assert b'href="/quality"' in page


def test_the_sources_page_shows_every_conflict_with_its_sources(real_server) -> None:  # type: ignore[no-untyped-def]
    status, headers, body = real_server.get("/sources", headers=BROWSER)
    assert status == 200 and {k.lower(): v for k, v in headers.items()}["content-type"].startswith("text/html")
    page = body.decode("utf-8")
    data = json.loads(real_server.get("/reports/sources.json")[2])
    assert len(data["conflicts"]) >= 10
    for conflict in data["conflicts"]:  # every conflict of the report is on the page, linked to its resource
        assert conflict["label"].replace("\"", "&#34;").replace("'", "&#39;") in page
        assert f'href="/resource/{conflict["iri"].rsplit("/", 1)[-1]}"' in page
    block = page.split("Conflicting dates of the 2008 visit", 1)[1].split("</section>", 1)[0]
    assert 'href="/source/secondary-facts/F015"' in block and "official" in block and "kzs:s008" in block
