"""Result formats and capped serialisation of query answers.

Why our own writers for SELECT results: the row cap must cut the answer *and say so*, and pyoxigraph's
``QuerySolutions.serialize`` can only write the whole iterator. Reading at most ``cap + 1`` rows and writing
them ourselves keeps memory bounded and lets us flag truncation in the result itself (a SPARQL JSON/XML ``link``
to the limits' documentation) as well as in an HTTP header. Graph results are written by pyoxigraph.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True)
class Format:
    """One answer format: a short name for the ``format`` parameter and its media type."""

    name: str
    media_type: str
    kind: str  # "results" (SELECT/ASK) or "graph" (CONSTRUCT/DESCRIBE)
    aliases: tuple[str, ...] = ()


RESULT_FORMATS = (
    Format("json", "application/sparql-results+json", "results", ("application/json", "srj")),
    Format("xml", "application/sparql-results+xml", "results", ("application/xml", "text/xml", "srx")),
    Format("csv", "text/csv", "results"),
    Format("tsv", "text/tab-separated-values", "results"),
)
GRAPH_FORMATS = (
    Format("turtle", "text/turtle", "graph", ("ttl", "application/x-turtle")),
    Format("ntriples", "application/n-triples", "graph", ("nt", "text/plain")),
    Format("jsonld", "application/ld+json", "graph", ("json-ld", "application/json")),
    Format("rdfxml", "application/rdf+xml", "graph", ("rdf", "xml", "application/xml", "text/xml")),
    Format("trig", "application/trig", "graph"),
)
OX_GRAPH_FORMAT = {
    "turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML, "trig": ox.RdfFormat.TRIG,
}


#: A cell of a SELECT answer as pyoxigraph gives it (None where the variable is unbound).
Cell = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None
_R = TypeVar("_R")


def _json_term(t: Cell) -> dict[str, str]:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        d = {"type": "literal", "value": t.value}
        if t.language:
            d["xml:lang"] = t.language
        elif t.datatype.value != XSD_STRING:
            d["datatype"] = t.datatype.value
        return d
    return {"type": "literal", "value": str(t)}  # RDF-star triple terms: written as text


def _xml_term(t: Cell) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{escape(t.value)}</bnode>"
    if isinstance(t, ox.Literal):
        if t.language:
            return f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
        if t.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
        return f"<literal>{escape(t.value)}</literal>"
    return f"<literal>{escape(str(t))}</literal>"


def _csv_term(t: Cell) -> str:
    if t is None:
        return ""
    if isinstance(t, ox.BlankNode):
        return "_:" + t.value
    return t.value if isinstance(t, ox.NamedNode | ox.Literal) else str(t)


def _tsv_term(t: Cell) -> str:
    return "" if t is None else str(t)  # pyoxigraph's str() is the N-Triples/Turtle form TSV asks for


def _cached(fn: Callable[[Cell], _R]) -> Callable[[Cell], _R]:
    """Per-answer memo of a term writer: the same IRIs and labels recur across rows."""
    cache: dict[Cell, _R] = {}

    def write(t: Cell) -> _R:
        out = cache.get(t)
        if out is None:
            out = cache[t] = fn(t)
        return out

    return write


def write_rows(variables: list[str], rows: Iterable, fmt: str, truncated_link: str | None) -> bytes:
    """SELECT results (already capped) in ``fmt``: json, xml, csv or tsv.

    A solution iterates over its values in the order of ``variables`` (None when unbound); writing each distinct
    term once per answer keeps this within about 2× of pyoxigraph's own (uncapped) writer.
    """
    table = [tuple(r) for r in rows]
    if fmt == "json":
        head: dict = {"vars": variables}
        if truncated_link:
            head["link"] = [truncated_link]
        jt = _cached(_json_term)
        bindings = [{v: jt(t) for v, t in zip(variables, r, strict=True) if t is not None} for r in table]
        return json.dumps({"head": head, "results": {"bindings": bindings}}, ensure_ascii=False).encode()
    if fmt == "xml":
        xt = _cached(_xml_term)
        names = [f"<binding name={quoteattr(v)}>" for v in variables]
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
        out += [f"<variable name={quoteattr(v)}/>" for v in variables]
        if truncated_link:
            out.append(f"<link href={quoteattr(truncated_link)}/>")
        out.append("</head><results>")
        for r in table:
            out.append("<result>")
            out += [f"{n}{xt(t)}</binding>" for n, t in zip(names, r, strict=True) if t is not None]
            out.append("</result>")
        out.append("</results></sparql>\n")
        return "".join(out).encode()
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(variables)
        ct = _cached(_csv_term)
        w.writerows([ct(t) for t in r] for r in table)
        return buf.getvalue().encode()
    if fmt == "tsv":
        tt = _cached(_tsv_term)
        lines = ["\t".join("?" + v for v in variables)]
        lines += ["\t".join(tt(t) for t in r) for r in table]
        return ("\n".join(lines) + "\n").encode()
    raise ValueError(f"unknown results format {fmt!r}")


def write_boolean(value: bool, fmt: str) -> bytes:
    """An ASK answer in ``fmt`` (CSV/TSV write the boolean as one cell, as most servers do)."""
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt == "xml":
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
                f"<boolean>{'true' if value else 'false'}</boolean></sparql>\n").encode()
    if fmt in ("csv", "tsv"):
        head = "_askResult\r\n" if fmt == "csv" else "?_askResult\n"
        return (head + ("true" if value else "false") + "\n").encode()
    raise ValueError(f"unknown results format {fmt!r}")


def write_triples(triples: list[ox.Triple], fmt: str, prefixes: dict[str, str] | None = None) -> bytes:
    """CONSTRUCT/DESCRIBE triples in ``fmt`` (turtle, ntriples, jsonld, rdfxml, trig)."""
    ox_fmt = OX_GRAPH_FORMAT[fmt]
    kwargs: dict[str, Any] = {"prefixes": prefixes} if prefixes and fmt in ("turtle", "trig") else {}
    if fmt == "trig":
        triples = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]  # type: ignore[misc]
    return ox.serialize(triples, format=ox_fmt, **kwargs) or b""


class _Full(Exception):  # noqa: N818 - a signal, not an error
    """Raised inside pyoxigraph's writer once enough lines are written."""


