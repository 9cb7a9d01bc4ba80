"""Entity pages (``/page/<path>``: a resource, a source, the article, a named graph, the ontology) and ``/why``.

Why one module for the pages people read: each shows one thing of the graph in the reader's language, with its
labels, its facts (inferred ones marked, each with a link to ``/why``) and its data as alternates. Dereferencing
(303s, ``/data/``) is :mod:`kzjp_kg.web.linkeddata`; the dataset-wide pages are :mod:`kzjp_kg.web.dataset`.
The names other modules used to import from here (``href``, ``short``, ``iri_of``, ``local_path``) stay
importable from here.
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, Response, abort, current_app, render_template, request

from kzjp_kg.web import lookup
from kzjp_kg.web.dataset import graph_page, ontology_page
from kzjp_kg.web.i18n import LANGS, UI_TEXT, lang
from kzjp_kg.web.linkeddata import alternates, known_graphs, ontology_iris, with_links
from kzjp_kg.web.lookup import href, iri_of, local_path, short

__all__ = ["bp", "entity", "href", "iri_of", "lang", "local_path", "pick_label", "short", "why_href"]

bp = Blueprint("pages", __name__)


def pick_label(labels: dict[str, str], want: str) -> str | None:
    """The label in ``want``, else its base language, else English, else Kazakh, else any (tags compared
    case-insensitively: pyoxigraph normalises ``kk-Latn`` to ``kk-latn``)."""
    lower = {k.lower(): v for k, v in labels.items()}
    want = want.lower()
    for tag in (want, want.split("-")[0], "en", "kk", ""):
        if tag in lower:
            return lower[tag]
    return next(iter(labels.values()), None)


def entity(iri: str) -> dict | None:
    """Everything a page shows about ``iri`` (:class:`kzjp_kg.web.reading.EntityView`); None if the graph never
    mentions it."""
    from kzjp_kg.web.reading import EntityView

    ns = lookup.namespaces()
    view = EntityView(iri, lookup.rows, kz=str(ns.KZJP), inferred_graph=current_app.config["KZJP_INFERRED_GRAPH"],
                      statements_graph=str(ns.KZG.statements), base=ns.base)
    info = view.build()
    if info is None:
        return None
    info["labels"] = lookup.labels(info.pop("nodes"))
    return info


@bp.route("/page/<path:path>")
def page(path: str) -> Response | str:
    """The page of ``<base>path``: the ontology (and its version IRI), a named graph, or an entity."""
    iri = iri_of(path)
    if not lookup.is_iri(iri):
        abort(404, f"/page/{path}: {path!r} does not make an IRI.")
    if iri in ontology_iris():
        return ontology_page()
    info = entity(iri)
    if info is None and iri in known_graphs():
        return graph_page(iri)
    if info is None:
        abort(404)
    return _entity_page(iri, path, info)


def _entity_page(iri: str, path: str, info: dict) -> Response:
    want = lang()
    kz = str(lookup.namespaces().KZJP)
    ctx = {"e": info, "lang": want, "langs": LANGS, "t": UI_TEXT.get(want[:2], UI_TEXT["en"]), "pick": pick_label,
           "path": path, "title": pick_label(info["all_labels"], want) or iri, "alternates": alternates(path),
           "why_href": why_href, "latin": request.args.get("script") == "latn"}
    if kz + "SourceText" in info["types"]:
        from kzjp_kg.sources.translit import to_latin
        from kzjp_kg.web.article import article, split_citations

        art = article(iri, lookup.rows, kz)
        extra = {x for s in art["sentences"] for x in s["facts"] + s["defects"]}
        info["labels"].update(lookup.labels(extra))
        return with_links(render_template("article.html", art=art, to_latin=to_latin, split=split_citations,
                                          **ctx), path)
    if kz + "SourceSegment" in info["types"]:
        from kzjp_kg.web.article import neighbours

        ctx["nav"] = neighbours(iri, lookup.rows, kz)
    return with_links(render_template("page.html", **ctx), path)


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
        abort(400, "/why needs s, p and o (IRIs; o may be a literal, with dt= or olang=).")
    try:
        exp = explain_web(Path(current_app.config["KZJP_BUILD_DIR"]), s, p, o, request.args.get("dt"),
                          request.args.get("olang"))
    except FileNotFoundError as exc:
        abort(404, str(exc))
    want = lang()
    iris = {str(x) for t in [exp.triple, *(pr.triple for pr in exp.premises)] for x in t if x.__class__.__name__ ==
            "URIRef"}
    refs = {iri for pr in exp.premises for iri, _ in pr.sentences if lookup.is_iri(iri)}
    kinds = {r["r"].value: r["kind"].value.rsplit("kind-", 1)[-1]
             for r in (lookup.select("source-kinds", r=sorted(refs)) if refs else [])}
    labels = lookup.labels(iris | refs)

    def name(x: object) -> str:  # rdflib terms never equal plain strings: look labels up by str()
        return pick_label(labels.get(str(x), {}), want) or short(str(x))

    body = render_template("why.html", exp=exp, name=name, lang=want, kinds=kinds)
    return Response(body, content_type="text/html; charset=utf-8")
