"""The query UI at ``/``: YASGUI served from our own host, the example queries, the terms of the ontology for
autocompletion, a favicon, and ``/sparql`` opened in a browser.

Why the examples are files (``queries/*.rq``, a ``# title:`` and ``# description:`` header each): the README
includes the very same files, so every example shown to readers is one the UI can run (and a test runs them).

Why YASGUI is configured by ``static/query.js`` and fed by ``/ui/terms.json``: the bundle (``@zazuko/yasgui``,
pinned by the npm lock and copied into ``static/vendor/`` by ``scripts/install-web-assets.sh``) would ask Linked
Open Vocabularies for classes and properties; the page must make no request to another host, so the completers
read the classes and properties of *our* ontology, with their labels, from this server. Without the bundle (no
node/npm at setup) the page falls back to a plain text area (``static/app.js``) and says so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, current_app, redirect, render_template, request, send_from_directory
from werkzeug.wrappers import Response as WerkzeugResponse

from kzjp_kg.terms import short
from kzjp_kg.web.i18n import lang as i18n_lang

bp = Blueprint("ui", __name__)

QUERIES_DIR = Path(__file__).parent / "queries"
STATIC_DIR = Path(__file__).parent / "static"
OWL = "http://www.w3.org/2002/07/owl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
TERM_KINDS = {OWL + "Class": "classes", RDFS + "Class": "classes", OWL + "ObjectProperty": "properties",
              OWL + "DatatypeProperty": "properties", OWL + "AnnotationProperty": "properties",
              RDF + "Property": "properties"}


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    description: str
    text: str
    view: str = ""  # the result view the example opens in (``# view:`` header: timeline, graph), else the table


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
        out.append(Example(path.stem, head.get("title", path.stem), head.get("description", ""), text,
                           head.get("view", "")))
    return out


def page_lang() -> str:
    """The page language as every page decides it (:func:`kzjp_kg.web.i18n.lang`: ``?lang=``, the ``lang``
    cookie, ``Accept-Language``, English), so the query UI labels results in the language the reader picked
    elsewhere on the site."""
    return i18n_lang()


DEFAULT_PREFIXES = ("kzjp", "kzr", "kzs", "rdf", "rdfs", "xsd")
DEFAULT_BODY = "\nSELECT * WHERE {\n  ?s a kzjp:Visit ; rdfs:label ?label .\n}\nLIMIT 10\n"


def _prefix_block(prefixes: dict[str, str], names: tuple[str, ...] = DEFAULT_PREFIXES) -> str:
    return "".join(f"PREFIX {p}: <{prefixes[p]}>\n" for p in names if p in prefixes)


@bp.route("/")
def index() -> Response:
    from kzjp_kg.web.assets import editor_installed

    pool = current_app.extensions["kzjp_pool"]
    prefixes = current_app.config["KZJP_PREFIXES"]
    lang = page_lang()
    asked = request.args.get("query")
    found = examples()
    default_query = _prefix_block(prefixes) + DEFAULT_BODY
    cfg = {"endpoint": "/sparql", "lang": lang, "base": current_app.config["KZJP_BASE"], "prefixes": prefixes,
           "rowCap": pool.row_cap, "defaultQuery": default_query, "terms": "/ui/terms.json",
           "examples": [{"name": e.name, "title": e.title, "text": e.text} for e in found]}
    installed = editor_installed()
    plain = request.args.get("editor") == "plain"  # a plain text area on request (screen readers, old browsers)
    page = render_template("index.html", examples=found, editor=installed and not plain, installed=installed,
                           timeout=pool.timeout,
                           row_cap=pool.row_cap, body_limit=current_app.config["MAX_CONTENT_LENGTH"],
                           allow=current_app.config["KZJP_SERVICE_ALLOW"], graphs=current_app.extensions["kzjp_graphs"],
                           lang=lang, cfg=cfg,
                           query=asked if asked is not None else (found[0].text if found else default_query),
                           asserted=request.args.get("inference", "").lower() == "none")
    resp = Response(page, content_type="text/html; charset=utf-8")
    resp.headers["Vary"] = "Accept-Language"  # the page's language (labels in results) follows it without ?lang=
    return resp


def _short(iri: str, prefixes: dict[str, str]) -> str:
    return short(iri, prefixes, bracket=True)


def ontology_terms() -> dict[str, Any]:
    """The ontology's classes and properties with their labels (every language), for the editor's completion.

    Read from the ontology's named graph when the store has one, else from the whole dataset; computed once per
    server (the store does not change while it runs)."""
    cached = current_app.extensions.get("kzjp_ui_terms")
    if cached is not None:
        return cached
    from kzjp_kg.web.lookup import namespaces
    from kzjp_kg.web.sparql import run_query

    prefixes = current_app.config["KZJP_PREFIXES"]
    onto = str(namespaces().KZG.ontology)
    values = " ".join(f"<{t}>" for t in TERM_KINDS)
    pattern = (f"VALUES ?type {{ {values} }} ?t a ?type . FILTER(isIRI(?t)) "
               f"OPTIONAL {{ ?t <{RDFS}label> ?l }}")
    if onto in current_app.extensions["kzjp_graphs"]:
        pattern = f"GRAPH <{onto}> {{ {pattern} }}"
    rows = run_query(f"SELECT ?t ?type ?l WHERE {{ {pattern} }}", results_format="python",
                     check=False).python[1]
    found: dict[str, dict[str, Any]] = {}
    for r in rows:
        iri = r["t"].value
        kind = TERM_KINDS[r["type"].value]
        entry = found.setdefault(iri, {"iri": iri, "name": _short(iri, prefixes), "kind": kind, "labels": {}})
        if kind == "classes":
            entry["kind"] = kind  # a term typed both ways (punning) completes as a class after "a"
        if r.get("l") is not None:
            entry["labels"].setdefault(r["l"].language or "", r["l"].value)
    terms = {"prefixes": prefixes,
             "classes": sorted((t for t in found.values() if t["kind"] == "classes"), key=lambda t: t["name"]),
             "properties": sorted((t for t in found.values() if t["kind"] == "properties"), key=lambda t: t["name"])}
    for group in ("classes", "properties"):
        for t in terms[group]:
            del t["kind"]
    current_app.extensions["kzjp_ui_terms"] = terms
    return terms


@bp.route("/ui/terms.json")
def terms_json() -> Response:
    body = json.dumps(ontology_terms(), ensure_ascii=False, sort_keys=True)
    resp = Response(body, content_type="application/json; charset=utf-8")
    resp.headers["Cache-Control"] = "public, max-age=300"
    return resp


@bp.route("/favicon.ico")
def favicon() -> Response:
    resp = send_from_directory(STATIC_DIR, "favicon.ico", mimetype="image/x-icon")
    resp.headers["Cache-Control"] = "public, max-age=86400"
    return resp


def _quality(media: str, ranges: list[tuple[str, float]], *, wildcards: bool = True) -> float:
    best, spec = 0.0, -1
    for rng, q in ranges:
        s = 2 if rng == media else 1 if (wildcards and rng == media.split("/")[0] + "/*") else \
            0 if (wildcards and rng == "*/*") else -1
        if s > spec:
            best, spec = q, s
    return best if spec >= 0 else 0.0


def prefers_html(accept: str | None) -> bool:
    """True when ``Accept`` ranks HTML above every format ``/sparql`` writes (a browser, not a SPARQL client)."""
    from kzjp_kg.store.results import GRAPH_FORMATS, RESULT_FORMATS
    from kzjp_kg.web.negotiate import parse_accept

    if not accept:
        return False
    ranges = parse_accept(accept)
    html = max(_quality("text/html", ranges), _quality("application/xhtml+xml", ranges))
    if html <= 0:
        return False
    media = {m for f in (*RESULT_FORMATS, *GRAPH_FORMATS) for m in (f.media_type, *f.aliases) if "/" in m}
    return html > max(_quality(m, ranges) for m in media)


@bp.before_app_request
def _browser_at_sparql() -> WerkzeugResponse | None:
    """``GET /sparql`` from a browser (HTML preferred, no ``format``): the UI, with the query carried over."""
    if request.method != "GET" or request.path not in ("/sparql", "/sparql/"):
        return None
    if "format" in request.args or "output" in request.args or not prefers_html(request.headers.get("Accept")):
        return None
    qs = request.query_string.decode("ascii", errors="replace")
    resp = redirect("/" + (f"?{qs}" if qs else ""), code=303)
    resp.headers["Vary"] = "Accept"
    return resp
