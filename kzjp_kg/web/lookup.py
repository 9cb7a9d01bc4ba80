"""What every page module shares: the IRI base, IRI ↔ server path, the site's own SPARQL files, labels.

Why the site's queries live in ``rq/*.rq`` with ``$name`` parameters: a query built with an f-string lets an IRI
taken from the request (a path, a search word) change the query's text. Here each parameter is first turned into
a pyoxigraph term — ``NamedNode`` refuses what is not an IRI (``>``, spaces, quotes), ``Literal`` escapes its text
— and only its N-Triples form is put in the query. ``$name`` is SPARQL's other spelling of ``?name``, so every file
stays a query that parses on its own (the parameter is then just unbound); a list parameter fills the file's empty
``VALUES ?name { }`` block. Prefixes are the app's (``KZJP_PREFIXES``), so a deployment under another base asks
for its own IRIs.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from flask import current_app

from kzjp_kg import config as kconfig
from kzjp_kg import terms
from kzjp_kg.web.sparql import run_query

if TYPE_CHECKING:
    from kzjp_kg.store.pool import QueryAnswer
    from kzjp_kg.web.sparql import _Served

RQ_DIR = Path(__file__).parent / "rq"
_PARAM = re.compile(r"VALUES \?(\w+) \{ \}|\$([A-Za-z_]\w*)\b")
#: A term a parameter may be bound to: an IRI (checked by NamedNode), a literal, or several IRIs for a VALUES block.
Param = str | ox.NamedNode | ox.Literal | Iterable[str]


def base() -> str:
    return current_app.config["KZJP_BASE"]


def namespaces() -> kconfig.Namespaces:
    """The project's namespaces under the served base (``Namespaces(base)``, never string concatenation)."""
    return kconfig.Namespaces(base())


def is_iri(value: str) -> bool:
    """Whether ``value`` is an absolute IRI pyoxigraph accepts (so it may be put into a query)."""
    try:
        ox.NamedNode(value)
    except ValueError:
        return False
    return True


def iri_of(path: str) -> str:
    return base() + path


def local_path(iri: str) -> str | None:
    """The server path of an IRI under our base, or None for external IRIs."""
    b = base()
    if iri.startswith(b):
        return iri[len(b):].split("#")[0]
    return None


@functools.cache
def _file(name: str) -> str:
    """The text of ``rq/<name>.rq``, read once per process."""
    return (RQ_DIR / f"{name}.rq").read_text(encoding="utf-8")


def _term(value: str | ox.NamedNode | ox.Literal) -> str:
    """The N-Triples form of a parameter; a string must be an IRI (ValueError otherwise)."""
    if isinstance(value, (ox.NamedNode, ox.Literal)):
        return str(value)
    return str(ox.NamedNode(value))


def bind(text: str, params: dict[str, Param]) -> str:
    """``text`` with each ``$name`` replaced by its term and each ``VALUES ?name { }`` filled with its IRIs.

    One pass over the query's own text: what is put in is never scanned again (an IRI may hold a ``$``)."""

    def one(m: re.Match[str]) -> str:
        listed, name = m.group(1), m.group(2)
        value = params.get(listed or name)
        if listed:
            if value is None or isinstance(value, (str, ox.NamedNode, ox.Literal)):
                return m.group(0) if listed not in params else _fail(f"list parameter {listed!r} needs IRIs")
            return f"VALUES ?{listed} {{ {' '.join(_term(v) for v in value)} }}"
        if value is None or not isinstance(value, (str, ox.NamedNode, ox.Literal)):
            return _fail(f"query parameter ${name} has no value")
        return _term(value)

    return _PARAM.sub(one, text)


def _fail(message: str) -> str:
    raise KeyError(message)


def query(name: str, **params: Param) -> str:
    """The query ``rq/<name>.rq`` with the app's prefixes declared and ``params`` bound (see the module doc)."""
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in current_app.config["KZJP_PREFIXES"].items())
    return prologue + bind(_file(name), params)


def rows(sparql: str) -> list[dict]:
    """The rows of one of the site's own SELECT queries (no policy check: the text is ours)."""
    return run_query(sparql, results_format="python", check=False).python[1]


def select(name: str, **params: Param) -> list[dict]:
    return rows(query(name, **params))


def construct(name: str, fmt: str, **params: Param) -> QueryAnswer | _Served:
    """The answer of one of the site's CONSTRUCT files in the graph format ``fmt``."""
    return run_query(query(name, **params), graph_format=fmt, check=False)


def labels(iris: set[str]) -> dict[str, dict[str, str]]:
    """rdfs:label / skos:prefLabel of each IRI, by language tag ('' for none)."""
    out: dict[str, dict[str, str]] = {}
    iris = {i for i in iris if i}
    if not iris:
        return out
    for r in select("labels", x=sorted(iris)):
        out.setdefault(r["x"].value, {}).setdefault(r["l"].language or "", r["l"].value)
    return out


def short(iri: str) -> str:
    """``kzr:japan`` for an IRI in one of the app's namespaces (a template filter; :func:`kzjp_kg.terms.short`
    with the served base's prefixes)."""
    return terms.short(iri, current_app.config["KZJP_PREFIXES"])


def href(iri: str) -> str:
    """Where a link to ``iri`` points: its page on this server, or the IRI itself when it is not ours."""
    path = local_path(iri)
    if path is None:
        return iri
    frag = iri.partition("#")[2]
    return f"/page/{path}" + (f"#{frag}" if frag else "")
