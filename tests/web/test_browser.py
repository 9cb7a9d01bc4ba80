"""The UI in Debian's chromium (headless, driven by playwright): the query page (YASGUI, served by us) and entity
pages in Kazakh and in English. Screenshots go to tests/artifacts/ (git-ignored) for a human to look at.

Never ``playwright install``: the browser is the system's ``/usr/bin/chromium`` (``apt-get install chromium``).
The launch flags keep chromium off the network (no component updates, sync or background requests), and every
request a page makes is recorded: one to another host fails the test (and is never let through).

Without chromium or playwright these tests skip on a workstation, but fail when ``CI=true``: CI must run them.
"""

from __future__ import annotations

import os
import urllib.parse
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PERSONS = "SELECT ?s WHERE { ?s a kzjp:Person }"
PREFIXES = "PREFIX kzjp: <https://w3id.org/kzjp-kg/ontology#>\nPREFIX kzr: <https://w3id.org/kzjp-kg/resource/>\n"


def _missing(why: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but {why}: the browser tests must run in CI")
    pytest.skip(why)


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    if not CHROMIUM.exists():
        _missing("Debian's chromium is not installed at /usr/bin/chromium "
                 "(apt-get install -y --no-install-recommends chromium; `make test` does it)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright (the Python package) is not installed")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield b
        b.close()


class Page:
    """A fresh page (own context: no storage shared between tests) that records every request and refuses any
    to another host."""

    def __init__(self, browser, server) -> None:  # type: ignore[no-untyped-def]
        self.server = server
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        self.requested: list[str] = []
        self.foreign: list[str] = []
        self.errors: list[str] = []

        def route(r):  # type: ignore[no-untyped-def]
            url = r.request.url
            self.requested.append(url)
            if url.startswith(server.url + "/") or url.startswith(("data:", "blob:")):
                r.continue_()
            else:
                self.foreign.append(url)
                r.abort()

        self.context.route("**/*", route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def close(self) -> None:
        assert not self.foreign, f"the page asked other hosts: {self.foreign}"
        assert not self.errors, f"JavaScript errors: {self.errors}"
        self.context.close()


@pytest.fixture
def ui(browser, server):  # type: ignore[no-untyped-def]
    p = Page(browser, server)
    yield p
    p.close()


def _active(pg):  # type: ignore[no-untyped-def]
    return pg.locator(".tabPanel.active")


def _results(pg) -> str:  # type: ignore[no-untyped-def]
    return _active(pg).locator(".yasr").inner_text()


def _wait_rows(pg, text: str) -> None:  # type: ignore[no-untyped-def]
    _active(pg).locator(".yasr table.dataTable td", has_text=text).first.wait_for(timeout=15_000)


def _editor_value(pg) -> str:  # type: ignore[no-untyped-def]
    return pg.evaluate("window.kzYasgui.getTab().getYasqe().getValue()")


def test_yasgui_is_served_by_us_and_runs_an_example(ui) -> None:  # type: ignore[no-untyped-def]
    from kzjp_kg.web.assets import editor_installed

    if not editor_installed():
        _missing("YASGUI is not bundled (run scripts/install-web-assets.sh)")
    pg = ui.page
    with pg.expect_response(lambda r: r.url == ui.server.url + "/ui/terms.json") as terms:  # not LOV
        pg.goto(ui.server.url + "/", wait_until="networkidle")
    assert terms.value.ok
    assert ui.requested and all(u.startswith(ui.server.url + "/") for u in ui.requested), ui.requested
    assert any(u.endswith("/static/vendor/yasgui/yasgui.min.js") for u in ui.requested)
    assert pg.locator(".yasgui .CodeMirror").count() >= 1
    pg.click("button.example[data-name='01-visits-timeline']")  # opens in the timeline view (its "# view:")
    box = _active(pg).locator(".yasr .kz-timeline-box")
    box.wait_for(timeout=15_000)
    assert "2008-06-19 Nazarbayev's visit to Japan (2008)" in box.inner_text()
    pg.screenshot(path=str(ARTIFACTS / "ui-example-timeline.png"), full_page=True)
    _active(pg).locator(".yasr button.select_table").click()
    _wait_rows(pg, "kzr:visit-2008-06-nazarbayev-japan")
    text = _results(pg)
    assert "Nazarbayev's visit to Japan (2008)" in text and "2008-06-19" in text
    assert "Visits between Kazakhstan and Japan" in pg.inner_text(".tabsList")  # the example has its own tab
    pg.screenshot(path=str(ARTIFACTS / "ui-example-table.png"), full_page=True)
    pg.set_viewport_size({"width": 390, "height": 844})
    pg.screenshot(path=str(ARTIFACTS / "ui-example-table-390.png"), full_page=True)
    assert not [u for u in ui.requested if not u.startswith(ui.server.url + "/")]


def test_construct_example_is_drawn_as_a_graph(ui) -> None:  # type: ignore[no-untyped-def]
    pg = ui.page
    pg.goto(ui.server.url + "/?lang=en", wait_until="networkidle")
    pg.click("button.example[data-name='04-visit-graph']")
    box = _active(pg).locator(".yasr .kz-graph-box")
    box.wait_for(timeout=15_000)
    text = box.inner_text()
    assert "Nursultan Nazarbayev" in text and "Japan" in text and "3 nodes, 2 edges" in text
    assert [a.inner_text() for a in pg.locator("#downloads a").all()] == ["Turtle", "N-Triples", "JSON-LD"]
    pg.screenshot(path=str(ARTIFACTS / "ui-construct-graph.png"), full_page=True)


def test_query_in_the_url_opens_runs_and_round_trips(ui) -> None:  # type: ignore[no-untyped-def]
    pg = ui.page
    q = PREFIXES + PERSONS
    pg.goto(ui.server.url + "/?" + urllib.parse.urlencode({"query": q, "lang": "en"}), wait_until="networkidle")
    _wait_rows(pg, "kzr:nazarbayev")
    assert _editor_value(pg) == q
    # a new query: the address bar follows it, and that address opens and runs it again
    q2 = PREFIXES + "SELECT ?state WHERE { ?state a kzjp:State } ORDER BY ?state"
    pg.evaluate("q => window.kzYasgui.getTab().getYasqe().setValue(q)", q2)
    pg.click(".tabPanel.active .yasqe_queryButton")
    _wait_rows(pg, "kzr:japan")
    shared = pg.url
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(shared).query)["query"] == [q2]
    other = ui.context.new_page()
    other.goto(shared, wait_until="networkidle")
    _wait_rows(other, "kzr:kazakhstan")
    assert other.evaluate("window.kzYasgui.getTab().getYasqe().getValue()") == q2
    other.close()


def test_ctrl_enter_runs_and_tab_leaves_the_editor(ui) -> None:  # type: ignore[no-untyped-def]
    pg = ui.page
    pg.goto(ui.server.url + "/?lang=en", wait_until="networkidle")
    field = _active(pg).locator(".CodeMirror textarea")
    assert field.get_attribute("aria-label") == "SPARQL query editor"  # the editor has an accessible name
    assert field.get_attribute("aria-describedby") == "editor-help"
    _active(pg).locator(".CodeMirror").click()
    pg.keyboard.press("Control+a")
    pg.keyboard.press("Delete")
    pg.evaluate("q => window.kzYasgui.getTab().getYasqe().setValue(q)", PREFIXES + PERSONS)
    _active(pg).locator(".CodeMirror").click()
    pg.keyboard.press("Control+Enter")
    _wait_rows(pg, "kzr:nazarbayev")
    # WCAG 2.1.2: Tab and Shift+Tab move focus out of the editor instead of inserting a tab
    before = _editor_value(pg)
    _active(pg).locator(".CodeMirror").click()
    in_editor = "document.activeElement === window.kzYasgui.getTab().getYasqe().getInputField()"
    assert pg.evaluate(in_editor)
    pg.keyboard.press("Tab")  # to the editor's own buttons (share, run), then on through the page
    assert not pg.evaluate(in_editor)
    assert pg.evaluate("document.activeElement.getAttribute('aria-label')") == "Share query"
    _active(pg).locator(".CodeMirror").click()
    pg.keyboard.press("Shift+Tab")
    assert not pg.evaluate(in_editor)
    assert _editor_value(pg) == before


def test_a_download_is_offered(ui) -> None:  # type: ignore[no-untyped-def]
    pg = ui.page
    pg.goto(ui.server.url + "/?" + urllib.parse.urlencode({"query": PREFIXES + PERSONS}), wait_until="networkidle")
    _wait_rows(pg, "kzr:nazarbayev")
    assert [a.inner_text() for a in pg.locator("#downloads a").all()] == ["CSV", "TSV", "JSON"]
    with pg.expect_download() as info:
        pg.click("#downloads a.download-csv")
    dl = info.value
    assert dl.suggested_filename.endswith(".csv")
    body = Path(dl.path()).read_text(encoding="utf-8")
    assert body.splitlines()[0].strip() == "s" and "https://w3id.org/kzjp-kg/resource/nazarbayev" in body
    # a graph query offers graph formats
    construct = PREFIXES + "CONSTRUCT { ?s a kzjp:Person } WHERE { ?s a kzjp:Person }"
    pg.goto(ui.server.url + "/?" + urllib.parse.urlencode({"query": construct}), wait_until="networkidle")
    pg.locator("#downloads a.download-turtle").wait_for(timeout=15_000)
    with pg.expect_download() as info:
        pg.click("#downloads a.download-turtle")
    assert "kzjp:Person" in Path(info.value.path()).read_text(encoding="utf-8")


@pytest.mark.parametrize(("lang", "label"), [("kk", "Нұрсұлтан Назарбаев"), ("en", "Nursultan Nazarbayev"),
                                             ("kk-Latn", "Nursultan Nazarbaev")])
def test_results_show_prefixed_names_with_labels(ui, lang: str, label: str) -> None:  # type: ignore[no-untyped-def]
    pg = ui.page
    pg.goto(ui.server.url + "/?" + urllib.parse.urlencode({"query": PREFIXES + PERSONS, "lang": lang}),
            wait_until="networkidle")
    _wait_rows(pg, "kzr:nazarbayev")
    cell = _active(pg).locator(".yasr table.dataTable td", has_text="kzr:nazarbayev").first
    assert cell.locator(".kz-label").inner_text() == label
    assert cell.locator("a.iri").get_attribute("href") == "/page/resource/nazarbayev"
    if lang == "kk":
        pg.screenshot(path=str(ARTIFACTS / "ui-labels-kk.png"), full_page=True)


def test_asserted_only_toggle(ui) -> None:  # type: ignore[no-untyped-def]
    pg = ui.page
    q = PREFIXES + "SELECT ?v WHERE { kzr:nazarbayev kzjp:participatedIn ?v }"
    pg.goto(ui.server.url + "/?" + urllib.parse.urlencode({"query": q}), wait_until="networkidle")
    _wait_rows(pg, "kzr:visit-2008-06-nazarbayev-japan")  # the reasoner's triple
    pg.check("#asserted")
    pg.click(".tabPanel.active .yasqe_queryButton")
    _active(pg).locator(".yasr_response_chip", has_text="0 results").wait_for(timeout=15_000)
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(pg.url).query)["inference"] == ["none"]
    pg.goto(pg.url, wait_until="networkidle")  # the shared link keeps the toggle
    assert pg.is_checked("#asserted")
    _active(pg).locator(".yasr_response_chip", has_text="0 results").wait_for(timeout=15_000)


