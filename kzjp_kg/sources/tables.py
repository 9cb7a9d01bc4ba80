"""Table sources: facts restated one per row, each with the web page it was read on, as RDF.

Every ``graph/sources/<name>.tsv`` whose header starts ``id subject predicate`` is a table source (the first is
``secondary-facts.tsv``, copied from ``../shared/sources``). Its rows become segments of the source, like the
article's sentences — ``<base>source/<name>/F001``, a ``kzjp:SourceRow`` with its restated text, line and note —
so facts cite a row with ``kzjp:statedIn`` and a statement's reference is its row; each row's page becomes a
``kzjp:WebPage`` (its URL as IRI) with publisher, kind (``kzjp:kind-official`` / ``-news`` / ``-encyclopedia``)
and page date. Nothing is fetched: the URLs are citations.

Rows are checked as they are read, and the first bad one fails the build with ``file:line`` and what to do: a
predicate phrase that ``graph/sources/predicates.tsv`` does not know, a date that does not match its precision, an
unknown kind, a URL that is not http(s).
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from kzjp_kg import config
from kzjp_kg.errors import InputError
from kzjp_kg.sources.base import SourceFile

KZJP = config.KZJP
COLUMNS = ("id", "subject", "predicate", "object", "date", "date_precision", "place", "related_event", "source_url",
           "publisher", "source_kind", "page_date", "note")
KINDS = {"official": KZJP["kind-official"], "news": KZJP["kind-news"], "encyclopedia": KZJP["kind-encyclopedia"]}
_PRECISION = {"day": (r"\d{4}-\d{2}-\d{2}", XSD.date), "month": (r"\d{4}-\d{2}", XSD.gYearMonth),
              "year": (r"\d{4}", XSD.gYear)}


class TableRowError(InputError):
    """A row of a table source is malformed (exit code 2; the build publishes nothing)."""


@dataclass(frozen=True)
class Predicate:
    """A predicate phrase pattern of ``predicates.tsv`` and the ontology term its facts map to."""

    pattern: re.Pattern[str]
    term: str
    meaning: str


@dataclass(frozen=True)
class TableSource(SourceFile):
    """A ``*.tsv`` of ``graph/sources/`` with the table-source header."""

    @property
    def unmapped(self) -> Path:
        """``<name>.unmapped.tsv``: the rows that are not statements of the graph, each with the reason."""
        return self.path.with_name(f"{self.name}.unmapped.tsv")


def table_sources(folder: Path) -> list[TableSource]:
    """The table sources of ``folder``: ``*.tsv`` files whose header starts with ``id subject predicate``."""
    found = []
    for p in sorted(folder.glob("*.tsv")):
        with p.open(encoding="utf-8") as fh:
            first = next((line for line in fh if not line.startswith("#")), "")
        if first.split("\t")[:3] == ["id", "subject", "predicate"]:
            found.append(TableSource(p))
    return found


def read_predicates(path: Path) -> list[Predicate]:
    """The known predicate phrases (``graph/sources/predicates.tsv``)."""
    out = []
    rows = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    for number, line in enumerate(rows[1:], start=2):
        cells = line.split("\t")
        if len(cells) != 3:
            raise TableRowError(f"{path.name}: row {number}: expected pattern, term, meaning (tab-separated).")
        try:
            out.append(Predicate(re.compile(cells[0]), cells[1], cells[2]))
        except re.error as exc:
            raise TableRowError(f"{path.name}: row {number}: the pattern {cells[0]!r} is not a regular expression "
                                f"({exc}).") from None
    return out


def _check(row: dict[str, str], where: str, predicates: list[Predicate]) -> None:
    if not re.fullmatch(r"[A-Z]\d{3,}", row["id"] or ""):
        raise TableRowError(f"{where}: the id {row['id']!r} is not of the form F001.")
    if not any(p.pattern.fullmatch(row["predicate"]) for p in predicates):
        raise TableRowError(f"{where}: row {row['id']}: unknown predicate {row['predicate']!r}. Use a phrase listed "
                            "in graph/sources/predicates.tsv, or add it there with the ontology term that models it.")
    value, precision = row["date"], row["date_precision"]
    if bool(value) != bool(precision):
        raise TableRowError(f"{where}: row {row['id']}: date {value!r} and precision {precision!r} must be both "
                            "given or both empty.")
    if value:
        if precision not in _PRECISION or not re.fullmatch(_PRECISION[precision][0], value):
            raise TableRowError(f"{where}: row {row['id']}: malformed date {value!r} for precision {precision!r} "
                                "(day YYYY-MM-DD, month YYYY-MM, year YYYY).")
        _valid_date(value, where, row["id"])
    if row["page_date"]:
        if not re.fullmatch(r"\d{4}(-\d{2}){0,2}", row["page_date"]):
            raise TableRowError(f"{where}: row {row['id']}: malformed page date {row['page_date']!r} "
                                "(YYYY-MM-DD, YYYY-MM or YYYY).")
        _valid_date(row["page_date"], where, row["id"])
    if row["source_kind"] not in KINDS:
        raise TableRowError(f"{where}: row {row['id']}: unknown kind {row['source_kind']!r}; use one of "
                            f"{', '.join(KINDS)}.")
    if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", row["source_url"]):
        raise TableRowError(f"{where}: row {row['id']}: {row['source_url']!r} is not an http(s) URL.")


def _valid_date(value: str, where: str, rid: str) -> None:
    parts = [int(x) for x in value.split("-")] + [1, 1]
    try:
        date(parts[0], parts[1], parts[2])
    except ValueError:
        raise TableRowError(f"{where}: row {rid}: {value!r} is not a calendar date.") from None


def read_rows(src: TableSource, predicates: list[Predicate]) -> list[tuple[int, dict[str, str]]]:
    """(line, row) for every row, checked; raise :class:`TableRowError` on the first bad one."""
    with src.path.open(encoding="utf-8", newline="") as fh:
        lines = fh.read().splitlines()
    header = lines[0].split("\t")
    if tuple(header) != COLUMNS:
        raise TableRowError(f"{src.path.name}:1: the header must be {' '.join(COLUMNS)} (tab-separated).")
    rows = []
    for number, cells in enumerate(csv.reader(lines[1:], delimiter="\t", quoting=csv.QUOTE_NONE), start=2):
        where = f"{_display(src.path)}:{number}"
        if len(cells) != len(COLUMNS):
            raise TableRowError(f"{where}: {len(cells)} columns, expected {len(COLUMNS)}.")
        row = dict(zip(COLUMNS, (c.strip() for c in cells), strict=True))
        _check(row, where, predicates)
        rows.append((number, row))
    return rows


def typed_date(value: str) -> Literal:
    """``2008-06-18`` as xsd:date, ``2008-06`` as xsd:gYearMonth, ``2008`` as xsd:gYear."""
    return Literal(value, datatype={3: XSD.date, 2: XSD.gYearMonth, 1: XSD.gYear}[value.count("-") + 1])


def row_text(row: dict[str, str]) -> str:
    """The row restated as one line: subject, predicate, object, date and place."""
    text = " ".join(x for x in (row["subject"], row["predicate"], row["object"]) if x)
    extra = [x for x in (row["date"], row["place"]) if x]
    return text + (f" ({', '.join(extra)})" if extra else "") + "."


def table_graph(src: TableSource, predicates: list[Predicate]) -> Graph:
    """The source, its rows and their pages as RDF."""
    g = Graph()
    data = src.path.read_bytes()
    rows = read_rows(src, predicates)
    g.add((src.iri, RDF.type, KZJP.SourceTable))
    g.add((src.iri, RDFS.label, Literal("Ресми беттерден алынған деректер кестесі", lang="kk")))
    g.add((src.iri, RDFS.label, Literal(f"Table of restated facts: {src.name}", lang="en")))
    g.add((src.iri, DCTERMS.language, Literal("en")))
    g.add((src.iri, KZJP.sha256, Literal(hashlib.sha256(data).hexdigest())))
    text = data.decode("utf-8")
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]  # character offset of each line
    for order, (line, row) in enumerate(rows, start=1):
        r = src.ns[row["id"]]
        page = URIRef(row["source_url"])
        g.add((r, RDF.type, KZJP.SourceRow))
        g.add((r, RDFS.label, Literal(f"Деректер кестесінің {int(row['id'][1:])}-жолы", lang="kk")))
        g.add((r, RDFS.label, Literal(f"{src.name}, row {row['id']}", lang="en")))
        g.add((r, KZJP.rowId, Literal(row["id"])))
        g.add((r, KZJP.text, Literal(row_text(row), lang="en")))
        g.add((r, KZJP.inSource, src.iri))
        g.add((r, KZJP.order, Literal(order, datatype=XSD.positiveInteger)))
        g.add((r, KZJP.line, Literal(line, datatype=XSD.positiveInteger)))
        g.add((r, KZJP.endLine, Literal(line, datatype=XSD.positiveInteger)))
        end = starts[line] - 1 if line < len(starts) else len(text)
        g.add((r, KZJP.startOffset, Literal(starts[line - 1], datatype=XSD.nonNegativeInteger)))
        g.add((r, KZJP.endOffset, Literal(end, datatype=XSD.nonNegativeInteger)))
        g.add((r, KZJP.onPage, page))
        if row["note"]:
            g.add((r, KZJP.rowNote, Literal(row["note"], lang="en")))
        g.add((page, RDF.type, KZJP.WebPage))
        g.add((page, KZJP.publisherName, Literal(row["publisher"])))
        g.add((page, KZJP.sourceKind, KINDS[row["source_kind"]]))
        g.add((page, RDFS.label, Literal(f"{row['publisher']}: {row['source_url']}", lang="en")))
        if row["page_date"]:
            g.add((page, KZJP.pageDate, typed_date(row["page_date"])))
    return g


def sources_graph(folder: Path) -> Graph:
    """Every table source of ``folder`` (``graph/sources/``) as one graph; empty if there is none."""
    g = Graph()
    tables = table_sources(folder)
    if tables:
        predicates = read_predicates(folder / "predicates.tsv")
        for src in tables:
            g += table_graph(src, predicates)
    return g


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(config.ROOT))
    except ValueError:
        return str(path)
