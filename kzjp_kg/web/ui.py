"""The query UI at ``/``: an offline SPARQL editor, the example queries, results as table, timeline or graph.

Why the examples are files (``queries/*.rq``, a ``# title:`` and ``# description:`` header each): the README
includes the very same files, so every example shown to readers is one the UI can run (and a test runs them).
The editor is CodeMirror 5, bundled from the npm lock into ``static/vendor/`` (no CDN); without it the page
falls back to a plain text area and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, current_app, render_template

bp = Blueprint("ui", __name__)

QUERIES_DIR = Path(__file__).parent / "queries"


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    description: str
    text: str


def examples() -> list[Example]:
    """The example queries, in file-name order."""
    out = []
    for path in sorted(QUERIES_DIR.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        head = {}
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            key, sep, value = line[1:].strip().partition(":")
            if sep:
                head[key.strip().lower()] = value.strip()
        out.append(Example(path.stem, head.get("title", path.stem), head.get("description", ""), text))
    return out


@bp.route("/")
def index() -> str:
    from kzjp_kg.web.assets import editor_installed

    pool = current_app.extensions["kzjp_pool"]
    return render_template("index.html", examples=examples(), editor=editor_installed(), timeout=pool.timeout,
                           row_cap=pool.row_cap, body_limit=current_app.config["MAX_CONTENT_LENGTH"],
                           allow=current_app.config["KZJP_SERVICE_ALLOW"], graphs=current_app.extensions["kzjp_graphs"])