def test_completion_uses_the_ontology(ui) -> None:  # type: ignore[no-untyped-def]
    pg = ui.page
    pg.goto(ui.server.url + "/?lang=en", wait_until="networkidle")
    pg.evaluate("q => { const y = window.kzYasgui.getTab().getYasqe(); y.setValue(q); y.focus();"
                " y.setCursor(y.lastLine(), 1000); }", PREFIXES + "SELECT * WHERE { ?x a ")
    pg.keyboard.press("Control+Space")
    hints = pg.locator(".CodeMirror-hints")
    hints.wait_for(timeout=5_000)
    assert "kzjp:Visit — visit" in hints.inner_text()
    pg.keyboard.press("Escape")
    # a project prefix typed without its declaration gets it (the prefixes are the project's, never prefix.cc)
    pg.evaluate("() => { const y = window.kzYasgui.getTab().getYasqe(); y.setValue('SELECT * WHERE {\\n  ');"
                " y.focus(); y.setCursor(1, 2); }")
    pg.keyboard.type("kzr:")
    pg.wait_for_function("() => window.kzYasgui.getTab().getYasqe().getValue()"
                         ".startsWith('PREFIX kzr: <https://w3id.org/kzjp-kg/resource/>')", timeout=5_000)


def test_errors_are_marked_at_their_position(ui) -> None:  # type: ignore[no-untyped-def]
    pg = ui.page
    bad = "SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(?o = ) }"
    pg.goto(ui.server.url + "/?" + urllib.parse.urlencode({"query": bad}), wait_until="networkidle")
    _active(pg).locator(".yasr .errorResult").wait_for(timeout=15_000)
    assert "line 3, column" in _results(pg)
    pg.locator(".kz-error-line").wait_for(timeout=5_000)
    assert pg.locator(".kz-error-at").count() == 1
    pg.screenshot(path=str(ARTIFACTS / "ui-error.png"), full_page=True)


