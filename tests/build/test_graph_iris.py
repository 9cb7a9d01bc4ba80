"""Graph IRIs under a base come from ``config.Namespaces(base)``, never from string concatenation.

Why: a deployment under another base (``KZJP_BASE``) must find its layer graphs; a ``base + "graph/…"`` spelled in
one more place is one more place to forget when the layout of the IRIs changes.
"""

from __future__ import annotations

import re

from flask import Flask

from kzjp_kg import config
from kzjp_kg.web import browse

OTHER_BASE = "https://example.org/kg/"


def test_browse_reads_the_layer_graphs_of_the_served_base() -> None:
    app = Flask("t")
    app.config["KZJP_BASE"] = OTHER_BASE
    with app.app_context():
        assert browse._graph("facts").value == str(config.Namespaces(OTHER_BASE).KZG.facts)
        assert browse._graph("facts").value == OTHER_BASE + "graph/facts"


def test_no_graph_iri_is_concatenated_in_the_package() -> None:
    """Outside ``config.Namespaces`` itself, no source file glues ``graph/`` onto a base."""
    glued = re.compile(r"""\+\s*["']graph/|endswith\(["']/graph/""")
    offenders = [f"{p.relative_to(config.ROOT)}:{n}" for p in sorted((config.ROOT / "kzjp_kg").rglob("*.py"))
                 if p.name != "config.py"
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if glued.search(line)]
    assert offenders == [], offenders
