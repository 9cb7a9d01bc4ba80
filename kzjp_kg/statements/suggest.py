"""Propose rows of the references table for statements that have none: which of the subject's sentences says it.

Why a suggester and not references computed at build time: a reference is a claim about the text that a person
should check once, like the fact itself. The suggester narrows the candidates (the sentences that state or mention
the subject) to those that also name the object — its year, month and day for a date, a stem of its Kazakh name or
one of its own sentences for a resource — and marks a row ``coarse`` when nothing narrows it, so a reviewer knows
which rows to read first.
"""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import RDFS, SKOS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kzjp_kg import config
from kzjp_kg.statements.layer import (
    KEPT_WHEN_DOUBTED,
    deprecating_doubt,
    make_statements,
    referrer_sentences,
    sentences_of,
)
from kzjp_kg.statements.table import Row, read_table, write_table

KZJP = config.KZJP
MONTHS_KK = ("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан",
             "қараша", "желтоқсан")
COMMENTS = [
    "References of the asserted statements of graph/facts (named graph kzg:facts): which sentence(s) state each one.",
    "Statements referenced by rule (sentence links, names and types) need no row: see kzjp_kg/statements/layer.py.",
    "Columns: subject predicate object references rank reason note (tab-separated; terms as in Turtle).",
    "Rank: empty = normal; preferred; deprecated (needs a reason: the defect or conflict). Deprecated statements",
    "are kept in kzg:statements only: never plain triples, never premises of reasoning.",
    "Rows marked 'coarse' were proposed by `kzjp-kg statements --suggest` without a narrower match: check them.",
    "Licence: CC BY 4.0.",
]


def _texts(ds: Dataset) -> dict[URIRef, str]:
    source = ds.graph(config.GRAPH_SOURCE)
    return {s: str(o).lower() for s, o in source.subject_objects(KZJP.text) if isinstance(s, URIRef)}


def _stems(g: Graph, resource: Node) -> set[str]:
    names = [str(o) for p in (RDFS.label, SKOS.altLabel) for o in g.objects(resource, p)
             if isinstance(o, Literal) and o.language in ("kk", None)]
    words = {w.lower() for n in names for w in re.findall(r"[^\W\d_]{4,}", n)}
    return {w[:5] for w in words}


def _score(text: str, o: Node, g: Graph, sentence: URIRef) -> int:
    if isinstance(o, Literal) and o.datatype in (XSD.date, XSD.gYearMonth, XSD.gYear):
        value = str(o)
        year, _, rest = value.partition("-")
        score = 2 if year in text else 0
        month, _, day = rest.partition("-")
        if month and MONTHS_KK[int(month) - 1][:4] in text:
            score += 1
        if day and re.search(rf"(?<!\d){int(day)}(?!\d)", text):
            score += 1
        return score
    if isinstance(o, URIRef):
        if sentence in sentences_of(g, o):
            return 3
        return 1 if any(stem in text for stem in _stems(g, o)) else 0
    if isinstance(o, Literal):
        return 1 if str(o).lower()[:12] in text else 0
    return 0


def suggest(ds: Dataset, unreferenced: list[tuple]) -> list[Row]:
    """One proposed row per statement: the best-matching sentences of its subject, or all of them (``coarse``)."""
    facts, texts = ds.graph(config.GRAPH_FACTS), _texts(ds)
    rows = []
    for s, p, o in unreferenced:
        candidates = sentences_of(facts, s)
        if not candidates:
            candidates = referrer_sentences(facts, s)
        if isinstance(o, URIRef) and not candidates:
            candidates = sentences_of(facts, o)
        scored = [(c, _score(texts.get(c, ""), o, facts, c)) for c in candidates]
        best = max((sc for _, sc in scored), default=0)
        refs = tuple(c for c, sc in scored if sc == best) if best > 0 else tuple(candidates)
        note = "" if best > 0 or len(candidates) <= 1 else "coarse"
        if not refs:
            note = "no sentence found: give an external reference"
        doubt = deprecating_doubt(facts, s)
        if doubt is not None and p not in KEPT_WHEN_DOUBTED:
            rows.append(Row(0, s, p, o, refs, "deprecated", doubt, note))
        else:
            rows.append(Row(0, s, p, o, refs, "normal", None, note))
    return rows


def update_table(ds: Dataset, table: Path) -> tuple[int, int]:
    """Add proposed rows for every unreferenced statement; keep existing rows. Returns (added, without any)."""
    layer = make_statements(ds, table, strict=False)
    existing = read_table(table) if table.exists() else []
    proposed = suggest(ds, layer.unreferenced)
    write_table(table, existing + proposed, COMMENTS)
    return len(proposed), sum(1 for r in proposed if not r.references)