def test_sparql_in_a_browser_opens_the_ui(ui) -> None:  # type: ignore[no-untyped-def]
    pg = ui.page
    q = PREFIXES + PERSONS
    pg.goto(ui.server.url + "/sparql?" + urllib.parse.urlencode({"query": q}), wait_until="networkidle")
    assert urllib.parse.urlsplit(pg.url).path == "/"
    _wait_rows(pg, "kzr:nazarbayev")
    assert _editor_value(pg) == q
    pg.goto(ui.server.url + "/sparql", wait_until="networkidle")
    assert urllib.parse.urlsplit(pg.url).path == "/" and pg.locator("#yasgui, #query").count() == 1


def test_plain_text_area_fallback(ui) -> None:  # type: ignore[no-untyped-def]
    pg = ui.page
    pg.goto(ui.server.url + "/?" + urllib.parse.urlencode({"editor": "plain", "query": PREFIXES + PERSONS}),
            wait_until="networkidle")
    assert pg.locator("textarea#query").count() == 1 and pg.locator(".yasgui").count() == 0
    assert "plain text area" in pg.inner_text("p.notice")
    pg.locator("#results td", has_text="nazarbayev").wait_for(timeout=15_000)
    pg.fill("#query", PREFIXES + "SELECT ?s WHERE { ?s a kzjp:State }")
    pg.focus("#query")
    pg.keyboard.press("Control+Enter")
    pg.locator("#results td", has_text="japan").wait_for(timeout=15_000)
    pg.keyboard.press("Tab")
    assert pg.evaluate("document.activeElement.id") != "query"
    pg.click("#views button[data-view='timeline']")


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def _axe(pg) -> list[dict]:  # type: ignore[no-untyped-def]
    """axe-core's serious and critical violations on the page as it is now (axe injected inline: no request)."""
    if not AXE.is_file():
        _missing("axe-core is not installed (npm ci: it is a devDependency in package.json)")
    pg.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found = pg.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))")
    return [v for v in found if v["impact"] in ("serious", "critical")]


