"""Languages that stick: the page language (``?lang=``, the ``lang`` cookie, ``Accept-Language``), the site's own
text from the catalogs (``kzjp_kg/web/messages``), the switcher, and local labels for Wikidata values.

Against the live server (``server`` in conftest.py): the cookie, ``Vary`` and ``Content-Language`` are HTTP, and
only a real client on a real socket shows that a language picked once holds on the next request. Expected texts
are read from the catalogs and the store, never typed here, so a retranslation does not break a test and a
template that forgets ``t()`` does.
"""

from __future__ import annotations

import html
import json
import re
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

from kzjp_kg.sources.translit import to_latin
from kzjp_kg.web.i18n import LANGS, MESSAGES_DIR
from tests.web.conftest import MINI
from tests.web.test_browser import Page as BrowserPage
from tests.web.test_browser import browser  # noqa: F401 - the fixture, shared with the browser tests

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
KZR = "https://w3id.org/kzjp-kg/resource/"
WD = "http://www.wikidata.org/entity/"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
FIELD = re.compile(r"\{(\w+)\}")
#: Pages that every reader reaches (the query UI, an entity, a list, a search, a named graph).
PAGES = ("/", "/page/resource/japan", "/dumps", "/search?q=Japan", "/page/graph/facts", "/void")


def catalog(code: str) -> dict[str, str]:
    return json.loads((MESSAGES_DIR / f"{code}.json").read_text(encoding="utf-8"))


def text_of(fragment: str) -> str:
    """The visible text of an HTML fragment (tags dropped, entities decoded, spaces collapsed)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def part(page: str, pattern: str) -> str:
    m = re.search(pattern, page, re.S)
    assert m, f"{pattern!r} not in the page"
    return m.group(1)


def site_nav(page: str) -> str:
    return part(page, r'<nav class="site"[^>]*>(.*?)</nav>')


def footer(page: str) -> str:
    return part(page, r"<footer>(.*?)</footer>")


def nav_links(page: str) -> list[str]:
    return [text_of(x) for x in re.findall(r"<a [^>]*>(.*?)</a>", site_nav(page), re.S)]


def get_html(server, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:  # type: ignore[no-untyped-def]
    status, head, body = server.get(path, {**BROWSER, **(headers or {})})
    return status, head, body.decode("utf-8")


# --- the catalogs -----------------------------------------------------------------------------------------------

def test_every_catalog_has_every_key_and_no_empty_text() -> None:
    keys = set(catalog("en"))
    assert keys, "the English catalog is empty"
    for code in LANGS:
        cat = catalog(code)
        assert set(cat) == keys, f"{code}: missing {sorted(keys - set(cat))}, extra {sorted(set(cat) - keys)}"
        assert not [k for k, v in cat.items() if not v.strip()], f"{code} has empty texts"


def test_every_key_a_template_asks_for_is_in_the_catalogs() -> None:
    """``t('nav.qualty')`` would show the key itself on every page: each literal key without a ``default=`` is
    checked (keys built at render time, ``t('kind.' ~ x, default=x)``, carry their own default)."""
    keys = set(catalog("en"))
    templates = Path(MESSAGES_DIR).parent / "templates"
    asked = {(f.name, k) for f in templates.glob("*.html")
             for k in re.findall(r"""\bt\(\s*'([^']+)'\s*(?:\)|,\s*(?!default=)\w+=)""", f.read_text(encoding="utf-8"))}
    assert asked, "no template calls t()"
    assert not [(name, k) for name, k in asked if k not in keys]


def test_every_translation_fills_the_same_fields() -> None:
    """A ``{n}`` left out of a translation silently drops the number; one misspelt breaks the page."""
    en = catalog("en")
    for code in LANGS:
        for key, text in catalog(code).items():
            assert set(FIELD.findall(text)) == set(FIELD.findall(en[key])), (code, key)


def test_latin_catalog_is_the_transliteration_of_the_kazakh_one() -> None:
    """kk-Latn is made from kk by the project's transliterator, as the graph's @kk-Latn labels are: never typed."""
    kk, latn = catalog("kk"), catalog("kk-Latn")
    assert {k: to_latin(v) for k, v in kk.items()} == latn
    assert not [k for k, v in latn.items() if CYRILLIC.search(v)]


# --- choosing the language and keeping it -------------------------------------------------------------------------

