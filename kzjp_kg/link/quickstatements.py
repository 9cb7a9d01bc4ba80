"""Give back to Wikidata: the article's facts Wikidata lacks, as QuickStatements (v1), each with its source.

Why only what Wikidata lacks: each candidate is first looked up in the Wikidata source (the snapshot or a live
endpoint) with the query Wikidata's service would answer, and dropped if the statement is there. Why a reference on
every statement: Wikidata wants sourced statements; the source here is the sentence of the article that states the
fact (``S854`` reference URL = the page of the official or news source a table row was read on, else the
sentence's IRI, which resolves to its page) and the day of the export (``S813``).
The article has no Wikidata item, so there is no ``S248`` (stated in) yet: create the item, then add
``S248 Q…`` to these lines. Visits become new items (``CREATE``); no class (P31) is given because no class QID for
"state visit" is verified in ../shared/wikidata — add one before running the batch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from rdflib import RDF, RDFS, Graph, Node, URIRef

from kzjp_kg import config
from kzjp_kg import wikibase as wb
from kzjp_kg.link.crosscheck import Source

KZJP = config.KZJP
#: A line of QuickStatements v1: item/LAST/CREATE, property or label, value, then qualifier/reference pairs.
_VALUE = r'(?:Q\d+|"[^"\t]*"|[a-z]{2,3}:"[^"\t]*"|\+\d{4}-\d\d-\d\dT00:00:00Z/(?:9|10|11))'
LINE = re.compile(rf'^(?:CREATE|(?:Q\d+|LAST)\t(?:[LDA][a-z-]+\t"[^"\t]+"|P\d+\t{_VALUE}(?:\t[PS]\d+\t{_VALUE})*))$')


@dataclass
class Batch:
    lines: list[str]
    skipped: list[str]  # facts Wikidata already has, or that cannot be expressed


def _ref(g: Graph, sentences: list[Node], today: str) -> str:
    """``S854`` (reference URL) and ``S813`` (retrieved): the web page a table row was read on, preferred to a
    sentence of the article (a page of an official source is what Wikidata editors check)."""
    pages = sorted({p for s in sentences for p in g.objects(s, KZJP.onPage)},
                   key=lambda p: (g.value(p, KZJP.sourceKind) != KZJP["kind-official"], str(p)))  # official first
    urls = pages or sentences
    refs = "".join(f'\tS854\t"{u}"' for u in urls[:1])
    return refs + f"\tS813\t+{today}T00:00:00Z/11" if refs else ""


def _time(g: Graph, s: Node, *props: URIRef) -> wb.Time | None:
    for p in props:
        v = g.value(s, p)
        if v is not None:
            return wb.Time.parse(str(v))
    return None


def _ask(source: Source, where: str) -> bool:
    return bool(source.select(wb.SPARQL_PREFIXES + f"SELECT * WHERE {{ {where} }} LIMIT 1"))


def export(g: Graph, source: Source, today: str | None = None) -> Batch:
    """QuickStatements for the diplomatic relations and the visits (``g``: the asserted graph with links)."""
    today = today or date.today().isoformat()
    qid = {s: str(o) for s, o in g.subject_objects(KZJP.wikidataId)}
    lines: list[str] = []
    skipped: list[str] = []
    # 1. diplomatic relations between the two states, with their start
    for st in sorted(g.subjects(KZJP.status, KZJP["status-diplomatic-relations"]), key=str):
        rel = g.value(st, KZJP.statusOf)
        states = sorted(qid[s] for s in g.objects(rel, KZJP.relationBetween) if s in qid)
        start = _time(g, st, KZJP.startDate, KZJP.yearMonth, KZJP.year)
        sentences = sorted(g.objects(st, KZJP.statedIn), key=str)
        if len(states) != 2 or start is None:
            skipped.append(f"{st}: no two linked states or no start date")
            continue
        for a, b in (states, states[::-1]):
            if _ask(source, f"wd:{a} wdt:P530 wd:{b} ."):
                skipped.append(f"{a} P530 {b}: already in Wikidata")
                continue
            lines.append(f"{a}\tP530\t{b}\tP580\t{start.quickstatements()}{_ref(g, sentences, today)}")
    # 2. the visits, as new items
    visits = sorted(set(g.subjects(RDF.type, KZJP.Visit)) | set(g.subjects(RDF.type, KZJP.OfficialVisit)), key=str)
    for v in visits:
        visitors = sorted(qid[p] for p in g.objects(v, KZJP.visitor) if p in qid)
        host = next((qid[s] for s in g.objects(v, KZJP.hostState) if s in qid), None)
        places = sorted(qid[p] for p in g.objects(v, KZJP.destination) if p in qid)
        sentences = sorted(g.objects(v, KZJP.statedIn), key=str)
        start = _time(g, v, KZJP.startDate, KZJP.date, KZJP.yearMonth, KZJP.year)
        end = _time(g, v, KZJP.endDate)
        if not visitors or start is None:
            skipped.append(f"{v}: no linked visitor or no date")
            continue
        near = f'FILTER(YEAR(?t) = {start.iso[:4]})'
        if _ask(source, f"?e wdt:P710 wd:{visitors[0]} ; wdt:P580|wdt:P585 ?t . {near}"):
            skipped.append(f"{v}: an event with {visitors[0]} in {start.iso[:4]} is already in Wikidata")
            continue
        ref = _ref(g, sentences, today)
        lines.append("CREATE")
        for lang in ("en", "kk", "ru", "ja"):
            label = next((str(o) for o in g.objects(v, RDFS.label) if getattr(o, "language", None) == lang), None)
            if label:
                lines.append(f'LAST\tL{lang}\t"{label.replace(chr(34), chr(39))}"')
        for p in visitors:
            lines.append(f"LAST\tP710\t{p}{ref}")
        if host:
            lines.append(f"LAST\tP17\t{host}{ref}")
        for p in places:
            if p != host:
                lines.append(f"LAST\tP276\t{p}{ref}")
        if end is not None:
            lines.append(f"LAST\tP580\t{start.quickstatements()}{ref}")
            lines.append(f"LAST\tP582\t{end.quickstatements()}{ref}")
        else:
            lines.append(f"LAST\tP585\t{start.quickstatements()}{ref}")
    return Batch(lines, skipped)


def check_format(lines: list[str]) -> list[str]:
    """Lines that are not valid QuickStatements v1 (empty when all are)."""
    return [ln for ln in lines if not LINE.match(ln)]