def test_accessibility_of_the_query_page(ui) -> None:  # type: ignore[no-untyped-def]
    pg = ui.page
    pg.goto(ui.server.url + "/?" + urllib.parse.urlencode({"query": PREFIXES + PERSONS, "lang": "kk"}),
            wait_until="networkidle")
    _wait_rows(pg, "kzr:nazarbayev")
    assert _axe(pg) == []
    pg.click("button.example[data-name='04-visit-graph']")
    _active(pg).locator(".yasr .kz-graph-box").wait_for(timeout=15_000)
    assert _axe(pg) == []
    pg.goto(ui.server.url + "/?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p }"}),
            wait_until="networkidle")
    _active(pg).locator(".yasr .errorResult").wait_for(timeout=15_000)
    assert _axe(pg) == []
    pg.set_viewport_size({"width": 390, "height": 844})
    assert _axe(pg) == []
    pg.goto(ui.server.url + "/?editor=plain", wait_until="networkidle")
    assert _axe(pg) == []


@pytest.mark.parametrize(("lang", "title", "inferred"), [
    ("kk", "Нұрсұлтан Назарбаев", "шығарылған"), ("en", "Nursultan Nazarbayev", "inferred")])
def test_entity_page(ui, lang: str, title: str, inferred: str) -> None:  # type: ignore[no-untyped-def]
    pg = ui.page
    pg.goto(f"{ui.server.url}/resource/nazarbayev?lang={lang}", wait_until="load")  # 303 to the HTML page
    assert pg.url.endswith(f"/page/resource/nazarbayev?lang={lang}")
    assert pg.inner_text("h1") == title
    assert inferred in pg.inner_text("tr.inferred")
    pg.screenshot(path=str(ARTIFACTS / f"entity-nazarbayev-{lang}.png"), full_page=True)


