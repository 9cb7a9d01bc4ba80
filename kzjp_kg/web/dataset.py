"""The dataset as a whole: its VoID description, the build's dumps and reports, the named-graph and ontology pages.

Why VoID is computed from the store at first request (and kept): its numbers — triples per graph, instances per
class, triples per property — must be those of the graph actually served, under the served base; the store does
not change under a running server, so it is counted once. It is built as RDF terms and serialised by pyoxigraph,
so every IRI in it is checked and every format (Turtle, N-Triples, JSON-LD) says the same.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, Response, abort, current_app, render_template, request, send_from_directory
from markupsafe import Markup

from kzjp_kg.store.results import GRAPH_FORMATS, Format, write_triples
from kzjp_kg.web import lookup
from kzjp_kg.web.i18n import lang, translate
from kzjp_kg.web.jsonld import compact
from kzjp_kg.web.negotiate import by_name, choose

bp = Blueprint("dataset", __name__)

VOID = "http://rdfs.org/ns/void#"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
TITLES = (("kzjp-kg: Kazakhstan–Japan political relations", "en"),
          ("kzjp-kg: Қазақстан–Жапония саяси қатынастары", "kk"))
LICENCE = "https://creativecommons.org/licenses/by/4.0/"


def build_dir() -> Path:
    return Path(current_app.config["KZJP_BUILD_DIR"])


def dump_dir() -> Path:
    return build_dir() / "dumps"


def dump_files() -> list[Path]:
    d = dump_dir()
    return sorted(p for p in d.iterdir() if p.is_file()) if d.is_dir() else []


def modified() -> str | None:
    """When the served data was built: the build manifest's ``built``, else when the store was loaded."""
    manifest = build_dir() / "manifest.json"
    if manifest.is_file():
        built = json.loads(manifest.read_text(encoding="utf-8")).get("built")
        if built:
            return str(built)
    store = current_app.config.get("KZJP_STORE_PATH")
    if store:
        from kzjp_kg.web.cli import STAMP

        stamp = Path(store) / STAMP
        if stamp.is_file():
            return datetime.fromtimestamp(stamp.stat().st_mtime, UTC).isoformat(timespec="seconds")
    return None


def _int(value: object) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))


def void_counts() -> dict[str, list[dict]]:
    """The store's numbers VoID reports (graph sizes, class and property partitions, examples), counted once: the
    store does not change under a running server."""
    cached = current_app.extensions.get("kzjp_void_counts")
    if cached is None:
        cached = current_app.extensions["kzjp_void_counts"] = {
            name: lookup.select(name)
            for name in ("graph-sizes", "class-partitions", "property-partitions", "example-resources")}
    return cached


def void_triples(root: str) -> list[ox.Triple]:
    """The VoID description of the served dataset; ``root`` is this server's URL (endpoint and dumps live there)."""
    n = ox.NamedNode
    ds = n(lookup.base() + "void")
    counts = void_counts()
    graphs = counts["graph-sizes"]
    t = [ox.Triple(ds, RDF_TYPE, n(VOID + "Dataset")),
         *(ox.Triple(ds, n(DCT + "title"), ox.Literal(text, language=tag)) for text, tag in TITLES),
         ox.Triple(ds, n(DCT + "license"), n(LICENCE)),
         ox.Triple(ds, n(VOID + "sparqlEndpoint"), n(root + "/sparql")),
         ox.Triple(ds, n(VOID + "uriSpace"), ox.Literal(lookup.base())),
         ox.Triple(ds, n(VOID + "vocabulary"), n(lookup.namespaces().ontology_iri)),
         ox.Triple(ds, n(VOID + "triples"), _int(sum(int(r["n"].value) for r in graphs)))]
    when = modified()
    if when:
        t.append(ox.Triple(ds, n(DCT + "modified"), ox.Literal(when, datatype=n(XSD + "dateTime"))))
    t += [ox.Triple(ds, n(VOID + "dataDump"), n(f"{root}/dumps/{f.name}")) for f in dump_files()]
    t += [ox.Triple(ds, n(VOID + "exampleResource"), n(r["example"].value)) for r in counts["example-resources"]]
    for i, r in enumerate(graphs):
        sub = ox.BlankNode(f"graph{i}")
        t += [ox.Triple(ds, n(VOID + "subset"), sub), ox.Triple(sub, RDF_TYPE, n(VOID + "Dataset")),
              ox.Triple(sub, n(DCT + "identifier"), r["g"]), ox.Triple(sub, n(VOID + "triples"), _int(r["n"].value))]
    for i, r in enumerate(counts["class-partitions"]):
        part = ox.BlankNode(f"class{i}")
        t += [ox.Triple(ds, n(VOID + "classPartition"), part), ox.Triple(part, n(VOID + "class"), r["class"]),
              ox.Triple(part, n(VOID + "entities"), _int(r["n"].value))]
    for i, r in enumerate(counts["property-partitions"]):
        part = ox.BlankNode(f"property{i}")
        t += [ox.Triple(ds, n(VOID + "propertyPartition"), part), ox.Triple(part, n(VOID + "property"), r["property"]),
              ox.Triple(part, n(VOID + "triples"), _int(r["n"].value))]
    return t


