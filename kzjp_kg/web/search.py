"""``/search``: labels in every language (kk, kk-Latn, en, ru, ja) containing the words typed, case-insensitively.

Why a label search beside SPARQL: people arrive with a name in one of five scripts, not an IRI. The words typed
reach the query only as an escaped literal (``rq/search.rq``, bound by :func:`kzjp_kg.web.lookup.bind`), so
quotes and braces are searched for, never run.
"""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, jsonify, render_template, request

from kzjp_kg.store.results import GRAPH_FORMATS
from kzjp_kg.web import lookup
from kzjp_kg.web.negotiate import choose

bp = Blueprint("search", __name__)


def find(q: str) -> list[dict]:
    """Up to 50 resources whose label contains ``q`` (shortest labels first)."""
    rows = lookup.select("search", text=ox.Literal(q.lower()))
    return [{"iri": r["x"].value, "label": r["l"].value, "lang": r["l"].language or "",
             "href": lookup.href(r["x"].value)} for r in rows]


def wants_json() -> bool:
    """``format=json``, or an Accept that takes JSON and does not name HTML (a program, not a browser)."""
    if request.args.get("format") == "json":
        return True
    accept = request.headers.get("Accept", "text/html")
    return choose([f for f in GRAPH_FORMATS if f.name == "jsonld"], accept) is not None and "text/html" not in accept


@bp.route("/search")
def search() -> Response | str:
    q = request.args.get("q", "").strip()
    results = find(q) if q else []
    if wants_json():
        return jsonify(results)
    return render_template("search.html", q=q, results=results)
