"""Class pages and faceted browsing, as in the Sampo portals: ``/browse`` and ``/browse/<Class>``.

Why: an entity page answers "what is this?", the SPARQL endpoint answers whatever one can write; between them a
reader wants "show me the visits of the second period to Japan" without writing a query. ``/browse`` lists the
ontology's classes that have instances; ``/browse/Visit`` lists the visits with their label in the page language
and a few key columns, and a sidebar of facets (kind, period, host and visiting state, person, year for events;
office and state for people; kind, year and parties for documents), each value with the number of listed things
that have it. A facet value is a link adding a filter (``?period=<IRI>&year=2008``); active filters show at the
top and can be removed; every count follows the filtered set.

Every number on these pages comes from a SPARQL query (the ``rq/browse-*.rq`` files) on the asserted and inferred
data (``kzg:facts`` and ``kzg:inferred`` as the default graph, as the entity pages read them): deprecated
statements live only in ``kzg:statements``, so they never count. User input never reaches a query as text: a
class is one of the ontology's (checked against the store), an IRI filter must parse as a pyoxigraph ``NamedNode``
and is written back by pyoxigraph's own serialisation, a year must be an integer — anything else is a 400 that
says what was wrong.
"""

from __future__ import annotations

import re
import string
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import cast

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request

from kzjp_kg.web.lookup import namespaces
from kzjp_kg.web.sparql import HttpError, error_response, run_query

bp = Blueprint("browse", __name__)

RQ_DIR = Path(__file__).parent / "rq"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
#: A class page's name in the path: the local name of one of the ontology's classes.
CLASS_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
#: How many instances a class page lists (its counts always cover them all).
PAGE_SIZE = 500


@dataclass(frozen=True)
class Facet:
    """One facet: ``pattern`` is a SPARQL group binding ``$v`` (its value) for ``$x`` (the instance); ``$a``
    prefixes the variables of its own, ``$class`` is the browsed class and ``$ontology`` the ontology graph.
    ``kind`` is ``iri`` (values are IRIs, shown by label) or ``year`` (values are integers)."""

    key: str
    label: str
    pattern: str
    kind: str = "iri"
    msg: str = ""  # its name's key in the i18n catalogs (browse.facet.<key> if empty)

    @property
    def message(self) -> str:
        return self.msg or f"browse.facet.{self.key}"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    pattern: str
    kind: str = "iri"  # iri (shown by label, linked) or text (the literal as it is)
    msg: str = ""  # its heading's key in the i18n catalogs

    @property
    def message(self) -> str:
        return self.msg or f"browse.col.{self.key}"


#: The dates an event or a document is given (any precision: a day, a month, a year); the year is their first four
#: characters, which holds for xsd:date, xsd:gYearMonth and xsd:gYear alike.
DATES = "kzjp:startDate kzjp:date kzjp:yearMonth kzjp:year kzjp:documentDate"
YEAR = (f"{{ $x ?${{a}}p ?${{a}}d . VALUES ?${{a}}p {{ {DATES} }} "
        "BIND(xsd:integer(SUBSTR(STR(?${a}d), 1, 4)) AS $v) }")
KIND = ("{ $x a $v . FILTER($v != $class) GRAPH $ontology { $v rdfs:subClassOf+ $class } }")
FACETS: dict[str, tuple[Facet, ...]] = {
    "Event": (
        Facet("kind", "Kind", KIND),
        Facet("period", "Period", "{ $x kzjp:inPeriod $v }"),
        Facet("host", "Host state", "{ $x kzjp:hostState $v }"),
        Facet("visiting", "Visiting state", "{ $x kzjp:visitingState $v }"),
        Facet("state", "Participating state", "{ $x kzjp:participatingState $v }"),
        Facet("person", "Person", "{ $x kzjp:participant $v . $v a kzjp:Person }"),
        Facet("year", "Year", YEAR, "year"),
    ),
    "Person": (
        Facet("office", "Office", "{ ?${a}h kzjp:holder $x ; kzjp:office $v }"),
        Facet("state", "State", "{ $x kzjp:citizenOf $v }", msg="browse.facet.citizen"),
    ),
    "Document": (
        Facet("kind", "Kind", KIND),
        Facet("year", "Year", YEAR, "year"),
        Facet("party", "Party", "{ $x kzjp:party $v }"),
    ),
    "": (Facet("kind", "Kind", KIND),),
}
DATE_COL = Column("date", "Date",
                  f"{{ $x ?${{a}}p ?${{a}}d . VALUES ?${{a}}p {{ {DATES} }} BIND(STR(?${{a}}d) AS $v) }}", "text")