def test_lang_parameter_sets_a_cookie_that_the_next_page_follows(server) -> None:  # type: ignore[no-untyped-def]
    status, headers, _ = get_html(server, "/page/resource/japan?lang=ru")
    assert status == 200
    cookie = SimpleCookie(headers["set-cookie"])
    assert cookie["lang"].value == "ru"
    assert cookie["lang"]["samesite"].lower() == "lax"
    assert int(cookie["lang"]["max-age"]) >= 365 * 24 * 3600
    assert cookie["lang"]["path"] == "/"
    # the next page: no ?lang=, a browser asking for English, the cookie sent back — Russian wins
    status, headers, page = get_html(server, "/dumps", {"Cookie": "lang=ru", "Accept-Language": "en"})
    assert status == 200 and '<html lang="ru">' in page
    ru = catalog("ru")
    assert ru["nav.quality"] in nav_links(page) and ru["nav.timeline"] in nav_links(page)
    assert "set-cookie" not in headers  # nothing new to remember


def test_without_cookie_or_parameter_accept_language_decides(server) -> None:  # type: ignore[no-untyped-def]
    _, headers, page = get_html(server, "/dumps", {"Accept-Language": "ja,en;q=0.5"})
    assert '<html lang="ja">' in page and headers["content-language"] == "ja"
    _, _, page = get_html(server, "/dumps", {"Accept-Language": "de"})
    assert '<html lang="en">' in page  # none of ours: English


def test_language_headers_on_html_pages(server) -> None:  # type: ignore[no-untyped-def]
    for path in PAGES:
        sep = "&" if "?" in path else "?"
        status, headers, _ = get_html(server, f"{path}{sep}lang=kk-Latn")
        assert status == 200, path
        vary = {v.strip().lower() for v in headers.get("vary", "").split(",")}
        assert {"accept-language", "cookie"} <= vary, (path, headers.get("vary"))
        assert headers["content-language"] == "kk-Latn", path


def test_html_lang_spells_the_latin_script(server) -> None:  # type: ignore[no-untyped-def]
    _, _, page = get_html(server, "/page/resource/japan", {"Cookie": "lang=kk-Latn"})
    assert '<html lang="kk-Latn">' in page


# --- the site's own text ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("code", LANGS)
def test_nav_and_footer_come_from_the_catalog(server, code: str) -> None:  # type: ignore[no-untyped-def]
    """Every link of the navigation and the footer is the catalog's text: an English word left in base.html fails
    this for ja (and kk, ru) because it is not that language's text."""
    cat = catalog(code)
    wanted = [cat[k] for k in catalog("en") if k.startswith("nav.")]
    for path in ("/", "/page/resource/nazarbayev"):
        _, _, page = get_html(server, path, {"Cookie": f"lang={code}"})
        assert nav_links(page) == wanted, (code, path)
        assert text_of(footer(page)) == text_of(cat["footer.text"]), (code, path)


def test_japanese_navigation_is_not_english(server) -> None:  # type: ignore[no-untyped-def]
    en, ja = catalog("en"), catalog("ja")
    _, _, page = get_html(server, "/page/resource/japan?lang=ja")
    words = set(nav_links(page))
    assert not {en[k] for k in en if k.startswith("nav.") and en[k] != ja[k]} & words


def test_latin_pages_have_no_cyrillic_in_the_sites_own_text(server) -> None:  # type: ignore[no-untyped-def]
    for path in PAGES:
        sep = "&" if "?" in path else "?"
        _, _, page = get_html(server, f"{path}{sep}lang=kk-Latn")
        for name, fragment in (("nav", site_nav(page)), ("footer", footer(page))):
            assert not CYRILLIC.search(text_of(fragment)), (path, name, text_of(fragment))


def test_switcher_keeps_the_page_and_its_query(server) -> None:  # type: ignore[no-untyped-def]
    _, _, page = get_html(server, "/search?q=Japan&lang=ru")
    switcher = part(page, r'<nav class="langs"[^>]*>(.*?)</nav>')
    links = re.findall(r'<a href="([^"]+)" hreflang="([^"]+)"[^>]*?(aria-current="true")?>', switcher)
    assert [code for _, code, _ in links] == list(LANGS)
    for href, code, current in links:
        url = urllib.parse.urlsplit(html.unescape(href))
        assert url.path == "/search" and urllib.parse.parse_qs(url.query) == {"q": ["Japan"], "lang": [code]}
        assert bool(current) == (code == "ru")