#: What /void is written in: Turtle first (a client without preference, ``*/*``, gets Turtle), HTML only for a
#: client that prefers it (a browser), or by ``?format=``.
VOID_FORMATS = [*(f for f in GRAPH_FORMATS if f.name in ("turtle", "jsonld", "ntriples")),
                Format("html", "text/html", "page", ("application/xhtml+xml",))]


@bp.route("/void")
def void() -> Response | str:
    """VoID: the dataset, its endpoint, dumps, subsets per named graph, class and property partitions."""
    asked = request.args.get("format")
    fmt = by_name(VOID_FORMATS, asked) if asked else choose(VOID_FORMATS, request.headers.get("Accept"))
    if asked and fmt is None:
        abort(400, f"format={asked!r}: use turtle, jsonld, ntriples or html.")
    name = fmt.name if fmt else "turtle"
    if name == "html":
        total = sum(int(r["n"].value) for r in void_counts()["graph-sizes"])
        return render_template("void.html", counts=void_counts(), total=total, modified=modified(),
                               dumps=dump_files(), endpoint=request.host_url + "sparql")
    prefixes = {"void": VOID, "dcterms": DCT, "xsd": XSD, **current_app.config["KZJP_PREFIXES"]}
    body = write_triples(void_triples(request.host_url.rstrip("/")), name, prefixes)
    if name == "jsonld":
        body = compact(body, prefixes)
    media = next(f.media_type for f in GRAPH_FORMATS if f.name == name)
    resp = Response(body, content_type=f"{media}; charset=utf-8")
    resp.headers["Vary"] = "Accept"
    return resp


@bp.route("/dumps")
@bp.route("/dumps/")
def dumps() -> str:
    return render_template("dumps.html", files=[(p.name, p.stat().st_size) for p in dump_files()])


@bp.route("/dumps/<name>")
def dump_file(name: str) -> Response:
    return send_from_directory(dump_dir(), name)


def graph_page(iri: str) -> str:
    """A named graph's page: its size, its subjects' classes, and a query scoped to it."""
    import urllib.parse

    rows = lookup.select("graph-classes", graph=iri)
    total = lookup.select("graph-size", graph=iri)[0]["n"].value
    sparql = lookup.bind("SELECT * WHERE { GRAPH $graph { ?s ?p ?o } } LIMIT 100", {"graph": iri})
    return render_template("graph.html", iri=iri, total=total,
                           classes=[(r["t"].value if "t" in r else None, r["n"].value) for r in rows],
                           query_href="/sparql?" + urllib.parse.urlencode({"query": sparql}))