COLUMNS: dict[str, tuple[Column, ...]] = {
    "Visit": (DATE_COL, Column("visitor", "Visitor", "{ $x kzjp:visitor $v }"),
              Column("host", "Host state", "{ $x kzjp:hostState $v }", msg="browse.facet.host"),
              Column("period", "Period", "{ $x kzjp:inPeriod $v }", msg="browse.facet.period")),
    "Event": (DATE_COL, Column("kind", "Kind", KIND, msg="browse.facet.kind"),
              Column("period", "Period", "{ $x kzjp:inPeriod $v }", msg="browse.facet.period"),
              Column("state", "States", "{ $x kzjp:participatingState $v }", msg="browse.col.states")),
    "Person": (Column("office", "Offices", "{ ?${a}h kzjp:holder $x ; kzjp:office $v }", msg="browse.col.offices"),
               Column("state", "State", "{ $x kzjp:citizenOf $v }", msg="browse.facet.citizen")),
    "Document": (DATE_COL, Column("kind", "Kind", KIND, msg="browse.facet.kind"),
                 Column("party", "Parties", "{ $x kzjp:party $v }", msg="browse.col.parties")),
    "Period": (Column("start", "From", "{ $x kzjp:startYear ?${a}y BIND(STR(?${a}y) AS $v) }", "text"),
               Column("end", "To", "{ $x kzjp:endYear ?${a}y BIND(STR(?${a}y) AS $v) }", "text")),
    "": (Column("kind", "Kind", KIND, msg="browse.facet.kind"),),
}
#: The profiles, most specific first: a class takes the first it lies under (rdfs:subClassOf*).
PROFILES = ("Visit", "Event", "Person", "Document", "Period")


@cache
def _rq(name: str) -> string.Template:
    return string.Template((RQ_DIR / f"browse-{name}.rq").read_text(encoding="utf-8"))


def _kz() -> str:
    return current_app.config["KZJP_PREFIXES"]["kzjp"]


def _graph(name: str) -> ox.NamedNode:
    """A layer graph of the served build, from ``Namespaces(base)`` so a deployment under another base finds it."""
    return ox.NamedNode(str(namespaces().KZG[name]))


def _prologue() -> str:
    pfx = current_app.config["KZJP_PREFIXES"]
    return "".join(f"PREFIX {p}: <{pfx[p]}>\n" for p in ("kzjp", "rdfs", "owl", "xsd") if p in pfx)


def _select(name: str, **values: str) -> tuple[list[dict], bool]:
    """Run ``rq/browse-<name>.rq`` with ``values`` substituted (each already a serialised term or a pattern made
    here) over the asserted + inferred data; the rows and whether the row cap cut them."""
    sparql = _prologue() + _rq(name).substitute(ontology=str(_graph("ontology")), **values)
    params = [("default-graph-uri", _graph("facts").value), ("default-graph-uri", current_app.config[
        "KZJP_INFERRED_GRAPH"]), ("named-graph-uri", _graph("ontology").value)]
    ans = run_query(sparql, params, results_format="python", check=False)
    return ans.python[1], bool(ans.truncated)


def _lang() -> str:
    """The page language, as every page of the site decides it (:func:`kzjp_kg.web.i18n.lang`)."""
    from kzjp_kg.web.i18n import lang

    return lang()


def pick(labels: dict[str, str], want: str) -> str | None:
    """The label to show on a ``want`` page, along the site's one fallback chain (:func:`kzjp_kg.web.i18n.label_in`:
    kk-Latn pages transliterate a Kazakh label rather than show Cyrillic)."""
    from kzjp_kg.web.i18n import label_in

    return label_in(labels, want)


