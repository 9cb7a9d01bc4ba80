"""Write the README's pictures into ``docs/img/``: the timeline and the actors' network (PNG and SVG), and the
ontology diagram (SVG), drawn from a build of this checkout by the same code and queries as ``/viz`` and the
notebooks.

Why committed: GitHub shows a README's images only from the repository, so these generated files are committed
(the only generated files outside ``graph/source/*.sentences.ttl``). ``tests/viz/test_readme.py`` checks they are
still the pictures of the current graph (marks and arrows counted in the SVGs against the queries' rows).

    .venv/bin/python scripts/readme_images.py [--build-dir DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rdflib import Graph  # noqa: E402

from kzjp_kg import config  # noqa: E402
from kzjp_kg.ontodoc import render_diagram  # noqa: E402
from kzjp_kg.viz.data import notebook_build, open_store  # noqa: E402
from kzjp_kg.viz.network import draw_network, network_rows  # noqa: E402
from kzjp_kg.viz.style import save  # noqa: E402
from kzjp_kg.viz.timeline import draw_timeline, timeline_rows  # noqa: E402

IMG = ROOT / "docs" / "img"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", type=Path, default=None, help="a build to draw (default: the notebooks' "
                                                                     "temp build, made if missing)")
    parser.add_argument("--out", type=Path, default=IMG, help="folder to write into (default docs/img)")
    args = parser.parse_args(argv)
    store = open_store(args.build_dir or notebook_build())
    rows, periods = timeline_rows(store)
    fig, marks = draw_timeline(rows, periods)
    written = save(fig, args.out / "timeline")
    fig, arrows = draw_network(network_rows(store))
    written += save(fig, args.out / "network")
    onto = Graph()
    for f in sorted(config.ONTOLOGY_DIR.glob("*.ttl")):
        onto.parse(f, format="turtle")
    path = args.out / "ontology.svg"
    svg = render_diagram(onto, href=config.NS.ontology_iri + "#")  # a class opens its entry at the ontology IRI
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n", encoding="utf-8")
    written.append(path)
    for p in written:
        print(f"{p.relative_to(ROOT) if p.is_relative_to(ROOT) else p}  {p.stat().st_size:,} bytes")
    print(f"timeline: {marks} marks; network: {arrows} arrows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
