"""The README's generated parts are the graph's: example results, images, and the sections a newcomer needs."""

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
IMG = config.ROOT / "docs" / "img"
SVG = "{http://www.w3.org/2000/svg}"
SECTIONS = ("The two commands", "What the graph answers", "Pictures", "Ontology documentation", "Notebooks",
            "Where the data comes from", "How data flows", "Wikidata links", "Source defects", "Licences",
            "How to cite")


def test_example_results_match_the_graph(built: Path) -> None:
    out = subprocess.run([sys.executable, str(config.ROOT / "scripts" / "readme_examples.py"), "--check",
                          "--build-dir", str(built)], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]


def test_every_example_query_is_in_the_readme_with_rows() -> None:
    text = README.read_text(encoding="utf-8")
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


def test_readme_has_the_newcomers_sections_and_links() -> None:
    text = README.read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, re.M)
    for s in SECTIONS:
        assert s in headings, f"README lost its section {s!r}"
    for target in re.findall(r"\]\(((?:docs|notebooks|graph)/[^)#]+)\)", text):
        assert (config.ROOT / target).exists(), target
    assert "make run" in text and "make test" in text and "/ontology" in text and "/viz/timeline" in text