class _LineSink:
    """A file-like sink for pyoxigraph's streaming writers that stops them after ``max_lines`` full lines."""

    def __init__(self, max_lines: int) -> None:
        self.max_lines = max_lines
        self.chunks: list[bytes] = []
        self.lines = 0
        self.full = False

    def write(self, data: bytes) -> int:
        self.chunks.append(bytes(data))
        self.lines += data.count(b"\n")
        if self.lines > self.max_lines:
            self.full = True
            raise _Full
        return len(data)

    def flush(self) -> None:
        pass


def capped_lines(serialize: Callable[[Any], object], max_lines: int) -> tuple[bytes, bool]:
    """Run ``serialize(sink)`` (a line-per-item writer: TSV, N-Triples) and keep at most ``max_lines`` lines.

    Why: this keeps the whole answer in Rust (no Python object per row) while still stopping at the row cap —
    the writer is interrupted as soon as the line after the cap appears. Returns (bytes, truncated).
    """
    sink = _LineSink(max_lines)
    try:
        serialize(sink)
    except Exception:
        if not sink.full:
            raise
    data = b"".join(sink.chunks)
    if sink.full:
        data = b"\n".join(data.split(b"\n")[:max_lines]) + b"\n"
    return data, sink.full


def add_link(body: bytes, fmt: str, link: str) -> bytes:
    """Flag a truncated SELECT answer inside the result document (SPARQL JSON/XML ``link``)."""
    if fmt == "json":
        at = body.index(b"]", body.index(b'"vars"')) + 1
        return body[:at] + b',"link":' + json.dumps([link]).encode() + body[at:]
    if fmt == "xml":
        return body.replace(b"</head>", f"<link href={quoteattr(link)}/></head>".encode(), 1).replace(
            b"<head/>", f"<head><link href={quoteattr(link)}/></head>".encode(), 1)
    return body


OX_RESULTS_FORMAT = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                     "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