def _labels(iris: set[str]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    if not iris:
        return out
    rows, _ = _select("labels", iris=" ".join(str(ox.NamedNode(i)) for i in sorted(iris)))
    for r in rows:
        out.setdefault(r["x"].value, {}).setdefault(r["l"].language or "", r["l"].value)
    return out


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@bp.app_template_global("class_href")
def class_href(iri: str) -> str:
    """The browse page of a class of the ontology, else the class's own page (for an entity page's type list)."""
    kz = _kz()
    if iri.startswith(kz) and CLASS_NAME.fullmatch(iri[len(kz):]):
        return "/browse/" + iri[len(kz):]
    href = cast("Callable[[str], str]", current_app.jinja_env.globals["href"])
    return href(iri)  # the entity pages' own link (pages.py defines it)


def classes() -> list[dict]:
    """The ontology's classes with instances, with their counts (the rows of browse-classes.rq)."""
    rows, _ = _select("classes")
    return [{"iri": r["class"].value, "name": _local(r["class"].value), "n": int(r["n"].value)} for r in rows]


@bp.route("/browse")
@bp.route("/browse/")
def browse_index() -> Response | str:
    """Every class of the ontology that has instances, with how many, in the page language."""
    found = classes()  # an HttpError is answered by the errors blueprint
    labels = _labels({c["iri"] for c in found})
    want = _lang()
    for c in found:
        c["label"] = pick(labels.get(c["iri"], {}), want) or c["name"]
    return render_template("browse.html", classes=found, lang=want)


@dataclass
class Filter:
    facet: Facet
    value: str  # as in the query string
    term: ox.NamedNode | ox.Literal

    @property
    def param(self) -> tuple[str, str]:
        return (self.facet.key, self.value)


@dataclass
class FacetView:
    facet: Facet
    values: list[dict] = field(default_factory=list)


def _profile(cls: ox.NamedNode) -> str:
    """The first of PROFILES the class lies under ("" for none)."""
    kz = _kz()
    rows, _ = _select("subclasses", supers=" ".join(str(ox.NamedNode(kz + p)) for p in PROFILES), **{"class": str(cls)})
    under = {_local(r["super"].value) for r in rows}
    return next((p for p in PROFILES if p in under), "")


def _facets_of(profile: str) -> tuple[Facet, ...]:
    """A visit's states are its host and visiting ones: the participating states would repeat them."""
    if profile == "Visit":
        return tuple(f for f in FACETS["Event"] if f.key != "state")
    return FACETS.get(profile, FACETS[""])


def _pattern(template: str, cls: ox.NamedNode, v: str, a: str) -> str:
    return string.Template(template).substitute(x="?x", v=v, a=a, **{"class": str(cls)},
                                                ontology=str(_graph("ontology")))


def parse_filters(facets: tuple[Facet, ...]) -> list[Filter]:
    """The filters of the query string; HttpError 400 for a value that is not an IRI (or a year) as the facet needs.

    Why pyoxigraph's ``NamedNode``: it refuses what is not an absolute IRI (spaces, ``>``, no scheme), so the
    term it writes back (``str(node)``) cannot close the IRI early and change the query."""
    by_key = {f.key: f for f in facets}
    out: list[Filter] = []
    for key, value in request.args.items(multi=True):
        facet = by_key.get(key)
        if facet is None:
            continue  # lang and the like
        if facet.kind == "year":
            if not re.fullmatch(r"-?\d{1,4}", value.strip()):
                raise HttpError(400, f"{key}={value!r}: a year is a whole number, e.g. {key}=2008.")
            out.append(Filter(facet, value, ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD_INTEGER))))
            continue
        try:
            node = ox.NamedNode(value)
        except ValueError as exc:
            raise HttpError(400, f"{key}={value!r} is not an IRI ({exc}). A filter takes the full IRI of a value, "
                                 f"e.g. {key}={current_app.config['KZJP_BASE']}resource/…; follow the links of the "
                                 "facets.") from None
        out.append(Filter(facet, value, node))
    return out


