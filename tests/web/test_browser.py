"""The UI in Debian's chromium (headless, driven by playwright): run an example query, see the table, open an
entity page in Kazakh and in English. Screenshots go to tests/artifacts/ (git-ignored) for a human to look at.

Never ``playwright install``: the browser is the system's ``/usr/bin/chromium`` (``apt-get install chromium``).
The launch flags keep chromium off the network (no component updates, sync or background requests).
"""

from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture(scope="module")
def page():  # type: ignore[no-untyped-def]
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium "
                    "(apt-get install -y --no-install-recommends chromium; `make test` does it)")
    playwright = pytest.importorskip("playwright.sync_api")
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        pg = browser.new_page(viewport={"width": 1280, "height": 900})
        yield pg
        browser.close()


def test_example_query_shows_result_table(server, page) -> None:  # type: ignore[no-untyped-def]
    from kzjp_kg.web.assets import editor_installed

    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(server.url + "/", wait_until="load")
    # the editor is served by us (no CDN): every request the page made went to the server under test
    assert requested and all(u.startswith(server.url + "/") for u in requested), requested
    assert page.locator(".CodeMirror").count() == (1 if editor_installed() else 0)
    page.click("button.example[data-name='01-visits-timeline']")
    cell = page.locator("#results table.results td", has_text="Nazarbayev's visit to Japan (2008)")
    cell.wait_for(timeout=15_000)
    assert page.locator("#results table.results tbody tr").count() == 1
    assert "2008-06-19" in page.inner_text("#results")
    page.screenshot(path=str(ARTIFACTS / "ui-example-table.png"), full_page=True)
    page.click("#views button[data-view='timeline']")
    page.locator("#results svg.timeline").wait_for(timeout=5_000)
    page.screenshot(path=str(ARTIFACTS / "ui-example-timeline.png"), full_page=True)


def test_construct_shows_graph(server, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(server.url + "/", wait_until="load")
    page.click("button.example[data-name='04-visit-graph']")
    page.locator("#results svg.graph").wait_for(timeout=15_000)
    assert "Nursultan Nazarbayev" in page.inner_text("#results")
    page.screenshot(path=str(ARTIFACTS / "ui-construct-graph.png"), full_page=True)


@pytest.mark.parametrize(("lang", "title", "inferred"), [
    ("kk", "Нұрсұлтан Назарбаев", "шығарылған"), ("en", "Nursultan Nazarbayev", "inferred")])
def test_entity_page(server, page, lang: str, title: str, inferred: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server.url}/resource/nazarbayev?lang={lang}", wait_until="load")  # 303 to the HTML page
    assert page.url.endswith(f"/page/resource/nazarbayev?lang={lang}")
    assert page.inner_text("h1") == title
    assert inferred in page.inner_text("tr.inferred")
    page.screenshot(path=str(ARTIFACTS / f"entity-nazarbayev-{lang}.png"), full_page=True)