def test_query_ui_scripts_get_their_words_in_the_page_language(server) -> None:  # type: ignore[no-untyped-def]
    _, _, page = get_html(server, "/?lang=kk")
    found = json.loads(html.unescape(part(page, r'<script type="application/json" id="kz-messages">(.*?)</script>')))
    kk = catalog("kk")
    assert found == {k: v for k, v in kk.items() if k.startswith("js.")}
    assert part(page, r"<h1>(.*?)</h1>") == html.escape(kk["ui.title"], quote=False)


# --- every HTML page is a page of the site ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def built_server(built: Path, tmp_path_factory: pytest.TempPathFactory, server_factory):  # type: ignore[no-untyped-def]
    """The project's own build served: the pictures need its rows, /quality its report."""
    start, stop = server_factory
    tmp = tmp_path_factory.mktemp("i18n-built")
    srv = start(tmp, "--build-dir", str(built), "--store", str(tmp / "store"), "--no-build", "--workers", "2")
    yield srv
    stop(srv)


def assert_page_of_the_site(page: str, code: str, title: str) -> None:
    """One document extending base.html in language ``code``: ``<html lang>``, the switcher with every language,
    the navigation and footer in that language's words, and the page's own ``title`` (the catalog's text)."""
    cat = catalog(code)
    assert page.count("<html") == 1 and page.count("<body") == 1, "a page inside a page"
    assert f'<html lang="{code}">' in page
    switcher = part(page, r'<nav class="langs"[^>]*>(.*?)</nav>')
    assert re.findall(r'hreflang="([^"]+)"', switcher) == list(LANGS)
    assert nav_links(page) == [cat[k] for k in catalog("en") if k.startswith("nav.")]
    assert text_of(footer(page)) == text_of(cat["footer.text"])
    assert text_of(part(page, r"<title>(.*?)</title>")).startswith(text_of(title))
    assert part(page, r'<input name="q"[^>]*value="([^"]*)"') == "", "a view's variable named q fills the search box"


#: The pages that used to be made outside base.html: path, status, the catalog key of the start of their title.
OTHER_PAGES = (("/viz/timeline", 200, "viz.timeline.title"), ("/viz/network", 200, "viz.network.title"),
               ("/viz/", 200, "viz.title"), ("/page/ontology", 200, "ontology.title"),
               ("/quality", 200, "quality.title"), ("/no/such/page", 404, None),
               ("/page/resource/no-such-thing", 404, None), ("/viz/nothing", 404, None))


@pytest.mark.slow
@pytest.mark.parametrize(("path", "status", "key"), OTHER_PAGES)
def test_every_page_extends_base_in_the_readers_language(built_server, path: str, status: int,  # type: ignore[no-untyped-def]
                                                        key: str | None) -> None:
    ru = catalog("ru")
    got, headers, page = get_html(built_server, f"{path}?lang=ru")
    assert got == status and headers["content-type"].startswith("text/html"), (path, got)
    title = ru[key] if key else f"{status} {ru[f'error.status.{status}']}"
    assert_page_of_the_site(page, "ru", title)
    assert headers["content-language"] == "ru"
    if key != "ontology.title":  # the ontology's <h1> is its own dcterms:title (kk, en), from the graph
        assert text_of(part(page, r"<h1[^>]*>(.*?)</h1>")) == text_of(title), path


@pytest.mark.slow
def test_picture_and_report_pages_keep_their_content(built_server) -> None:  # type: ignore[no-untyped-def]
    """Wrapped in base.html, each page still carries what it is for, in one piece: the timeline's inline SVG, the
    network's nodes and script, the ontology's entries and diagram, every defect of the report."""
    _, _, page = get_html(built_server, "/viz/network?lang=ja")
    assert page.count('class="node"') > 10 and "<script>" in page and 'role="img"' not in page.split("<svg", 1)[1]
    assert catalog("ja")["viz.names"] in page
    _, _, page = get_html(built_server, "/page/ontology?lang=kk")
    assert 'id="Visit"' in page and 'class="od-class"' in page and catalog("kk")["ontology.formats"] in page
    ru, en = catalog("ru"), catalog("en")
    _, _, page = get_html(built_server, "/page/ontology?lang=ru")
    for key in ("ontodoc.diagram", "ontodoc.hierarchy", "ontodoc.section.class", "ontodoc.section.object_property"):
        assert f">{ru[key]}</h2>" in page and f">{en[key]}" not in page, key  # the headings are the reader's
    entry = page[page.index('id="Visit"'):page.index("</section>", page.index('id="Visit"'))]
    assert f"<th>{ru['ontodoc.row.examples']}</th>" in entry and "<th>examples</th>" not in entry
    assert re.search(ru["ontodoc.uses"].replace("{n}", r"\d+"), entry), entry[:500]
    _, _, page = get_html(built_server, "/quality?lang=ja")
    ja = catalog("ja")
    assert ja["quality.caption"] in page and page.count("<article id='defect-") > 10
    assert text_of(ja["quality.intro"]) in text_of(page)


