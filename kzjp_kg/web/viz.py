"""Pictures of the served graph: ``/viz/timeline`` and ``/viz/network`` (HTML), ``.svg`` and ``.png`` of each.

Why here and drawn from the store: the pictures the endpoint shows must be of the graph it serves, and made by
the same SPARQL files (``kzjp_kg/viz/queries/*.rq``) and the same drawing code as the notebooks and the README
images. Each answer says what was drawn: the headers ``X-Kzjp-Rows`` (rows the query returned) and
``X-Kzjp-Marks`` (marks or arrows actually put on the picture, read back from the figure). The store does not
change under a running server, so each picture is drawn once and kept.

Why the HTML pages are ``templates/viz.html`` (extending base.html): a picture is a page of the site like any
other — navigation, language switcher, ``<html lang>`` and the site's words in the reader's language. The network's
interactive SVG and script come from :func:`kzjp_kg.viz.network.network_html` (the notebooks' self-contained page)
and are lifted out of that page (:func:`_network_parts`), so there is one drawing code for both.
"""

from __future__ import annotations

import io
import re
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import Blueprint, Response, current_app, render_template
from markupsafe import Markup

from kzjp_kg.web.sparql import HttpError, error_response, run_query

if TYPE_CHECKING:
    from matplotlib.figure import Figure

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
    extra: str = ""  # the network's interactive SVG, legends and script (a fragment of a page)
    style: str = ""  # the CSS that fragment needs
    nodes: int = 0  # the network's nodes (actors, documents, doctrines)


def _select(sparql: str) -> list[dict[str, str | None]]:
    """Run a viz query through the pool; rows as plain strings, like :func:`kzjp_kg.viz.data.select`."""
    variables, rows = run_query(sparql, results_format="python", check=False).python
    return [{v: (r[v].value if v in r else None) for v in variables} for r in rows]


def _render(fig: Figure) -> dict[str, bytes]:
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
    from kzjp_kg.viz.network import build_network, draw_network, network_html, network_query
    from kzjp_kg.web.pages import href

    rows = _select(network_query())
    fig, drawn = draw_network(rows)
    style, fragment = _network_parts(network_html(rows, href=href))
    return Picture(_render(fig), len(rows), drawn, network_query(), fragment, style,
                   build_network(rows).number_of_nodes())


def _network_parts(page: str) -> tuple[str, str]:
    """The CSS and the interactive part (legends, SVG, script) of ``network_html``'s standalone page, for a page of
    the site: its ``body`` rule, title and English intro are dropped (base.html and the catalogs give those); its
    SVG holds links, so it is a ``group``, not an ``img`` (whose children assistive technology never reaches); its
    en/kk buttons rename the nodes only, and no longer relabel the whole document (whose text stays in the page
    language)."""
    style = re.search(r"<style>(.*?)</style>", page, re.S)
    body = re.search(r'(<p class="legend">.*</script>)', page, re.S)
    if style is None or body is None:
        raise HttpError(500, "the network page of kzjp_kg.viz.network has changed shape: no <style> or legend.")
    css = "\n".join(line for line in style.group(1).splitlines() if not line.startswith("body "))
    fragment = body.group(1)
    fragment = fragment.replace("document.documentElement.lang = b.dataset.lang;",
                                'svg.setAttribute("lang", b.dataset.lang);')
    return css, fragment


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
    return render_template("viz.html", name="index", title_key="viz.title")


@bp.route("/<name>.<fmt>")
def image(name: str, fmt: str) -> Response:
    if name not in DRAW or fmt not in FORMATS:
        return error_response(404, f"/viz/{name}.{fmt}: no such picture. Try /viz/timeline.svg, "
                                   "/viz/timeline.png, /viz/network.svg or /viz/network.png.")
    p = picture(name)  # an HttpError is answered by the errors blueprint
    return Response(p.files[fmt], content_type=FORMATS[fmt] + ("; charset=utf-8" if fmt == "svg" else ""),
                    headers=_headers(p))


@bp.route("/<name>")
def page(name: str) -> Response:
    if name not in DRAW:
        return error_response(404, f"/viz/{name}: no such picture. Try /viz/timeline or /viz/network.")
    p = picture(name)  # an HttpError is answered by the errors blueprint
    svg = p.files["svg"].decode("utf-8")
    svg = svg[svg.index("<svg"):]  # inline: drop the XML declaration and doctype
    body = render_template("viz.html", name=name, title_key=f"viz.{name}.title", p=p, svg=Markup(svg),
                           fragment=Markup(p.extra), style=Markup(p.style))
    return Response(body, content_type="text/html; charset=utf-8", headers=_headers(p))
