"""Screenshots of the web front for the documentation: the query UI, an entity page, the reading view, a class page
with its facets and the data-quality page, each at 1280 px (a laptop) and 390 px (a phone) wide, into
``docs/img/web/``.

Why a script and committed PNGs: the README shows what the pages look like, and GitHub shows only images in the
repository. It serves a build of this checkout with ``kzjp-kg serve`` on 127.0.0.1 (as ``tests/web/conftest.py``
does: a subprocess on a port of its own choosing) and drives Debian's chromium through Playwright, launched as
``tests/web/test_browser.py`` launches it (system browser, no network). Full pages are cut at 2400 px, and a PNG
over 300 KB is reduced to 256 colours, so the repository stays small.

    .venv/bin/python scripts/screenshots.py [--build-dir DIR] [--out docs/img/web]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kzjp_kg.viz.data import notebook_build  # noqa: E402
from tests.web.conftest import start_server, stop_server  # noqa: E402
from tests.web.test_browser import CHROMIUM  # noqa: E402

OUT = ROOT / "docs" / "img" / "web"
#: (file stem, path): the pages a reader meets first.
PAGES = (("query-ui", "/?lang=en"),
         ("entity-visit-2008", "/page/resource/visit-2008-06-nazarbayev-japan?lang=en"),
         ("reading-view", "/page/source/article-kk?lang=kk"),
         ("browse-visit", "/browse/Visit?lang=en"),
         ("quality", "/quality"))
WIDTHS = (1280, 390)
MAX_HEIGHT = 2400
MAX_BYTES = 300 * 1024


def _shrink(path: Path) -> None:
    """Reduce a PNG over MAX_BYTES to a 256-colour palette (text and flat colours survive it well)."""
    if path.stat().st_size <= MAX_BYTES:
        return
    from PIL import Image

    with Image.open(path) as img:
        small = img.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def shoot(url: str, out: Path) -> list[Path]:
    """Every page of PAGES at every width of WIDTHS, as ``<stem>-<width>.png`` in ``out``."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1)
            context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(url) else r.abort())
            page = context.new_page()
            for stem, path in PAGES:
                page.goto(url + path, wait_until="networkidle")
                height = min(int(page.evaluate("document.documentElement.scrollHeight")), MAX_HEIGHT)
                target = out / f"{stem}-{width}.png"
                page.screenshot(path=str(target), full_page=True,
                                clip={"x": 0, "y": 0, "width": width, "height": height})
                _shrink(target)
                written.append(target)
            context.close()
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", type=Path, default=None,
                        help="a build to serve (default: the notebooks' temp build, made if missing)")
    parser.add_argument("--out", type=Path, default=OUT, help="folder to write into (default docs/img/web)")
    args = parser.parse_args(argv)
    build = args.build_dir or notebook_build()
    if not CHROMIUM.exists():
        print(f"no chromium at {CHROMIUM}: apt-get install -y --no-install-recommends chromium", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        server = start_server(Path(tmp), "--build-dir", str(build), "--store", str(Path(tmp) / "store"),
                              "--no-build", "--workers", "2")
        try:
            for path in shoot(server.url, args.out):
                print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} "
                      f"({path.stat().st_size // 1024} KB)")
        finally:
            stop_server(server)
    return 0


if __name__ == "__main__":
    sys.exit(main())
