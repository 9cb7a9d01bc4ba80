"""The README and its docs pages: the generated example results (docs/queries.md) and images are the graph's, the
README keeps the sections a newcomer needs and its size, and every relative link of the README and docs/ resolves."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kzjp_kg import config
from kzjp_kg.ontodoc import diagram_model
from kzjp_kg.viz.network import network_rows
from kzjp_kg.viz.timeline import timeline_rows

README = config.ROOT / "README.md"
DOCS = config.ROOT / "docs"
QUERIES_PAGE = DOCS / "queries.md"
IMG = config.ROOT / "docs" / "img"
SVG = "{http://www.w3.org/2000/svg}"
SECTIONS = ("The two commands", "What you can do", "Statements: references and ranks", "How data flows",
            "Working on the code", "More documentation", "Licences", "How to cite")
#: a link's target, without its anchor; absolute URLs and in-page anchors are not files
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def test_example_results_match_the_graph(built: Path) -> None:
    out = subprocess.run([sys.executable, str(config.ROOT / "scripts" / "readme_examples.py"), "--check",
                          "--build-dir", str(built)], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]


def test_every_example_query_is_in_docs_queries_with_rows() -> None:
    text = QUERIES_PAGE.read_text(encoding="utf-8")
    block = text[text.index("<!-- examples:start"):text.index("<!-- examples:end -->")]
    queries = sorted((config.ROOT / "scripts" / "readme_queries").glob("*.rq"))
    assert len(queries) >= 6
    for q in queries:
        assert f"`scripts/readme_queries/{q.name}`" in block
    counts = [int(n) for n in re.findall(r"^\*(\d+) rows?", block, re.M)]
    assert len(counts) == len(queries) and all(counts)


def test_images_are_pictures_of_the_current_graph(store: ox.Store) -> None:
    rows, _ = timeline_rows(store)
    root = ET.parse(IMG / "timeline.svg").getroot()
    marks = sum(len(list(g.iter(SVG + "use"))) for g in root.iter(SVG + "g") if g.get("id", "").startswith("marks-"))
    assert marks == len(rows), "docs/img/timeline.svg is stale: run scripts/readme_images.py"
    root = ET.parse(IMG / "network.svg").getroot()
    arrows = [g for g in root.iter(SVG + "g") if (g.get("id") or "").startswith("edge-")]
    assert len(arrows) == len(network_rows(store)), "docs/img/network.svg is stale: run scripts/readme_images.py"
    onto = Graph()
    for f in sorted(config.ONTOLOGY_DIR.glob("*.ttl")):
        onto.parse(f, format="turtle")
    root = ET.parse(IMG / "ontology.svg").getroot()
    drawn = {a.get("data-iri") for a in root.iter(SVG + "a") if a.get("class") == "od-class"}
    assert drawn == {str(c) for c in diagram_model(onto).nodes}, "docs/img/ontology.svg is stale"
    for name in ("timeline.png", "network.png"):
        assert (IMG / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_readme_has_the_newcomers_sections_in_order_and_stays_short() -> None:
    text = README.read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, re.M)
    for s in SECTIONS:
        assert s in headings, f"README lost its section {s!r}"
    assert [h for h in headings if h in SECTIONS] == list(SECTIONS), "README's sections are out of order"
    assert len(text.encode("utf-8")) < 12_000, "README.md is over 12 KB: move the detail into a docs/ page"
    assert "make run" in text and "make test" in text and "/ontology" in text and "/viz/timeline" in text
    assert "](docs/design.md" in text


def _links(path: Path) -> list[str]:
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.S)  # links inside code are not links
    return [t for t in LINK.findall(text) if not re.match(r"[a-z][a-z0-9+.-]*:", t)]


def test_every_relative_link_of_the_readme_and_docs_resolves() -> None:
    pages = [README, *sorted(DOCS.glob("*.md"))]
    missing = [f"{page.relative_to(config.ROOT)} -> {target}" for page in pages for target in _links(page)
               if not (page.parent / target).exists()]
    assert not missing, missing


def test_readme_links_every_docs_page() -> None:
    text = README.read_text(encoding="utf-8")
    for page in sorted(DOCS.glob("*.md")):
        assert f"](docs/{page.name})" in text, f"README's 'More documentation' does not link docs/{page.name}"


def test_readme_queries_are_the_generated_examples() -> None:
    """The README's SPARQL blocks are example files verbatim (with their PREFIX lines), so they stay runnable."""
    text = README.read_text(encoding="utf-8")
    blocks = [b.strip() for b in re.findall(r"```sparql\n(.*?)```", text, re.S)]
    files = {"\n".join(ln for ln in q.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")).strip()
             for q in (config.ROOT / "scripts" / "readme_queries").glob("*.rq")}
    assert len(blocks) >= 2
    for b in blocks:
        assert b in files, f"README's query is not one of scripts/readme_queries/*.rq:\n{b}"
