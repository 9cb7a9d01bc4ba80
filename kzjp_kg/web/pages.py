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


#: The RDF formats a resource's data is served in, by the extension of its /data/ path.
DATA_EXT = {"turtle": "ttl", "jsonld": "jsonld", "ntriples": "nt", "rdfxml": "rdf"}


def wants_rdf() -> str | None:
    """The RDF format (a GRAPH_FORMATS name: Turtle, JSON-LD, N-Triples or RDF/XML) the client prefers to HTML, or
    None when HTML is as welcome (a browser's ``*/*``)."""
    accept = request.headers.get("Accept", "")
    ranges = _ranges(accept)
    html_q = max((q for r, q in ranges if r in ("text/html", "application/xhtml+xml")), default=0.0)
    fmt = choose([f for f in GRAPH_FORMATS if f.name in DATA_EXT], accept)
    if fmt is None:
        return None
    names = (fmt.media_type, *(a for a in fmt.aliases if "/" in a))
    rdf_q = max((q for r, q in ranges if r in names), default=0.0)
    return fmt.name if rdf_q > html_q else None


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
    """Everything a page shows about ``iri`` (:class:`kzjp_kg.web.reading.EntityView`); None if the graph never
    mentions it."""
    from kzjp_kg.web.reading import EntityView

    kz = current_app.config["KZJP_PREFIXES"]["kzjp"]
    view = EntityView(iri, _rows, kz=kz, inferred_graph=current_app.config["KZJP_INFERRED_GRAPH"],
                      statements_graph=_base() + "graph/statements", base=_base())
    info = view.build()
    if info is None:
        return None
    info["labels"] = _labels(info.pop("nodes"))
    return info


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
    target = f"/data/{path}.{DATA_EXT[fmt]}" if fmt else f"/page/{path}"
    if request.query_string:
        target += "?" + request.query_string.decode("ascii", "replace")
    resp = redirect(target, code=303)
    resp.headers["Vary"] = "Accept"
    return resp


@bp.route("/data/<path:path>")
def data(path: str) -> Response:
    stem, _, ext = path.rpartition(".")
    fmt = {v: k for k, v in DATA_EXT.items()}.get(ext)
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


def _alternates(path: str) -> list[tuple[str, str, str]]:
    """(href, media type, name) of the RDF a page is about, for ``<link rel="alternate">`` and ``Link``."""
    return [(f"/data/{path}.ttl", "text/turtle", "Turtle"), (f"/data/{path}.jsonld", "application/ld+json", "JSON-LD"),
            (f"/data/{path}.nt", "application/n-triples", "N-Triples"),
            (f"/data/{path}.rdf", "application/rdf+xml", "RDF/XML")]


def _with_links(body: str, path: str) -> Response:
    resp = Response(body, content_type="text/html; charset=utf-8")
    resp.headers["Link"] = ", ".join(f'<{h}>; rel="alternate"; type="{t}"' for h, t, _ in _alternates(path)[:2])
    resp.headers["Vary"] = "Accept-Language"
    return resp


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
    kz = current_app.config["KZJP_PREFIXES"]["kzjp"]
    ctx = {"e": info, "lang": want, "langs": LANGS, "t": UI_TEXT.get(want[:2], UI_TEXT["en"]), "pick": pick_label,
           "path": path, "title": pick_label(info["all_labels"], want) or iri, "alternates": _alternates(path),
           "why_href": why_href, "latin": request.args.get("script") == "latn"}
    if kz + "SourceText" in info["types"]:
        from kzjp_kg.sources.translit import to_latin
        from kzjp_kg.web.reading import article, split_citations

        art = article(iri, _rows, kz)
        extra = {x for s in art["sentences"] for x in s["facts"] + s["defects"]}
        info["labels"].update(_labels(extra))
        return _with_links(render_template("article.html", art=art, to_latin=to_latin, split=split_citations,
                                           **ctx), path)
    if kz + "SourceSegment" in info["types"]:
        from kzjp_kg.web.reading import neighbours

        ctx["nav"] = neighbours(iri, _rows, kz)
    return _with_links(render_template("page.html", **ctx), path)


def why_href(s: str, p: str, o: ox.NamedNode | ox.Literal) -> str:
    """The explanation page of the triple (s, p, o)."""
    args = {"s": s, "p": p, "o": o.value}
    if isinstance(o, ox.Literal):
        if o.language:
            args["olang"] = o.language
        elif o.datatype and o.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            args["dt"] = o.datatype.value
    return "/why?" + urllib.parse.urlencode(args)


@bp.route("/why")
def why() -> Response | str:
    """Why an inferred triple holds: the rule or axiom, its premises, and the references behind each premise
    (:mod:`kzjp_kg.reason.why` on the served build, cached per build by :mod:`kzjp_kg.web.whyweb`)."""
    from kzjp_kg.web.whyweb import explain_web

    s, p, o = (request.args.get(k, "").strip() for k in ("s", "p", "o"))
    if not (s and p and o):
        return error_response(400, "/why needs s, p and o (IRIs; o may be a literal, with dt= or olang=).")
    try:
        exp = explain_web(Path(current_app.config["KZJP_BUILD_DIR"]), s, p, o, request.args.get("dt"),
                          request.args.get("olang"))
    except FileNotFoundError as exc:
        return error_response(404, str(exc))
    want = lang()
    iris = {str(x) for t in [exp.triple, *(pr.triple for pr in exp.premises)] for x in t if x.__class__.__name__ ==
            "URIRef"}
    refs = {iri for pr in exp.premises for iri, _ in pr.sentences if iri.startswith("http")}
    kinds: dict[str, str] = {}
    if refs:
        kz = current_app.config["KZJP_PREFIXES"]["kzjp"]
        values = " ".join(f"<{r}>" for r in sorted(refs))
        for r in _rows(f"SELECT ?r ?kind WHERE {{ VALUES ?r {{ {values} }} ?r <{kz}onPage> ?pg . "
                       f"?pg <{kz}sourceKind> ?kind }}"):
            kinds[r["r"].value] = r["kind"].value.rsplit("kind-", 1)[-1]
    labels = _labels(iris | refs)

    def name(x: object) -> str:  # rdflib terms never equal plain strings: look labels up by str()
        return pick_label(labels.get(str(x), {}), want) or short(str(x))

    body = render_template("why.html", exp=exp, name=name, lang=want, kinds=kinds)
    return Response(body, content_type="text/html; charset=utf-8")


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
           "validation.ttl": "validation.ttl", "sources.md": "sources.md", "sources.json": "sources.json"}


@bp.route("/sources")
def sources() -> Response | str:
    """What the official and news sources say of each of the article's statements, and every conflict between
    sources (the build's ``reports/sources.json``, written by ``kzjp_kg.statements.agreement``)."""
    import json

    path = Path(current_app.config["KZJP_BUILD_DIR"]) / "reports" / "sources.json"
    if not path.is_file():
        return error_response(404, f"no {path}: run `kzjp-kg build` (it writes the agreement report).")
    data = json.loads(path.read_text(encoding="utf-8"))

    def href(iri: str) -> str:  # our IRIs open on this server; pages of other sites stay as they are
        local = local_path(iri)
        return "/" + local if local is not None else iri

    return render_template("sources.html", data=data, href=href, lang=request.args.get("lang", "en"))


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
    mimetype = {"html": "text/html", "md": "text/markdown", "txt": "text/plain", "ttl": "text/turtle",
                "json": "application/json"}[
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