def ontology_page() -> str:
    """The ontology's documentation page (:mod:`kzjp_kg.ontodoc`): terms with kk/en labels and definitions,
    hierarchy, diagram, and examples of use from the served graph, inside the site's page (``ontology.html``
    extending base.html: navigation, language switcher, the site's words in the reader's language).

    Why the body rendered from the store and cached: the page must document the ontology graph actually served
    (another base, another build), and the store does not change under a running server, so the graph and its uses
    are read once; the body is rendered once per language (its headings are the catalogs' ``ontodoc.*``), and the
    page around it per request.
    """
    from kzjp_kg.ontodoc.html import css

    want = lang()
    bodies = current_app.extensions.setdefault("kzjp_ontodoc", {})
    if want not in bodies:
        bodies[want] = _render_ontodoc(want)
    heading, end, doc = bodies[want].partition("</h1>")
    return render_template("ontology.html", heading=Markup(heading + end), doc=Markup(doc), css=Markup(css(".ontodoc")))


def _render_ontodoc(want: str) -> str:
    from rdflib import Graph

    from kzjp_kg.ontodoc import usage
    from kzjp_kg.ontodoc.html import render_body
    from kzjp_kg.ontodoc.terms import terms

    source = current_app.extensions.get("kzjp_ontodoc_source")
    if source is None:
        graph = str(lookup.namespaces().KZG.ontology)
        ans = lookup.construct("graph-contents", "ntriples", graph=graph)
        onto = Graph(identifier=graph).parse(data=ans.body.decode("utf-8"), format="nt")
        source = current_app.extensions["kzjp_ontodoc_source"] = (onto, usage(lookup.rows, terms(onto), graph))
    onto, found = source
    return render_body(onto, found, href=lookup.href, words=lambda key: str(translate(key, want)))


#: The build's reports, by the name they are served under: the data-quality page (every defect of the source with
#: its sentence) for people, the validation report as text and as Turtle (sh:ValidationReport) for programs.
REPORTS = {"quality": "data-quality.html", "quality.md": "data-quality.md", "validation.txt": "validation.txt",
           "validation.ttl": "validation.ttl", "sources.md": "sources.md", "sources.json": "sources.json"}


@bp.route("/sources")
def sources() -> Response | str:
    """What the official and news sources say of each of the article's statements, and every conflict between
    sources (the build's ``reports/sources.json``, written by ``kzjp_kg.statements.agreement``)."""
    path = build_dir() / "reports" / "sources.json"
    if not path.is_file():
        abort(404, f"no {path}: run `kzjp-kg build` (it writes the agreement report).")
    data = json.loads(path.read_text(encoding="utf-8"))

    def href(iri: str) -> str:  # our IRIs open on this server; pages of other sites stay as they are
        local = lookup.local_path(iri)
        return "/" + local if local is not None else iri

    return render_template("sources.html", data=data, href=href, lang=request.args.get("lang", "en"))


@bp.route("/quality", defaults={"name": "quality"})
@bp.route("/reports/<name>")
def report(name: str) -> Response | str:
    """The build's data-quality page and validation reports (``build/reports/``).

    The reports are served as the build wrote them, but /quality is a page of the site: ``quality.html`` (extending
    base.html) puts the report's kinds table and defects under headings in the reader's language. A report of an
    older build, without the parts marked, is served as it is."""
    file = REPORTS.get(name, name if name in REPORTS.values() else None)
    folder = build_dir() / "reports"
    if file is None or not (folder / file).is_file():
        known = ", ".join(f"/reports/{f}" for f in REPORTS.values())
        abort(404, f"no report {name!r} in {folder}. The build writes {known} (and /quality); run "
                   "`kzjp-kg build`, or serve a build folder with --build-dir.")
    if name == "quality":
        from kzjp_kg.validate.report import css, page_parts

        parts = page_parts((folder / file).read_text(encoding="utf-8"))
        if parts is not None:
            return render_template("quality.html", report=parts, kinds=Markup(parts.kinds),
                                   defects=Markup(parts.defects), css=Markup(css(".quality")))
    mimetype = {"html": "text/html", "md": "text/markdown", "txt": "text/plain", "ttl": "text/turtle",
                "json": "application/json"}[file.rsplit(".", 1)[-1]]
    return send_from_directory(folder, file, mimetype=mimetype)
