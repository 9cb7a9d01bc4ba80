"""Linked Data: every IRI of the graph dereferences (Cool URIs, 303 See Other), plus /ontology, /void, /dumps.

Why 303 and separate page/data URLs: the IRI names the thing (a person, a visit), not a document about it.
``/resource/x`` answers 303 to ``/page/resource/x`` for browsers and ``/data/resource/x.ttl`` (or ``.jsonld``)
for RDF clients, chosen by ``Accept``. The server's own paths map to IRIs under the configured base, so a
deployment under another base still dereferences its IRIs.
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import pyoxigraph as ox
from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_from_directory,
)

from kzjp_kg.store.results import GRAPH_FORMATS
from kzjp_kg.web.negotiate import choose
from kzjp_kg.web.sparql import HttpError, error_response, run_query

bp = Blueprint("pages", __name__)

LANGS = ("kk", "kk-Latn", "en", "ru", "ja")
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL_PROPS = ("http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel")
UI_TEXT = {
    "kk": {"types": "Түрлері", "facts": "Деректер", "incoming": "Кіріс сілтемелер", "inferred": "шығарылған",
           "stated": "Дереккөз сөйлемі", "labels": "Атаулар", "wikidata": "Уикидеректер", "data": "Деректер (RDF)",
           "search": "Іздеу", "query": "Сұрау"},
    "en": {"types": "Types", "facts": "Facts", "incoming": "Incoming links", "inferred": "inferred",
           "stated": "Source sentence", "labels": "Labels", "wikidata": "Wikidata", "data": "Data (RDF)",
           "search": "Search", "query": "Query"},
}


def _base() -> str:
    return current_app.config["KZJP_BASE"]


def iri_of(path: str) -> str:
    return _base() + path


def local_path(iri: str) -> str | None:
    """The server path of an IRI under our base, or None for external IRIs."""
    base = _base()
    if iri.startswith(base):
        return iri[len(base):].split("#")[0]
    return None


def wants_rdf() -> ox.RdfFormat | None:
    accept = request.headers.get("Accept", "")
    html_q = max((q for r, q in _ranges(accept) if r in ("text/html", "application/xhtml+xml")), default=0.0)
    fmt = choose([f for f in GRAPH_FORMATS if f.name in ("turtle", "jsonld")], accept)
    if fmt is None:
        return None
    rdf_q = max(q for r, q in _ranges(accept) if r in (fmt.media_type, *fmt.aliases)) if any(
        r in (fmt.media_type, *fmt.aliases) for r, _ in _ranges(accept)) else 0.0
    return fmt.name if rdf_q > html_q else None  # type: ignore[return-value]


def _ranges(accept: str) -> list[tuple[str, float]]:
    from kzjp_kg.web.negotiate import parse_accept

    return parse_accept(accept)


def lang() -> str:
    asked = request.args.get("lang")
    if asked in LANGS:
        return asked
    best = request.accept_languages.best_match(list(LANGS))
    return best or "en"


def pick_label(labels: dict[str, str], want: str) -> str | None:
    """The label in ``want``, else its base language, else English, else Kazakh, else any (tags compared
    case-insensitively: pyoxigraph normalises ``kk-Latn`` to ``kk-latn``)."""
    lower = {k.lower(): v for k, v in labels.items()}
    want = want.lower()
    for tag in (want, want.split("-")[0], "en", "kk", ""):
        if tag in lower:
            return lower[tag]
    return next(iter(labels.values()), None)


def _rows(sparql: str) -> list[dict]:
    return run_query(sparql, results_format="python", check=False).python[1]


def _labels(iris: set[str]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    iris = {i for i in iris if i}
    if not iris:
        return out
    values = " ".join(f"<{i}>" for i in sorted(iris))
    rows = _rows(f"SELECT ?x ?l WHERE {{ VALUES ?x {{ {values} }} VALUES ?p {{ <{LABEL_PROPS[0]}> <{LABEL_PROPS[1]}> }}"
                 f" ?x ?p ?l }}")
    for r in rows:
        out.setdefault(r["x"].value, {}).setdefault(r["l"].language or "", r["l"].value)
    return out


@bp.app_template_filter("short")
def short(iri: str) -> str:
    for pfx, ns in current_app.config["KZJP_PREFIXES"].items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{pfx}:{iri[len(ns):]}"
    return iri


@bp.app_template_global("href")
def href(iri: str) -> str:
    path = local_path(iri)
    if path is None:
        return iri
    frag = iri.partition("#")[2]
    return f"/page/{path}" + (f"#{frag}" if frag else "")


def entity(iri: str) -> dict | None:
    """Everything a page shows about ``iri``; None if the graph never mentions it."""
    kz = current_app.config["KZJP_PREFIXES"]["kzjp"]
    inferred = current_app.config["KZJP_INFERRED_GRAPH"]
    out_rows = _rows(f"SELECT ?p ?o ?g WHERE {{ GRAPH ?g {{ <{iri}> ?p ?o }} }} ORDER BY ?p ?o")
    in_rows = _rows(f"SELECT ?s ?p ?g WHERE {{ GRAPH ?g {{ ?s ?p <{iri}> }} }} ORDER BY ?p ?s LIMIT 500")
    if not out_rows and not in_rows:
        return None
    nodes = {iri} | {r["p"].value for r in out_rows + in_rows}
    nodes |= {r["o"].value for r in out_rows if isinstance(r["o"], ox.NamedNode)}
    nodes |= {r["s"].value for r in in_rows if isinstance(r["s"], ox.NamedNode)}
    labels = _labels(nodes)
    related = sorted({r["o"].value for r in out_rows if isinstance(r["o"], ox.NamedNode)}
                     | {r["s"].value for r in in_rows if isinstance(r["s"], ox.NamedNode)} | {iri})
    values = " ".join(f"<{i}>" for i in related)
    sentences: dict[str, list[tuple[str, str]]] = {}
    for r in _rows(f"SELECT DISTINCT ?x ?s ?t WHERE {{ VALUES ?x {{ {values} }} ?x <{kz}statedIn> ?s . "
                   f"OPTIONAL {{ ?s <{kz}text> ?t }} }} ORDER BY ?s"):
        sentences.setdefault(r["x"].value, []).append((r["s"].value, r["t"].value if "t" in r else ""))
    asserted_keys = {(r["p"].value, str(r["o"])) for r in out_rows if r["g"].value != inferred}
    facts, seen = [], set()
    for r in out_rows:
        key = (r["p"].value, str(r["o"]))
        if key in seen or r["p"].value in LABEL_PROPS or r["p"].value == RDF_TYPE:
            continue
        seen.add(key)
        facts.append({"p": r["p"].value, "o": r["o"], "inferred": key not in asserted_keys,
                      "sentences": sentences.get(r["o"].value, []) if isinstance(r["o"], ox.NamedNode) else []})
    incoming, seen = [], set()
    for r in in_rows:
        key = (r["p"].value, str(r["s"]))
        if key in seen:
            continue
        seen.add(key)
        incoming.append({"p": r["p"].value, "s": r["s"], "inferred": r["g"].value == inferred,
                         "sentences": sentences.get(r["s"].value, []) if isinstance(r["s"], ox.NamedNode) else []})
    types = sorted({r["o"].value for r in out_rows if r["p"].value == RDF_TYPE})
    all_labels = {}
    for r in out_rows:
        if r["p"].value in LABEL_PROPS and isinstance(r["o"], ox.Literal):
            all_labels.setdefault(r["o"].language or "", r["o"].value)
    wikidata = [str(r["o"].value) for r in out_rows if r["p"].value == kz + "wikidataId"]
    wikidata += [r["o"].value.rsplit("/", 1)[-1] for r in out_rows
                 if r["p"].value == "http://www.w3.org/2002/07/owl#sameAs"
                 and r["o"].value.startswith("http://www.wikidata.org/entity/")]
    return {"iri": iri, "labels": labels, "all_labels": all_labels, "types": types, "facts": facts,
            "incoming": incoming, "sentences": sentences.get(iri, []), "wikidata": sorted(set(wikidata))}


def _data(iri: str, fmt: str) -> Response:
    try:
        ans = run_query(f"CONSTRUCT {{ <{iri}> ?p ?o }} WHERE {{ <{iri}> ?p ?o }}", graph_format=fmt, check=False)
    except HttpError as exc:
        return error_response(exc.status, exc.message)
    if ans.rows == 0:
        return error_response(404, f"<{iri}> is not a subject of this graph. Search labels at /search?q=...")
    resp = Response(ans.body, content_type=f"{ans.media_type}; charset=utf-8")
    resp.headers["Access-Control-Allow-Origin"] = "*"
    return resp


@bp.route("/resource/<path:rest>")
@bp.route("/source/<path:rest>")
@bp.route("/graph/<path:rest>")
@bp.route("/source/article-kk", defaults={"rest": None})
@bp.route("/ontology", defaults={"rest": None})
def dereference(rest: str | None) -> Response:
    path = request.path.lstrip("/")
    fmt = wants_rdf()
    ext = {"turtle": "ttl", "jsonld": "jsonld"}
    target = f"/data/{path}.{ext[fmt]}" if fmt else f"/page/{path}"
    if request.query_string:
        target += "?" + request.query_string.decode("ascii", "replace")
    resp = redirect(target, code=303)
    resp.headers["Vary"] = "Accept"
    return resp


@bp.route("/data/<path:path>")
def data(path: str) -> Response:
    stem, _, ext = path.rpartition(".")
    fmt = {"ttl": "turtle", "jsonld": "jsonld", "nt": "ntriples", "rdf": "rdfxml"}.get(ext)
    if not stem or fmt is None:
        return error_response(404, f"/data/{path}: add .ttl, .jsonld, .nt or .rdf to the resource path.")
    if stem == "ontology":
        try:
            ans = run_query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{_base()}graph/ontology> {{ ?s ?p ?o }} }}",
                            graph_format=fmt, check=False)
        except HttpError as exc:
            return error_response(exc.status, exc.message)
        return Response(ans.body, content_type=f"{ans.media_type}; charset=utf-8")
    return _data(iri_of(stem), fmt)


@bp.route("/page/<path:path>")
def page(path: str) -> Response | str:
    if path == "ontology":
        return ontology_page()
    iri = iri_of(path)
    want = lang()
    try:
        info = entity(iri)
    except HttpError as exc:
        return error_response(exc.status, exc.message)
    if info is None and iri in current_app.extensions["kzjp_graphs"]:
        return graph_page(iri)
    if info is None:
        abort(404)
    return render_template("page.html", e=info, lang=want, langs=LANGS, t=UI_TEXT.get(want[:2], UI_TEXT["en"]),
                           pick=pick_label, path=path, title=pick_label(info["all_labels"], want) or iri)


def graph_page(iri: str) -> str:
    """A named graph's page: its size, its subjects' classes, and a query scoped to it."""
    rows = _rows(f"SELECT ?t (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o OPTIONAL {{ ?s a ?t }} }} }}"
                 " GROUP BY ?t ORDER BY DESC(?n) LIMIT 30")
    total = _rows(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")[0]["n"].value
    query = f"SELECT * WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }} LIMIT 100"
    return render_template("graph.html", iri=iri, total=total,
                           classes=[(r["t"].value if "t" in r else None, r["n"].value) for r in rows],
                           query_href="/sparql?" + urllib.parse.urlencode({"query": query}))


def ontology_page() -> str:
    """The ontology's documentation page (:mod:`kzjp_kg.ontodoc`): terms with kk/en labels and definitions,
    hierarchy, diagram, and examples of use from the served graph.

    Why rendered from the store and cached: the page must document the ontology graph actually served (another
    base, another build), and the store does not change under a running server, so it is drawn once.
    """
    cached = current_app.extensions.get("kzjp_ontodoc")
    if cached is None:
        cached = current_app.extensions["kzjp_ontodoc"] = _render_ontodoc()
    return cached


def _render_ontodoc() -> str:
    from rdflib import Graph

    from kzjp_kg.ontodoc import render_html, usage
    from kzjp_kg.ontodoc.terms import terms

    graph = f"{_base()}graph/ontology"
    ans = run_query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", graph_format="ntriples",
                    check=False)
    onto = Graph(identifier=graph).parse(data=ans.body.decode("utf-8"), format="nt")
    found = usage(_rows, terms(onto), graph)
    nav = ('<p><a href="/">query UI</a> · <a href="/data/ontology.ttl">Turtle</a> · '
           '<a href="/data/ontology.jsonld">JSON-LD</a> · <a href="/viz/timeline">timeline</a> · '
           '<a href="/viz/network">actors</a></p>')
    return render_html(onto, found, href=href, nav=nav)


@bp.route("/void")
def void() -> Response:
    """VoID description: the dataset, its endpoint, dumps and one subset per named graph with its size."""
    root = request.host_url.rstrip("/")
    base = _base()
    rows = _rows("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g")
    total = sum(int(r["n"].value) for r in rows)
    lines = ["@prefix void: <http://rdfs.org/ns/void#> .", "@prefix dcterms: <http://purl.org/dc/terms/> .",
             "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .", "",
             f"<{base}void> a void:Dataset ;",
             '  dcterms:title "kzjp-kg: Kazakhstan–Japan political relations"@en ;',
             '  dcterms:title "kzjp-kg: Қазақстан–Жапония саяси қатынастары"@kk ;',
             "  dcterms:license <https://creativecommons.org/licenses/by/4.0/> ;",
             f"  void:sparqlEndpoint <{root}/sparql> ;",
             f"  void:uriSpace \"{base}\" ;",
             f"  void:vocabulary <{base}ontology> ;",
             f"  void:triples {total} ;"]
    for f in _dump_files():
        lines.append(f"  void:dataDump <{root}/dumps/{f.name}> ;")
    for r in rows:
        lines.append(f"  void:subset [ a void:Dataset ; dcterms:identifier <{r['g'].value}> ; "
                     f"void:triples {r['n'].value} ] ;")
    lines[-1] = lines[-1].rstrip(" ;") + " ."
    body = ("\n".join(lines) + "\n").encode()
    rdf_formats = [f for f in GRAPH_FORMATS if f.name in ("turtle", "jsonld", "ntriples")]
    fmt = choose(rdf_formats, request.headers.get("Accept"))
    if fmt and fmt.name != "turtle":
        body = ox.serialize(ox.parse(body, ox.RdfFormat.TURTLE), format=ox.RdfFormat.from_media_type(fmt.media_type))
        return Response(body, content_type=f"{fmt.media_type}; charset=utf-8")
    return Response(body, content_type="text/turtle; charset=utf-8")


def _dump_dir() -> Path:
    return Path(current_app.config["KZJP_BUILD_DIR"]) / "dumps"


def _dump_files() -> list[Path]:
    d = _dump_dir()
    return sorted(p for p in d.iterdir() if p.is_file()) if d.is_dir() else []


@bp.route("/dumps")
@bp.route("/dumps/")
def dumps() -> str:
    return render_template("dumps.html", files=[(p.name, p.stat().st_size) for p in _dump_files()])


@bp.route("/dumps/<name>")
def dump_file(name: str) -> Response:
    return send_from_directory(_dump_dir(), name)


#: The build's reports, by the name they are served under: the data-quality page (every defect of the source with
#: its sentence) for people, the validation report as text and as Turtle (sh:ValidationReport) for programs.
REPORTS = {"quality": "data-quality.html", "quality.md": "data-quality.md", "validation.txt": "validation.txt",
           "validation.ttl": "validation.ttl"}


@bp.route("/quality", defaults={"name": "quality"})
@bp.route("/reports/<name>")
def report(name: str) -> Response:
    """The build's data-quality page and validation reports (``build/reports/``), as the build wrote them."""
    file = REPORTS.get(name, name if name in REPORTS.values() else None)
    folder = Path(current_app.config["KZJP_BUILD_DIR"]) / "reports"
    if file is None or not (folder / file).is_file():
        known = ", ".join(f"/reports/{f}" for f in REPORTS.values())
        return error_response(404, f"no report {name!r} in {folder}. The build writes {known} (and /quality); run "
                                   "`kzjp-kg build`, or serve a build folder with --build-dir.")
    mimetype = {"html": "text/html", "md": "text/markdown", "txt": "text/plain", "ttl": "text/turtle"}[
        file.rsplit(".", 1)[-1]]
    return send_from_directory(folder, file, mimetype=mimetype)