@pytest.fixture(scope="module")
def real_server(built: Path, tmp_path_factory: pytest.TempPathFactory, server_factory):  # type: ignore[no-untyped-def]
    """The project's own build served (the mini graph has no article, no defects and one visit)."""
    start, stop = server_factory
    tmp = tmp_path_factory.mktemp("browser-real")
    srv = start(tmp, "--build-dir", str(built), "--store", str(tmp / "store"), "--no-build", "--workers", "2")
    yield srv
    stop(srv)


#: The pages of the project's graph scanned by axe-core: an entity page, a sentence of the reading view, the data
#: quality page, the ontology, the class index and a class page with its facets (and one with a filter on), the two
#: pictures and a "not found" page.
AXE_PAGES = ("/page/resource/visit-2008-06-nazarbayev-japan?lang=en", "/page/resource/visit-2008-06-nazarbayev-japan"
             "?lang=kk", "/page/source/article-kk/s008?lang=kk", "/page/source/article-kk?lang=kk", "/quality",
             "/page/ontology", "/browse?lang=en", "/browse/Visit?lang=en", "/browse/Visit?lang=kk&year=2008",
             "/viz/timeline?lang=ru", "/viz/network?lang=ja", "/page/resource/no-such-thing?lang=kk")
#: scanned too, though their status is an error (the page a reader sees after a bad link)
AXE_ERRORS = {"/page/resource/no-such-thing?lang=kk": 404}


@pytest.mark.parametrize("path", AXE_PAGES)
def test_axe_on_the_pages_of_the_project_graph(browser, real_server, path: str) -> None:  # type: ignore[no-untyped-def]
    p = Page(browser, real_server)
    try:
        resp = p.page.goto(real_server.url + path, wait_until="load")
        assert resp is not None and resp.status == AXE_ERRORS.get(path, 200), path
        assert _axe(p.page) == [], path
        p.page.set_viewport_size({"width": 390, "height": 844})
        assert _axe(p.page) == [], f"{path} at 390 px"
    finally:
        p.close()
