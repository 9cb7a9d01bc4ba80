"""The query page over HTTP (no browser): what it serves, the terms it completes, ``/sparql`` for browsers, the
favicon, and each example query's rows on the project's own build."""

from __future__ import annotations

import json
import re
import urllib.parse

import pytest

from kzjp_kg.web.ui import examples, prefers_html

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
R = "https://w3id.org/kzjp-kg/resource/"


def test_favicon(server) -> None:  # type: ignore[no-untyped-def]
    status, headers, body = server.get("/favicon.ico")
    assert status == 200 and headers["content-type"] == "image/x-icon" and body[:4] == b"\x00\x00\x01\x00"
    status, headers, body = server.get("/static/favicon.svg")
    assert status == 200 and b"<svg" in body


def test_terms_are_the_ontology_s_with_labels(server) -> None:  # type: ignore[no-untyped-def]
    status, headers, body = server.get("/ui/terms.json")
    assert status == 200 and headers["content-type"].startswith("application/json")
    terms = json.loads(body)
    classes = {t["name"]: t for t in terms["classes"]}
    props = {t["name"]: t for t in terms["properties"]}
    assert set(classes) == {"kzjp:Person", "kzjp:State", "kzjp:Visit"}
    assert classes["kzjp:Visit"]["labels"] == {"kk": "сапар", "en": "visit"}
    assert {"kzjp:visitor", "kzjp:hostState", "kzjp:startDate", "kzjp:participatedIn"} == set(props)
    assert terms["prefixes"]["kzr"] == R


def test_index_page(server) -> None:  # type: ignore[no-untyped-def]
    status, headers, body = server.get("/?lang=kk", {"Accept": "text/html"})
    page = body.decode()
    assert status == 200 and '<html lang="kk">' in page and "Accept-Language" in headers["vary"]
    _, _, ru = server.get("/", {"Accept": "text/html", "Accept-Language": "ru, en;q=0.5"})
    assert b'<html lang="ru">' in ru
    for ex in examples():
        assert f'data-name="{ex.name}"' in page
    cfg = json.loads(re.search(r'<script type="application/json" id="kz-config">(.*?)</script>', page, re.S).group(1))
    assert cfg["lang"] == "kk" and cfg["prefixes"]["kzjp"] == "https://w3id.org/kzjp-kg/ontology#"
    assert "PREFIX kzjp:" in cfg["defaultQuery"] and cfg["terms"] == "/ui/terms.json"
    assert 'id="asserted"' in page and "inference=none" in page
    # the limits text, in the page's language (the English catalog says it in English)
    _, _, en = server.get("/?lang=en", {"Accept": "text/html"})
    assert "Per-query time limit 2.0 s" in en.decode() and "at most 50 rows per answer" in en.decode()
    assert "Per-query time limit" not in page and "2.0" in page and "50" in page
    # nothing on the page points the browser at another host (links are fine; sources are not)
    assert not re.findall(r'(?:src|href)="(?:https?:)?//(?!w3id\.org)[^"]*\.(?:js|css)', page)


def test_sparql_for_a_browser_is_the_ui(server) -> None:  # type: ignore[no-untyped-def]
    status, headers, _ = server.get("/sparql", {"Accept": BROWSER})
    assert status == 303 and headers["location"] == "/"
    q = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
    qs = urllib.parse.urlencode({"query": q, "inference": "none"})
    status, headers, _ = server.get("/sparql?" + qs, {"Accept": BROWSER})
    assert status == 303 and headers["location"] == "/?" + qs
    # SPARQL clients are answered as before
    status, headers, body = server.get("/sparql?" + qs, {"Accept": "application/sparql-results+json"})
    assert status == 200 and sorted(json.loads(body)["head"]["vars"]) == ["o", "p", "s"]
    status, headers, _ = server.get("/sparql", {"Accept": "text/turtle"})
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    status, headers, _ = server.get("/sparql?" + qs + "&format=csv", {"Accept": BROWSER})  # a download link
    assert status == 200 and headers["content-type"].startswith("text/csv")
    status, headers, _ = server.get("/sparql?" + qs)  # no Accept at all
    assert status == 200


@pytest.mark.parametrize(("accept", "html"), [
    (BROWSER, True), ("text/html", True), ("*/*", False), (None, False), ("", False),
    ("application/sparql-results+json", False), ("application/sparql-results+json, text/html;q=0.5", False),
    ("text/html;q=0.9, application/rdf+xml", False), ("text/html, */*;q=0.1", True)])
def test_prefers_html(accept: str | None, html: bool) -> None:
    assert prefers_html(accept) is html


# --- the examples on the project's graph (the build's default dataset: every graph, as /sparql serves it) --------