def test_an_html_404_is_a_page_of_the_site_in_every_language(server) -> None:  # type: ignore[no-untyped-def]
    for code in LANGS:
        status, _, page = get_html(server, "/page/resource/no-such-thing", {"Cookie": f"lang={code}"})
        assert status == 404
        assert_page_of_the_site(page, code, f"404 {catalog(code)['error.status.404']}")
        assert catalog(code)["error.not_found"] in page


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "text/turtle"])
def test_a_404_for_a_program_is_not_html(server, accept: str) -> None:  # type: ignore[no-untyped-def]
    for path in ("/no/such/page?lang=ru", "/page/resource/no-such-thing?lang=ru", "/viz/nothing?lang=ru"):
        status, headers, body = server.get(path, {"Accept": accept})
        assert status == 404, path
        assert not headers["content-type"].startswith("text/html") and b"<html" not in body.lower(), path

# --- labels of Wikidata values --------------------------------------------------------------------------------

def sparql_rows(server, query: str) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    status, _, body = server.get("/sparql?" + urllib.parse.urlencode({"query": query}),
                                 {"Accept": "application/sparql-results+json"})
    assert status == 200, body
    return [{k: v["value"] for k, v in b.items()} for b in json.loads(body)["results"]["bindings"]]


LINKED_KK = f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?s ?wd ?kk WHERE {{
  ?s <http://www.w3.org/2002/07/owl#sameAs>|<http://www.w3.org/2004/02/skos/core#exactMatch> ?wd .
  FILTER(STRSTARTS(STR(?wd), "{WD}") && STRSTARTS(STR(?s), "{KZR}"))
  ?s rdfs:label ?kk FILTER(LANG(?kk) = "kk") }} ORDER BY ?s ?wd LIMIT 1"""


def shown_name(page: str, iri: str) -> str:
    """The text of the page's first link to ``iri``."""
    return text_of(part(page, rf'<a href="{re.escape(iri)}">(.*?)</a>'))


def test_wikidata_value_shows_the_kazakh_label_the_graph_has(server) -> None:  # type: ignore[no-untyped-def]
    rows = sparql_rows(server, LINKED_KK)
    assert rows, "the test graph links no resource with a Kazakh label to Wikidata"
    s, wd, kk = rows[0]["s"], rows[0]["wd"], rows[0]["kk"]
    _, _, page = get_html(server, "/page/resource/" + s[len(KZR):] + "?lang=kk")
    assert shown_name(page, wd) == kk


