"""Linked Data dereferencing: every IRI the site mints answers 303 to a page (browsers) or to its data (RDF clients).

Why 303 and separate page/data URLs (Cool URIs): the IRI names the thing (a person, a visit, a named graph), not a
document about it. ``/resource/x`` answers 303 to ``/page/resource/x`` for browsers and ``/data/resource/x.ttl``
(``.jsonld``, ``.nt``, ``.rdf``) for RDF clients, chosen by ``Accept``. The server's own paths map to IRIs under the
configured base, so a deployment under another base still dereferences its IRIs. What dereferences: resources,
sources (the article, its sentences, table sources and their rows), statements, every named graph the project
mints (:func:`layer_graphs`, even one this build left empty), the ontology and its ``owl:versionIRI``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Blueprint, Response, abort, current_app, redirect, request
from werkzeug.wrappers import Response as WerkzeugResponse

from kzjp_kg import config as kconfig
from kzjp_kg.store.results import GRAPH_FORMATS
from kzjp_kg.web import lookup
from kzjp_kg.web.jsonld import compact
from kzjp_kg.web.negotiate import choose, parse_accept

if TYPE_CHECKING:
    from kzjp_kg.store.pool import QueryAnswer
    from kzjp_kg.web.sparql import _Served

bp = Blueprint("linkeddata", __name__)
bp.add_app_template_filter(lookup.short, "short")
bp.add_app_template_global(lookup.href, "href")

#: The RDF formats a resource's data is served in, by the extension of its /data/ path.
DATA_EXT = {"turtle": "ttl", "jsonld": "jsonld", "ntriples": "nt", "rdfxml": "rdf"}
#: The layer graphs of the build (kzjp_kg.config), by their name under ``<base>graph/``.
LAYER_GRAPHS = tuple(str(g).removeprefix(str(kconfig.KZG)) for g in (
    kconfig.GRAPH_ONTOLOGY, kconfig.GRAPH_SOURCE, kconfig.GRAPH_FACTS, kconfig.GRAPH_WIKIDATA,
    kconfig.GRAPH_WIKIDATA_SNAPSHOT, kconfig.GRAPH_WIKIDATA_SUPPLIED, kconfig.GRAPH_LINKS, kconfig.GRAPH_INFERRED,
    kconfig.GRAPH_STATEMENTS, kconfig.GRAPH_WIKIDATA_PROJECTION))
OWL_VERSION_IRI = "http://www.w3.org/2002/07/owl#versionIRI"


def layer_graphs() -> list[str]:
    """Every named graph IRI the project mints under the served base, whether or not this build filled it."""
    kzg = lookup.namespaces().KZG
    return [str(kzg[name]) for name in LAYER_GRAPHS]


def known_graphs() -> list[str]:
    """The graphs of the store and the project's layer graphs: the graph IRIs that dereference."""
    return sorted(set(current_app.extensions["kzjp_graphs"]) | set(layer_graphs()))


def ontology_graph() -> str:
    return str(lookup.namespaces().KZG.ontology)


def ontology_iris() -> set[str]:
    """The ontology IRI and the versionIRI(s) the served ontology graph declares (cached: the store never changes
    under a running server)."""
    cached = current_app.extensions.get("kzjp_ontology_iris")
    if cached is None:
        onto = lookup.namespaces().ontology_iri
        found = lookup.select("ontology-versions", graph=ontology_graph(), ontology=onto)
        cached = current_app.extensions["kzjp_ontology_iris"] = {onto, *(r["v"].value for r in found)}
    return cached


def wants_rdf() -> str | None:
    """The RDF format (a GRAPH_FORMATS name: Turtle, JSON-LD, N-Triples or RDF/XML) the client prefers to HTML, or
    None when HTML is as welcome (a browser's ``*/*``)."""
    accept = request.headers.get("Accept", "")
    ranges = parse_accept(accept)
    html_q = max((q for r, q in ranges if r in ("text/html", "application/xhtml+xml")), default=0.0)
    fmt = choose([f for f in GRAPH_FORMATS if f.name in DATA_EXT], accept)
    if fmt is None:
        return None
    names = (fmt.media_type, *(a for a in fmt.aliases if "/" in a))
    rdf_q = max((q for r, q in ranges if r in names), default=0.0)
    return fmt.name if rdf_q > html_q else None


def _see_other(target: str) -> WerkzeugResponse:
    if request.query_string:
        target += "?" + request.query_string.decode("ascii", "replace")
    resp = redirect(target, code=303)
    resp.headers["Vary"] = "Accept"
    return resp