def _rows(kg, name: str) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    text = next(ex.text for ex in examples() if ex.name == name)
    res = kg.store.query(text, use_default_graph_as_union=True)
    names = [v.value for v in res.variables]
    return [{n: (row[n].value if row[n] is not None else "") for n in names} for row in res]


def _in_order(rows: list[dict[str, str]], key: str) -> bool:
    values = [r[key] for r in rows]
    return values == sorted(values)


def _subsequence(want: list, got: list) -> bool:
    it = iter(got)
    return all(w in it for w in want)


@pytest.mark.slow
def test_visits_in_time_order_include_those_known_to_the_month(kg) -> None:  # type: ignore[no-untyped-def]
    rows = _rows(kg, "01-visits-timeline")
    got = [(r["visit"].removeprefix(R), r["date"]) for r in rows]
    # the article's visits, in time order; the three known only to the month are there with their month
    assert _subsequence([
        ("visit-1994-04-nazarbayev-japan", "1994-04-06"),
        ("mission-1997-07-obuchi", "1997-07"),
        ("visit-1999-12-nazarbayev-japan", "1999-12-05"),
        ("visit-2004-08-kawaguchi-kazakhstan", "2004-08"),
        ("visit-2006-08-koizumi-kazakhstan", "2006-08-28"),
        ("visit-2008-06-nazarbayev-japan", "2008-06"),
    ], got), got
    assert _in_order(rows, "date") and all(r["date"] and r["label"] for r in rows)
    # every visit with a day or a month, and no other
    dated = {r["v"] for r in kg.store.query(
        "SELECT DISTINCT ?v WHERE { ?v a <https://w3id.org/kzjp-kg/ontology#Visit> . "
        "{ ?v <https://w3id.org/kzjp-kg/ontology#startDate> ?d } UNION "
        "{ ?v <https://w3id.org/kzjp-kg/ontology#yearMonth> ?d } }", use_default_graph_as_union=True)}
    assert {r["visit"] for r in rows} == {v.value for v in dated}
    names = {r["visitorName"] for r in rows}
    assert {"Nursultan Nazarbayev", "Keizō Obuchi", "Yoriko Kawaguchi", "Junichiro Koizumi"} <= names


@pytest.mark.slow
def test_documents_are_documents_with_their_date_or_month(kg) -> None:  # type: ignore[no-untyped-def]
    rows = _rows(kg, "03-documents")
    got = [(r["doc"].removeprefix(R), r["date"]) for r in rows]
    want = [("doc-1994-exchange-of-notes", "1994-04"), ("doc-1994-joint-statement", "1994-04"),
            ("doc-1999-joint-statement", "1999-12"), ("doc-2006-joint-statement", "2006-08"),
            ("doc-2006-memorandum-nuclear", "2006-08")]
    found = {doc: date for doc, date in got}
    for doc, month in want:  # the day where the sources give it, else the month
        assert found.get(doc, "").startswith(month), (doc, got)
    assert _in_order(rows, "date") and all(r["date"] and r["kk"] and r["en"] for r in rows)
    doc = "https://w3id.org/kzjp-kg/ontology#Document"
    for r in rows:  # documents only: no concept, no programme left untyped
        assert kg.store.query(f"ASK {{ <{r['doc']}> a <{doc}> }}", use_default_graph_as_union=True)
    undated = {R + x for x in ("npt", "ussr-japan-treaties")}
    assert not undated & {r["doc"] for r in rows}


@pytest.mark.slow
def test_every_other_example_returns_its_rows(kg) -> None:  # type: ignore[no-untyped-def]
    offices = _rows(kg, "02-office-holders")
    assert offices and all(r["holderName"] and r["officeName"] for r in offices)
    assert any(r["holderName"] == "Nursultan Nazarbayev" for r in offices)
    assert all(r["text"] for r in offices if r["sentence"])
    text = next(ex.text for ex in examples() if ex.name == "04-visit-graph")
    triples = list(kg.store.query(text, use_default_graph_as_union=True))
    visits = {t.subject.value for t in triples if t.predicate.value.endswith("#visitor")}
    assert {R + "mission-1997-07-obuchi", R + "visit-2008-06-nazarbayev-japan"} <= visits
    inferred = _rows(kg, "05-inferred-facts")
    assert inferred and all(int(r["triples"]) > 0 for r in inferred)
    counts = [int(r["triples"]) for r in inferred]
    assert counts == sorted(counts, reverse=True)
    names = _rows(kg, "06-labels-every-language")
    naz = {r["lang"].lower() for r in names if r["person"] == R + "nazarbayev"}
    assert {"kk", "en", "ru", "ja"} <= naz
