"""The references table: one row per asserted statement of ``kzg:facts`` that is not referenced by rule.

Why a table beside the Turtle and not annotations inside it: Turtle 1.1 (what rdflib, owlrl and pySHACL read) has
no syntax for annotating one triple, and the curated facts stay one readable subject block per resource. The table
is curated data like the facts: ``kzjp-kg statements --suggest`` proposes rows for new facts, a person checks them.

Columns (tab-separated, header first): ``subject predicate object references rank reason note``. Terms are
written as in Turtle with the project's prefixes (``kzr:japan``, ``"1994-04-09"^^xsd:date``, ``"…"@kk``);
``references`` is a space-separated list of sentence IRIs (``kzs:s018``), Wikidata IRIs or ``<https://…>`` pages;
``rank`` is ``normal`` (or empty), ``preferred`` or ``deprecated``; a deprecated row needs a ``reason`` (the defect
or conflict). Lines starting with ``#`` are comments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.term import Node
from rdflib.util import from_n3

from kzjp_kg import config
from kzjp_kg.errors import InputError

HEADER = ("subject", "predicate", "object", "references", "rank", "reason", "note")
RANKS = ("normal", "preferred", "deprecated")
#: Prefixes the table may use: the project's and Wikidata's.
TABLE_PREFIXES: dict[str, str] = {
    **config.PREFIXES,
    "p": "http://www.wikidata.org/prop/",
    "ps": "http://www.wikidata.org/prop/statement/",
    "pq": "http://www.wikidata.org/prop/qualifier/",
    "wds": "http://www.wikidata.org/entity/statement/",
}


class TableError(InputError):
    """A row of the references table is malformed or names no statement of the graph."""


@dataclass(frozen=True)
class Row:
    """One curated statement: the triple, where it comes from, and how far to trust it."""

    line: int
    subject: Node
    predicate: URIRef
    object: Node
    references: tuple[URIRef, ...]
    rank: str = "normal"
    reason: URIRef | None = None
    note: str = ""

    @property
    def triple(self) -> tuple[Node, URIRef, Node]:
        return (self.subject, self.predicate, self.object)


def namespace_manager() -> NamespaceManager:
    nsm = NamespaceManager(Graph(bind_namespaces="none"))
    for prefix, ns in TABLE_PREFIXES.items():
        nsm.bind(prefix, ns, override=True)
    return nsm


_NSM = namespace_manager()


def term_text(term: Node) -> str:
    """``term`` as the table writes it: prefixed where a project prefix fits, Turtle escapes in literals."""
    if isinstance(term, URIRef):
        return term.n3(_NSM)
    if isinstance(term, Literal):
        text = term.n3(_NSM)
        return text.replace("\t", "\\t")
    raise ValueError(f"blank nodes cannot be referenced by the table: {term!r}")


def parse_term(text: str, where: str) -> Node:
    """Read one table cell as an RDF term, or raise :class:`TableError` naming ``where`` (``file:line``)."""
    text = text.strip()
    prefix = re.match(r"([A-Za-z][\w-]*):", text)
    if prefix and prefix.group(1) not in TABLE_PREFIXES:
        raise TableError(f"{where}: {text!r} uses an unknown prefix {prefix.group(1)!r}; known: "
                         f"{', '.join(sorted(TABLE_PREFIXES))}. Write the IRI in full as <…> or use a known prefix.")
    try:
        term = from_n3(text, nsm=_NSM)
    except Exception as exc:  # rdflib raises several kinds for a malformed term
        raise TableError(f"{where}: cannot read the term {text!r} ({exc}). Write it as in Turtle, e.g. kzr:japan, "
                         '"1994-04-09"^^xsd:date or "…"@kk, with a prefix the table knows.') from None
    if term is None or isinstance(term, BNode) or not isinstance(term, URIRef | Literal):
        raise TableError(f"{where}: {text!r} is not an IRI or a literal.")
    return term


def read_table(path: Path) -> list[Row]:
    """Every row of the table at ``path``; raise :class:`TableError` with ``file:line`` on the first bad row."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise TableError(f"{path}: cannot read the references table ({exc.strerror}).") from exc
    rows: list[Row] = []
    header_seen = False
    for number, raw in enumerate(lines, start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        where = f"{_display(path)}:{number}"
        if not header_seen:
            if tuple(c.strip() for c in cells) != HEADER:
                raise TableError(f"{where}: the header must be {' '.join(HEADER)} (tab-separated).")
            header_seen = True
            continue
        if len(cells) != len(HEADER):
            raise TableError(f"{where}: {len(cells)} columns, expected {len(HEADER)} ({', '.join(HEADER)}), "
                             "separated by tabs.")
        s, p, o, refs, rank, reason, note = cells
        predicate = parse_term(p, where)
        if not isinstance(predicate, URIRef):
            raise TableError(f"{where}: the predicate {p!r} must be an IRI.")
        references = tuple(parse_term(r, where) for r in refs.split())
        if any(not isinstance(r, URIRef) for r in references):
            raise TableError(f"{where}: a reference must be an IRI (a sentence, a Wikidata item or a web page).")
        rank = rank.strip() or "normal"
        if rank not in RANKS:
            raise TableError(f"{where}: unknown rank {rank!r}; use one of {', '.join(RANKS)}.")
        reason_term = parse_term(reason, where) if reason.strip() else None
        if rank == "deprecated" and not isinstance(reason_term, URIRef):
            raise TableError(f"{where}: a deprecated statement needs a reason: the defect or conflict IRI.")
        rows.append(Row(number, parse_term(s, where), predicate, parse_term(o, where),
                        references, rank, reason_term, note.strip()))  # type: ignore[arg-type]
    return rows


def write_table(path: Path, rows: list[Row], comments: list[str]) -> None:
    """Write ``rows`` with the header and ``comments`` (each line prefixed with ``# ``), sorted for stable diffs."""
    out = [f"# {c}" if c else "#" for c in comments]
    out.append("\t".join(HEADER))
    for r in sorted(rows, key=lambda r: (str(r.subject), str(r.predicate), str(r.object))):
        out.append("\t".join((term_text(r.subject), term_text(r.predicate), term_text(r.object),
                              " ".join(term_text(x) for x in r.references), "" if r.rank == "normal" else r.rank,
                              term_text(r.reason) if r.reason else "", r.note)))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(config.ROOT))
    except ValueError:
        return str(path)
