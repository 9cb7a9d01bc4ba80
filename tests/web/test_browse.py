"""``/browse`` and ``/browse/<Class>`` on a live server over the project's own build, checked against SPARQL.

Why the project's build and not the mini graph: facets only mean something with several visits, periods and
years. Why every expected number comes from ``/sparql``: the pages must show what the graph says, so each check
asks the endpoint the same question in another way (``GRAPH ?g`` over the asserted and inferred graphs, where the
pages use them as the default graph) and compares.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

KZ = "https://w3id.org/kzjp-kg/ontology#"
G = "https://w3id.org/kzjp-kg/graph/"
HTML = {"Accept": "text/html"}
#: The asserted and inferred data, as the browse pages read it; deprecated statements are in neither graph.
DATA = f"FILTER(?g IN (<{G}facts>, <{G}inferred>))"


@pytest.fixture(scope="module")
def real(built: Path, tmp_path_factory: pytest.TempPathFactory, server_factory):  # type: ignore[no-untyped-def]
    start, stop = server_factory
    tmp = tmp_path_factory.mktemp("browse")
    srv = start(tmp, "--build-dir", str(built), "--store", str(tmp / "store"), "--no-build", "--workers", "2")
    yield srv
    stop(srv)


class _Attrs(HTMLParser):
    """The attributes of every element that has a ``data-`` attribute, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        d = {k: v or "" for k, v in attrs}
        if any(k.startswith("data-") for k in d):
            self.found.append((tag, d))


def _page(server, path: str) -> list[tuple[str, dict[str, str]]]:  # type: ignore[no-untyped-def]
    status, _, body = server.get(path, HTML)
    assert status == 200, (path, body[:300])
    p = _Attrs()
    p.feed(body.decode("utf-8"))
    return p.found


