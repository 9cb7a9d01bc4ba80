"""Pictures of the served graph: ``/viz/timeline`` and ``/viz/network`` (HTML), ``.svg`` and ``.png`` of each.

Why here and drawn from the store: the pictures the endpoint shows must be of the graph it serves, and made by
the same SPARQL files (``kzjp_kg/viz/queries/*.rq``) and the same drawing code as the notebooks and the README
images. Each answer says what was drawn: the headers ``X-Kzjp-Rows`` (rows the query returned) and
``X-Kzjp-Marks`` (marks or arrows actually put on the picture, read back from the figure). The store does not
change under a running server, so each picture is drawn once and kept.
"""

from __future__ import annotations

import html
import io
import threading
from dataclasses import dataclass

from flask import Blueprint, Response, current_app

from kzjp_kg.web.sparql import HttpError, error_response, run_query

bp = Blueprint("viz", __name__, url_prefix="/viz")

_LOCK = threading.Lock()  # matplotlib's text layout is not thread-safe: draw one picture at a time
FORMATS = {"svg": "image/svg+xml", "png": "image/png"}


@dataclass
class Picture:
    """One drawn picture: its files, the query rows it was drawn from and the marks drawn."""

    files: dict[str, bytes]
    rows: int
    marks: int
    query: str
    extra: str = ""  # the network's interactive page


def _select(sparql: str) -> list[dict[str, str | None]]:
    """Run a viz query through the pool; rows as plain strings, like :func:`kzjp_kg.viz.data.select`."""
    variables, rows = run_query(sparql, results_format="python", check=False).python
    return [{v: (r[v].value if v in r else None) for v in variables} for r in rows]


def _render(fig) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    out = {}
    for fmt in FORMATS:
        buf = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(buf, format=fmt, dpi=110, metadata=metadata)
        out[fmt] = buf.getvalue()
    return out


def _timeline() -> Picture:
    from kzjp_kg.viz.timeline import draw_timeline, periods_query, timeline_query

    rows, periods = _select(timeline_query()), _select(periods_query())
    fig, marks = draw_timeline(rows, periods)
    return Picture(_render(fig), len(rows), marks, timeline_query())


def _network() -> Picture:
    from kzjp_kg.viz.network import draw_network, network_html, network_query
    from kzjp_kg.web.pages import href

    rows = _select(network_query())
    fig, drawn = draw_network(rows)
    return Picture(_render(fig), len(rows), drawn, network_query(), network_html(rows, href=href))


DRAW = {"timeline": _timeline, "network": _network}


def picture(name: str) -> Picture:
    """The picture ``name``, drawn on first use; HttpError 503 when the drawing libraries are not installed."""
    cache = current_app.extensions.setdefault("kzjp_viz", {})
    if name not in cache:
        with _LOCK:
            if name not in cache:
                try:
                    cache[name] = DRAW[name]()
                except ImportError as exc:
                    raise HttpError(503, f"drawing needs matplotlib and networkx ({exc}). Install them with "
                                         "`pip install -e '.[notebooks]'` (`make run` does).") from exc
    return cache[name]


def _headers(p: Picture) -> dict[str, str]:
    return {"X-Kzjp-Rows": str(p.rows), "X-Kzjp-Marks": str(p.marks), "Cache-Control": "max-age=300"}


@bp.route("/")
@bp.route("")
def index() -> str:
    return _PAGE.format(title="Pictures of the graph · Графтың суреттері", body=(
        '<ul><li><a href="/viz/timeline">The relationship over time · Қатынастар уақыт бойынша</a> '
        '(<a href="/viz/timeline.svg">SVG</a>, <a href="/viz/timeline.png">PNG</a>)</li>'
        '<li><a href="/viz/network">Actors: who met whom, who proposed or signed what · Актерлер</a> '
        '(<a href="/viz/network.svg">SVG</a>, <a href="/viz/network.png">PNG</a>)</li></ul>'))


@bp.route("/<name>.<fmt>")
def image(name: str, fmt: str) -> Response:
    if name not in DRAW or fmt not in FORMATS:
        return error_response(404, f"/viz/{name}.{fmt}: no such picture. Try /viz/timeline.svg, "
                                   "/viz/timeline.png, /viz/network.svg or /viz/network.png.")
    try:
        p = picture(name)
    except HttpError as exc:
        return error_response(exc.status, exc.message)
    return Response(p.files[fmt], content_type=FORMATS[fmt] + ("; charset=utf-8" if fmt == "svg" else ""),
                    headers=_headers(p))


@bp.route("/<name>")
def page(name: str) -> Response:
    if name not in DRAW:
        return error_response(404, f"/viz/{name}: no such picture. Try /viz/timeline or /viz/network.")
    try:
        p = picture(name)
    except HttpError as exc:
        return error_response(exc.status, exc.message)
    if name == "network":
        return Response(p.extra, content_type="text/html; charset=utf-8", headers=_headers(p))
    svg = p.files["svg"].decode("utf-8")
    svg = svg[svg.index("<svg"):]  # inline: drop the XML declaration and doctype
    body = (f"<p>{p.marks} marks drawn from the {p.rows} rows of the SPARQL query below (run on this endpoint's "
            f"graph). <a href='/viz/timeline.svg'>SVG</a> · <a href='/viz/timeline.png'>PNG</a> · "
            f"<a href='/viz/network'>actors</a> · <a href='/ontology'>ontology</a></p>"
            f"<div class=pic>{svg}</div><details><summary>The query · Сұрау</summary>"
            f"<pre>{html.escape(p.query)}</pre></details>")
    return Response(_PAGE.format(title="Kazakhstan–Japan relations over time · Қазақстан–Жапония қатынастары",
                                 body=body), content_type="text/html; charset=utf-8", headers=_headers(p))


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>body {{ font-family: "DejaVu Sans", system-ui, sans-serif; margin: 1rem auto; max-width: 90rem; padding: 0 1rem;
color: #222; }} .pic svg {{ max-width: 100%; height: auto; }} pre {{ background: #f6f8fa; padding: .6rem;
overflow-x: auto; }}</style></head><body><p><a href="/">kzjp-kg</a> · <a href="/viz/">pictures</a></p>
<h1>{title}</h1>
{body}
</body></html>
"""