@bp.route("/resource/<path:rest>")
@bp.route("/source/<path:rest>")
@bp.route("/statement/<path:rest>")
@bp.route("/graph/<path:rest>")
@bp.route("/ontology/<path:rest>")
def dereference(rest: str) -> WerkzeugResponse:
    """303 See Other to the page or the data of the IRI this path names.

    Why one rule per prefix and no rule with ``defaults``: werkzeug redirects (308) a URL matched by a rule with
    defaults to the first rule of the same view with the same defaults — ``/source/article-kk`` used to land on
    ``/ontology``."""
    path = request.path.lstrip("/")
    fmt = wants_rdf()
    return _see_other(f"/data/{path}.{DATA_EXT[fmt]}" if fmt else f"/page/{path}")


@bp.route("/ontology")
def ontology() -> WerkzeugResponse:
    """The ontology IRI: its documentation page or its graph."""
    fmt = wants_rdf()
    return _see_other(f"/data/ontology.{DATA_EXT[fmt]}" if fmt else "/page/ontology")


@bp.route("/service")
def service() -> WerkzeugResponse:
    """``<base>service#…`` names the endpoint's limits (``kzsv:queryTimeout``, ``#truncated``): the service
    description for RDF clients, the query UI (whose "Limits" section says them) for people."""
    return _see_other("/sparql" if wants_rdf() else "/")


def _rdf_response(ans: QueryAnswer | _Served, fmt: str) -> Response:
    """An answer as the body of a /data/ document: JSON-LD compacted with the project's @context."""
    body = ans.body
    if fmt == "jsonld":
        body = compact(body, current_app.config["KZJP_PREFIXES"])
    resp = Response(body, content_type=f"{ans.media_type}; charset=utf-8")
    resp.headers["Access-Control-Allow-Origin"] = "*"
    if ans.truncated:
        resp.headers["KZJP-Result-Truncated"] = f"true; limit={current_app.extensions['kzjp_pool'].row_cap}"
    return resp


def _graph_data(iri: str, fmt: str) -> Response:
    """A named graph's triples (up to the row cap; the per-graph dump in /dumps has them all)."""
    resp = _rdf_response(lookup.construct("graph-contents", fmt, graph=iri), fmt)
    local = iri.rsplit("/", 1)[-1]
    from kzjp_kg.web.dataset import dump_dir

    if (dump_dir() / f"{local}.ttl").is_file():
        resp.headers["Link"] = f'</dumps/{local}.ttl>; rel="alternate"; type="text/turtle"'
    return resp


@bp.route("/data/<path:path>")
def data(path: str) -> Response:
    """The RDF of the IRI ``<base>path`` minus its extension, in the format the extension names."""
    stem, _, ext = path.rpartition(".")
    fmt = {v: k for k, v in DATA_EXT.items()}.get(ext)
    if not stem or fmt is None:
        abort(404, f"/data/{path}: add .ttl, .jsonld, .nt or .rdf to the resource path.")
    iri = lookup.iri_of(stem)
    if not lookup.is_iri(iri):
        abort(404, f"/data/{path}: {stem!r} does not make an IRI.")
    if iri in ontology_iris():
        return _graph_data(ontology_graph(), fmt)
    if iri in known_graphs():
        return _graph_data(iri, fmt)
    ans = lookup.construct("subject", fmt, this=iri)
    if ans.rows == 0:
        abort(404, f"<{iri}> is not a subject of this graph. Search labels at /search?q=...")
    return _rdf_response(ans, fmt)


def alternates(path: str) -> list[tuple[str, str, str]]:
    """(href, media type, name) of the RDF a page is about, for ``<link rel="alternate">`` and ``Link``."""
    return [(f"/data/{path}.ttl", "text/turtle", "Turtle"), (f"/data/{path}.jsonld", "application/ld+json", "JSON-LD"),
            (f"/data/{path}.nt", "application/n-triples", "N-Triples"),
            (f"/data/{path}.rdf", "application/rdf+xml", "RDF/XML")]


def with_links(body: str, path: str) -> Response:
    """An HTML page with ``Link: rel=alternate`` headers naming its data."""
    resp = Response(body, content_type="text/html; charset=utf-8")
    resp.headers["Link"] = ", ".join(f'<{h}>; rel="alternate"; type="{t}"' for h, t, _ in alternates(path)[:2])
    resp.headers["Vary"] = "Accept-Language"
    return resp