@bp.route("/search")
def search() -> Response | str:
    """Labels in every language (kk, kk-Latn, en, ru, ja) containing the words typed, case-insensitively."""
    q = request.args.get("q", "").strip()
    results: list[dict] = []
    if q:
        literal = q.lower().replace("\\", "\\\\").replace('"', '\\"')
        try:
            rows = _rows(f"""SELECT DISTINCT ?x ?l WHERE {{ VALUES ?p {{ <{LABEL_PROPS[0]}> <{LABEL_PROPS[1]}>
                <http://www.w3.org/2004/02/skos/core#altLabel> }} ?x ?p ?l .
                FILTER(isIRI(?x) && CONTAINS(LCASE(STR(?l)), "{literal}")) }} ORDER BY STRLEN(STR(?l)) LIMIT 50""")
        except HttpError as exc:
            return error_response(exc.status, exc.message)
        results = [{"iri": r["x"].value, "label": r["l"].value, "lang": r["l"].language or "",
                    "href": href(r["x"].value)} for r in rows]
    if request.args.get("format") == "json" or (choose(
            [f for f in GRAPH_FORMATS if f.name == "jsonld"], request.headers.get("Accept", "text/html")) and \
            "text/html" not in request.headers.get("Accept", "")):
        from flask import jsonify

        return jsonify(results)
    return render_template("search.html", q=q, results=results)


def register_errors(app: Flask) -> None:
    @app.errorhandler(404)
    def not_found(_exc):  # type: ignore[no-untyped-def]
        return error_response(404, f"{request.path}: nothing here. Try / (query UI), /sparql, /search?q=..., "
                                   "/ontology, /void or /dumps.")

    @app.errorhandler(413)
    def too_large(_exc):  # type: ignore[no-untyped-def]
        limit = app.config["MAX_CONTENT_LENGTH"]
        return error_response(413, f"the request body exceeds the limit of {limit} bytes (KZJP_MAX_BODY). "
                                   "Send a shorter query.")

    @app.errorhandler(405)
    def not_allowed(_exc):  # type: ignore[no-untyped-def]
        return error_response(405, f"{request.method} is not allowed on {request.path}.")