def test_an_english_wikidata_label_never_hides_a_kazakh_one(server_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The snapshot labels the item in English only (as it often does); the linked resource has a Kazakh name."""
    start, stop = server_factory
    data = tmp_path / "data.trig"
    extra = """
kzg:wikidata-snapshot {
  <http://www.wikidata.org/entity/Q17> rdfs:label "Japan (Wikidata)"@en .
  <http://www.wikidata.org/entity/Q232> rdfs:label "Kazakhstan (Wikidata)"@en , "Казахстан (Викиданные)"@ru .
}
kzg:links { kzr:visit-2008-06-nazarbayev-japan <https://schema.org/location> <http://www.wikidata.org/entity/Q17> ,
  <http://www.wikidata.org/entity/Q232> . }
"""
    data.write_text(MINI.read_text(encoding="utf-8") + extra, encoding="utf-8")
    srv = start(tmp_path, "--data", str(data), "--store", str(tmp_path / "store"), "--build-dir", str(tmp_path / "build"),
                "--workers", "1")
    try:
        visit = "/page/resource/visit-2008-06-nazarbayev-japan"
        for wd in (WD + "Q17", WD + "Q232"):
            local = sparql_rows(srv, f"""SELECT ?kk WHERE {{ ?s <https://w3id.org/kzjp-kg/ontology#wikidataId> ?q
                FILTER(STR(?q) = "{wd[len(WD):]}") ?s <http://www.w3.org/2000/01/rdf-schema#label> ?kk
                FILTER(LANG(?kk) = "kk") }}""")
            assert local, wd
            _, _, page = get_html(srv, visit + "?lang=kk")
            assert shown_name(page, wd) == local[0]["kk"]
            english = sparql_rows(srv, f"""SELECT ?en WHERE {{ <{wd}> <http://www.w3.org/2000/01/rdf-schema#label>
                ?en FILTER(LANG(?en) = "en") }}""")
            _, _, page = get_html(srv, visit + "?lang=en")
            assert shown_name(page, wd) == english[0]["en"]  # the item's own label where it has one
        _, _, page = get_html(srv, visit + "?lang=ru")
        own_ru = sparql_rows(srv, f"""SELECT ?ru WHERE {{ <{WD}Q232> <http://www.w3.org/2000/01/rdf-schema#label>
            ?ru FILTER(LANG(?ru) = "ru") }}""")
        assert shown_name(page, WD + "Q232") == own_ru[0]["ru"]
        _, _, page = get_html(srv, visit + "?lang=kk-Latn")
        assert not CYRILLIC.search(shown_name(page, WD + "Q232"))  # kk-Latn: the Latin label or the transliteration
    finally:
        stop(srv)


def test_latin_page_transliterates_kazakh_labels_the_graph_has_no_latin_twin_for(server) -> None:  # type: ignore[no-untyped-def]
    """The fallback chain of labels: kk-Latn, else the kk label in the Latin script, before English."""
    rows = sparql_rows(server, f"""SELECT ?c ?kk WHERE {{ ?x a ?c . ?c <{RDFS_LABEL}> ?kk FILTER(LANG(?kk) = "kk")
        FILTER NOT EXISTS {{ ?c <{RDFS_LABEL}> ?l FILTER(LANGMATCHES(LANG(?l), "kk-Latn")) }}
        FILTER(STRSTARTS(STR(?x), "{KZR}")) }} ORDER BY ?c LIMIT 1""")
    assert rows, "every class of the test graph has a kk-Latn label: nothing to fall back from"
    subject = sparql_rows(server, f"SELECT ?x WHERE {{ ?x a <{rows[0]['c']}> FILTER(STRSTARTS(STR(?x), \"{KZR}\")) }}"
                                  " ORDER BY ?x LIMIT 1")[0]["x"]
    _, _, page = get_html(server, "/page/resource/" + subject[len(KZR):] + "?lang=kk-Latn")
    types = text_of(part(page, r'<p class="types">(.*?)</p>'))
    assert to_latin(rows[0]["kk"]) in types and not CYRILLIC.search(types)


# --- in a browser: a language picked once holds while the reader clicks on --------------------------------------

@pytest.mark.slow
@pytest.mark.browser
def test_a_picked_language_survives_clicks_in_a_browser(browser, server) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """Chromium asks for English (its locale); the reader picks Kazakh in the switcher once, then follows plain
    links (no ``?lang=`` in them): the next entity page and the query UI, with its script's words, stay Kazakh."""
    ui = BrowserPage(browser, server)
    try:
        pg, kk = ui.page, catalog("kk")
        pg.goto(server.url + "/page/resource/japan", wait_until="load")
        assert pg.get_attribute("html", "lang") == "en"
        pg.click('nav.langs a[hreflang="kk"]')
        pg.wait_for_url("**lang=kk")
        assert pg.get_attribute("html", "lang") == "kk"
        pg.click('table.incoming a[href="/page/resource/visit-2008-06-nazarbayev-japan"]')
        pg.wait_for_url("**/page/resource/visit-2008-06-nazarbayev-japan")
        assert pg.get_attribute("html", "lang") == "kk"
        assert pg.inner_text("footer") == text_of(kk["footer.text"])
        pg.click('nav.site a[href="/"]')
        pg.wait_for_url(server.url + "/")
        assert pg.get_attribute("html", "lang") == "kk"
        pg.locator(".tabsList").wait_for(timeout=15_000)
        assert kk["js.tab"] in pg.inner_text(".tabsList")  # query.js names its first tab in the page language
    finally:
        ui.close()