def _filter_groups(filters: list[Filter], cls: ox.NamedNode) -> str:
    groups = []
    for i, f in enumerate(filters):
        var = f"?flt{i}"
        groups.append(_pattern(f.facet.pattern, cls, var, f"flt{i}_") + f" FILTER({var} = {f.term})")
    return "\n  ".join(groups)


def _query_string(pairs: list[tuple[str, str]]) -> str:
    return "?" + urllib.parse.urlencode(pairs) if pairs else "?"


@bp.route("/browse/<name>")
def browse_class(name: str) -> Response | str:
    """The instances of one class, with key columns and facets whose counts follow the active filters."""
    return _browse_class(name)


def _browse_class(name: str) -> Response | str:
    known = {c["name"]: c for c in classes()} if CLASS_NAME.fullmatch(name) else {}
    if name not in known:
        return error_response(404, f"/browse/{name}: no class of the ontology by that name has instances. "
                                   "The classes are listed at /browse.")
    cls = ox.NamedNode(known[name]["iri"])
    profile = _profile(cls)
    facets = _facets_of(profile)
    filters = parse_filters(facets)
    where = _filter_groups(filters, cls)
    rows, truncated = _select("items", filters=where, **{"class": str(cls)})
    items = [r["x"].value for r in rows]
    views: list[FacetView] = []
    current = [p for p in request.args.items(multi=True)]
    active = {f.param for f in filters}
    for i, facet in enumerate(facets):
        frows, _ = _select("facet", filters=where, facet=_pattern(facet.pattern, cls, "?v", f"fc{i}_"),
                           **{"class": str(cls)})
        view = FacetView(facet)
        for r in frows:
            value = r["v"].value
            pair = (facet.key, value)
            on = pair in active
            link = [p for p in current if p != pair] if on else [*current, pair]
            view.values.append({"value": value, "iri": facet.kind == "iri" and isinstance(r["v"], ox.NamedNode),
                                "n": int(r["n"].value), "active": on, "href": _query_string(link)})
        if facet.kind == "year":
            view.values.sort(key=lambda v: v["value"])
        if view.values:
            views.append(view)
    cols = COLUMNS.get(profile, COLUMNS[""])
    shown = items[:PAGE_SIZE]
    cells: dict[str, dict[str, list]] = {x: {} for x in shown}
    if shown and cols:
        union = " UNION ".join(
            "{ " + _pattern(c.pattern, cls, "?v", f"c{i}_") + f' BIND("{c.key}" AS ?col) }}'
            for i, c in enumerate(cols))
        crows, _ = _select("columns", items=" ".join(str(ox.NamedNode(x)) for x in shown), columns=union)
        for r in crows:
            vals = cells[r["x"].value].setdefault(r["col"].value, [])
            if r["v"].value not in vals:
                vals.append(r["v"].value)
    iris = {cls.value, *shown} | {v["value"] for fv in views for v in fv.values if v["iri"]} | {
        f.value for f in filters if isinstance(f.term, ox.NamedNode)}
    for x in shown:
        for c in cols:
            if c.kind == "iri":
                iris |= set(cells[x].get(c.key, []))
    labels = _labels(iris)
    want = _lang()

    def label(iri: str) -> str:
        return pick(labels.get(iri, {}), want) or _local(iri)

    cols = tuple(c for c in cols if any(cells[x].get(c.key) for x in shown))  # no empty columns
    listed = [{"iri": x, "label": label(x), "cells": {c.key: sorted(cells[x].get(c.key, [])) for c in cols}}
              for x in shown]
    date_key = next((c.key for c in cols if c.key in ("date", "start")), None)
    listed.sort(key=lambda it: ((it["cells"].get(date_key) or ["~"])[0] if date_key else "", it["label"].lower()))
    removes = [{"facet": f.facet, "value": f.value, "iri": isinstance(f.term, ox.NamedNode),
                "href": _query_string([p for p in current if p != f.param])} for f in filters]
    return render_template("class.html", name=name, cls=cls.value, title=label(cls.value), items=listed,
                           total=len(items), truncated=truncated or len(items) > len(shown), columns=cols,
                           facets=views, filters=removes, label=label, lang=want,
                           clear=_query_string([p for p in current if p[0] not in {f.key for f in facets}]))