def _items(server, path: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {a["data-iri"] for tag, a in _page(server, path) if tag == "tr" and "data-iri" in a}


def _facet(server, path: str, key: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {a["data-value"]: int(a["data-n"]) for _, a in _page(server, path) if a.get("data-facet") == key}


def _select(server, query: str) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    status, _, body = server.post("/sparql", query.encode(), {"Content-Type": "application/sparql-query",
                                                               "Accept": "application/sparql-results+json"})
    assert status == 200, body[:300]
    return [{k: v["value"] for k, v in b.items()} for b in json.loads(body)["results"]["bindings"]]


def _q(path: str, **args: str) -> str:
    return path + "?" + urllib.parse.urlencode(args)


def test_class_counts_equal_a_count_query(real) -> None:  # type: ignore[no-untyped-def]
    shown = {a["data-class"]: int(a["data-n"]) for tag, a in _page(real, "/browse") if "data-class" in a}
    rows = _select(real, f"""SELECT ?class (COUNT(?x) AS ?n) WHERE {{
        {{ SELECT DISTINCT ?class ?x WHERE {{ GRAPH ?g {{ ?x a ?class }} {DATA} FILTER(isIRI(?x)) }} }}
        GRAPH <{G}ontology> {{ ?class a <http://www.w3.org/2002/07/owl#Class> }}
        FILTER(STRSTARTS(STR(?class), "{KZ}")) }} GROUP BY ?class""")
    expected = {r["class"]: int(r["n"]) for r in rows}
    assert len(expected) > 10 and KZ + "Visit" in expected
    assert shown == expected


def test_a_period_filter_gives_exactly_that_periods_visits(real) -> None:  # type: ignore[no-untyped-def]
    periods = _select(real, f"""SELECT DISTINCT ?p WHERE {{ GRAPH ?g {{ ?p a <{KZ}Period> }} {DATA} }}""")
    assert len(periods) >= 2
    everything = _items(real, "/browse/Visit")
    for row in periods:
        period = row["p"]
        expected = {r["v"] for r in _select(real, f"""SELECT DISTINCT ?v WHERE {{ GRAPH ?g {{ ?v a <{KZ}Visit> }}
            GRAPH ?h {{ ?v <{KZ}inPeriod> <{period}> }} {DATA} FILTER(?h IN (<{G}facts>, <{G}inferred>)) }}""")}
        listed = _items(real, _q("/browse/Visit", period=period))
        assert listed == expected, period
        assert listed <= everything
    assert any(0 < len(_items(real, _q("/browse/Visit", period=r["p"]))) < len(everything) for r in periods)


def test_facet_counts_follow_the_filters_and_add_up(real) -> None:  # type: ignore[no-untyped-def]
    periods = _facet(real, "/browse/Visit", "period")
    pairs = _select(real, f"""SELECT (COUNT(*) AS ?n) WHERE {{ {{ SELECT DISTINCT ?v ?p WHERE {{
        GRAPH ?g {{ ?v a <{KZ}Visit> }} GRAPH ?h {{ ?v <{KZ}inPeriod> ?p }} {DATA}
        FILTER(?h IN (<{G}facts>, <{G}inferred>)) }} }} }}""")
    assert periods and sum(periods.values()) == int(pairs[0]["n"])  # one count per (visit, period)
    years = _facet(real, "/browse/Visit", "year")
    assert len(years) > 3
    for year, n in years.items():
        listed = _items(real, _q("/browse/Visit", year=year))
        assert len(listed) == n, year
        # within the filtered set every facet counts only what is listed
        for key in ("period", "host", "person"):
            assert all(c <= n for c in _facet(real, _q("/browse/Visit", year=year), key).values())
    # two filters: the intersection of each alone
    year, period = max(years, key=years.get), max(periods, key=periods.get)  # type: ignore[arg-type]
    both = _items(real, _q("/browse/Visit", year=year, period=period))
    assert both == _items(real, _q("/browse/Visit", year=year)) & _items(real, _q("/browse/Visit", period=period))


def test_active_filters_show_and_can_be_removed(real) -> None:  # type: ignore[no-untyped-def]
    periods = _facet(real, "/browse/Visit", "period")
    period = next(iter(periods))
    status, _, body = real.get(_q("/browse/Visit", period=period), HTML)
    page = body.decode()
    assert status == 200 and "Active filters" in page
    remove = re.search(r'<a href="([^"]*)" aria-label="remove the filter', page)
    assert remove and "period=" not in remove.group(1)


def test_people_and_documents_have_their_facets(real) -> None:  # type: ignore[no-untyped-def]
    offices = _facet(real, "/browse/Person", "office")
    expected = _select(real, f"""SELECT ?o (COUNT(DISTINCT ?x) AS ?n) WHERE {{ GRAPH ?g {{ ?x a <{KZ}Person> }}
        GRAPH ?h {{ ?hold <{KZ}holder> ?x ; <{KZ}office> ?o }} {DATA} FILTER(?h IN (<{G}facts>, <{G}inferred>)) }}
        GROUP BY ?o""")
    assert offices == {r["o"]: int(r["n"]) for r in expected} and offices
    parties = _facet(real, "/browse/Document", "party")
    expected = _select(real, f"""SELECT ?o (COUNT(DISTINCT ?x) AS ?n) WHERE {{ GRAPH ?g {{ ?x a <{KZ}Document> }}
        GRAPH ?h {{ ?x <{KZ}party> ?o }} {DATA} FILTER(?h IN (<{G}facts>, <{G}inferred>)) }} GROUP BY ?o""")
    assert parties == {r["o"]: int(r["n"]) for r in expected} and parties


def test_unknown_class_is_404_and_a_bad_filter_400(real) -> None:  # type: ignore[no-untyped-def]
    status, _, body = real.get("/browse/NoSuchClass", HTML)
    assert status == 404 and b"/browse" in body
    status, _, body = real.get(_q("/browse/Visit", period="not an iri>"), HTML)
    assert status == 400 and b"is not an IRI" in body
    status, _, body = real.get(_q("/browse/Visit", period="> } ?x ?p ?o . FILTER(true"), HTML)
    assert status == 400 and b"is not an IRI" in body
    status, _, body = real.get(_q("/browse/Visit", year="2008 }"), HTML)
    assert status == 400 and b"year" in body


def test_every_defect_on_the_quality_page_has_an_anchor_and_links(real) -> None:  # type: ignore[no-untyped-def]
    """/quality: each defect of the store has its anchor, links to its sentence page and to what it concerns; the
    counts per kind at the top are the store's; the Markdown version has the same anchors."""
    page = real.get("/quality", HTML)[2].decode("utf-8")
    markdown = real.get("/reports/quality.md")[2].decode("utf-8")
    base = "https://w3id.org/kzjp-kg/"
    rows = _select(real, f"""SELECT ?d ?s ?about WHERE {{ ?d <{KZ}defectIn> ?s
        OPTIONAL {{ ?d <{KZ}defectAbout> ?about }} }}""")
    assert len({r["d"] for r in rows}) > 10
    for r in rows:
        anchor = r["d"].rsplit("/", 1)[-1]
        assert anchor.startswith("defect-")
        assert f"id='{anchor}'" in page and f'<a id="{anchor}"></a>' in markdown, anchor
        section = page[page.index(f"id='{anchor}'"):]
        section = section[:section.index("</article>")]
        assert f"href='/page/{r['s'][len(base):]}'" in section, anchor
        if "about" in r and r["about"].startswith(base):
            assert f"href='/page/{r['about'][len(base):]}'" in section, anchor
    kinds = _select(real, f"""SELECT ?k (COUNT(DISTINCT ?d) AS ?n) WHERE {{ ?d <{KZ}defectIn> ?s ; a ?k
        FILTER(STRSTARTS(STR(?k), "{KZ}") && ?k != <{KZ}SourceDefect>) }} GROUP BY ?k""")
    for k in kinds:
        anchor = "kind-" + k["k"].rsplit("#", 1)[-1]
        assert re.search(rf"<a href='#{anchor}'>[^<]+</a></th><td>{k['n']}</td>", page), anchor
        assert f"id='{anchor}'" in page
    for link in ("/reports/validation.txt", "/reports/validation.ttl", "/sources"):
        assert f"href='{link}'" in page and f"]({link})" in markdown


def test_deprecated_statements_never_count(real) -> None:  # type: ignore[no-untyped-def]
    """A holding the sources set aside (kzjp:DeprecatedRank, e.g. the article's «Prime Minister Kawaguchi») is kept
    in kzg:statements only: the office facet of /browse/Person must not list its holder under that office."""
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    rows = _select(real, f"""SELECT ?person ?office WHERE {{ GRAPH <{G}statements> {{
        ?a <{rdf}subject> ?h ; <{rdf}predicate> <{KZ}holder> ; <{rdf}object> ?person ; <{KZ}rank> <{KZ}DeprecatedRank> .
        ?b <{rdf}subject> ?h ; <{rdf}predicate> <{KZ}office> ; <{rdf}object> ?office ; <{KZ}rank> <{KZ}DeprecatedRank> .
        }} FILTER NOT EXISTS {{ GRAPH ?g {{ ?other <{KZ}holder> ?person ; <{KZ}office> ?office }} {DATA} }} }}""")
    assert rows, "the build has no deprecated office holding to check"
    for r in rows:
        assert r["person"] not in _items(real, _q("/browse/Person", office=r["office"])), r
        assert r["person"] in _items(real, "/browse/Person")
