"""Our statements in Wikidata's statement model: ``p:``/``ps:``/``pq:``, ranks, references, time precision.

Why a projection of the statement graph and not only the alignment axioms: the axioms (ontology/wikidata-
alignment.ttl) give truthy ``wdt:`` triples after reasoning, but truthy triples cannot say what Wikidata says of
every statement — its rank, its references, how precise its date is, or that two sources disagree. So each
asserted statement whose property Wikidata has becomes a statement node, as in Wikidata's RDF dumps:

* subject ``p:Pn`` node; node ``ps:Pn`` value, ``wikibase:rank``, ``prov:wasDerivedFrom`` a reference node with
  ``pr:P854`` (the sentence IRI or web page) and ``pr:P1683`` (the quote: the sentence's Kazakh text), or
  ``pr:P248`` (stated in) a Wikidata item;
* dates as time values (``psv:Pn`` node with ``wikibase:timePrecision`` 9 year, 10 month, 11 day); a month-precision
  date is the first day of the month, as Wikidata's query service writes it;
* a truthy ``wdt:Pn`` triple for the best-rank statements only (preferred if any, else normal), never deprecated;
* a deprecated statement carries ``wikibase:rank wikibase:DeprecatedRank`` and its reason (``pq:P2241``, "reason
  for deprecated rank", and ``wikibase:reasonForDeprecatedRank``), the defect resource of this graph — no QID is
  guessed for it;
* a conflict (the 2008 visit dated two ways) is two normal-rank statements, each with its own references.

Values that are resources become their verified QID (``skos:exactMatch``); a value without one gets no statement
(query it with our terms). Office holdings are ``p:P39`` statements whose node is the holding itself, as the
alignment axioms already make it for normal holdings.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass

from rdflib import OWL, RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SKOS
from rdflib.term import Node

from kzjp_kg import config
from kzjp_kg.statements.layer import PROV
from kzjp_kg.wikibase import PQ, PQV, PR, PS, PSV, WD, WDT, WIKIBASE, Time, time_node
from kzjp_kg.wikibase import P as WP

KZJP = config.KZJP
RANKS = {KZJP.PreferredRank: "PreferredRank", KZJP.NormalRank: "NormalRank", KZJP.DeprecatedRank: "DeprecatedRank"}
#: Date properties of ours without an alignment axiom (their meaning depends on the subject): month of an event.
_MONTH_OF_EVENT = KZJP.yearMonth
_CLAIMED = {KZJP.claimedStartDate: "P580", KZJP.claimedEndDate: "P582"}
_PRECISION = {XSD.date: 11, XSD.gYearMonth: 10, XSD.gYear: 9}


@dataclass(frozen=True)
class Claim:
    """One Wikidata-model statement to write: about ``subject``, property ``pid``, with rank and references."""

    subject: URIRef
    pid: str
    value: Node
    rank: str
    references: tuple[URIRef, ...]
    reason: URIRef | None = None
    node: URIRef | None = None
    qualifiers: tuple[tuple[str, Node], ...] = ()


def property_map(ontology: Graph) -> tuple[dict[URIRef, str], dict[URIRef, str]]:
    """(literal-valued, item-valued) maps from our properties to Wikidata PIDs, read from the alignment axioms."""
    literal: dict[URIRef, str] = {}
    item: dict[URIRef, str] = {}
    wdt = str(WDT)
    for ours, theirs in ontology.subject_objects(RDFS.subPropertyOf):
        if str(theirs).startswith(wdt) and isinstance(ours, URIRef):
            literal[ours] = str(theirs)[len(wdt):]
    for theirs, chain in ontology.subject_objects(OWL.propertyChainAxiom):
        if not str(theirs).startswith(wdt):
            continue
        steps = list(Collection(ontology, chain))
        if len(steps) == 2 and steps[1] == SKOS.exactMatch and isinstance(steps[0], URIRef):
            item[steps[0]] = str(theirs)[len(wdt):]
    return literal, item


def _time(lit: Literal) -> Time | None:
    precision = _PRECISION.get(lit.datatype)  # type: ignore[arg-type]
    return Time.parse(str(lit), precision) if precision else None


def claims(ds: Dataset) -> list[Claim]:
    """Every statement of ``kzg:statements`` that Wikidata's vocabulary can express, as a :class:`Claim`."""
    stmts = ds.graph(config.GRAPH_STATEMENTS)
    facts = ds.graph(config.GRAPH_FACTS)
    links = ds.graph(config.GRAPH_LINKS)
    literal, item = property_map(ds.graph(config.GRAPH_ONTOLOGY))
    qid = {s: o for s, o in links.subject_objects(SKOS.exactMatch) if str(o).startswith(str(WD))}
    rows = []
    for node in stmts.subjects(RDF.type, RDF.Statement):
        s, p, o = (stmts.value(node, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        rank = RANKS[stmts.value(node, KZJP.rank)]  # type: ignore[index]
        refs = tuple(sorted(stmts.objects(node, PROV.wasDerivedFrom), key=str))
        rows.append((s, p, o, rank, refs, stmts.value(node, KZJP.rankReason)))
    by_sp = {(s, p) for s, p, *_ in rows}
    holdings = {s for s, p, *_ in rows if p == KZJP.holder}  # their dates are P39 qualifiers, not statements
    out: list[Claim] = []
    for s, p, o, rank, refs, reason in rows:
        if not isinstance(s, URIRef) or not isinstance(p, URIRef):
            continue
        if p in _CLAIMED and isinstance(o, Literal):
            about = facts.value(s, KZJP.claimAbout)
            if isinstance(about, URIRef):
                out.append(Claim(about, _CLAIMED[p], o, rank, refs, reason))  # type: ignore[arg-type]
        elif p == _MONTH_OF_EVENT and isinstance(o, Literal):
            precise = (s, KZJP.startDate) in by_sp or (s, KZJP.date) in by_sp or any(
                (c, KZJP.claimedStartDate) in by_sp for c in facts.subjects(KZJP.claimAbout, s))
            if not precise:
                pid = "P580" if _is_visit(ds, s) else "P585"
                out.append(Claim(s, pid, o, rank, refs, reason))  # type: ignore[arg-type]
        elif p in literal and isinstance(o, Literal) and s not in holdings:
            out.append(Claim(s, literal[p], o, rank, refs, reason))  # type: ignore[arg-type]
        elif p in item and o in qid:
            out.append(Claim(s, item[p], qid[o], rank, refs, reason))  # type: ignore[arg-type]
    out.extend(_holdings(ds, qid))
    return out


def _is_visit(ds: Dataset, s: URIRef) -> bool:
    inferred, facts = ds.graph(config.GRAPH_INFERRED), ds.graph(config.GRAPH_FACTS)
    return (s, RDF.type, KZJP.Visit) in inferred or (s, RDF.type, KZJP.Visit) in facts


def _holdings(ds: Dataset, qid: dict) -> list[Claim]:
    """``holder p:P39 holding``: the holding is the statement node; its dates are qualifiers; its rank is the
    rank of its holder statement (deprecated for the article's wrong title)."""
    stmts = ds.graph(config.GRAPH_STATEMENTS)
    out = []
    for node in stmts.subjects(RDF.predicate, KZJP.holder):
        holding, person = stmts.value(node, RDF.subject), stmts.value(node, RDF.object)
        office_nodes = [n for n in stmts.subjects(RDF.subject, holding) if stmts.value(n, RDF.predicate) == KZJP.office]
        if not office_nodes or not isinstance(holding, URIRef) or not isinstance(person, URIRef):
            continue
        office = stmts.value(office_nodes[0], RDF.object)
        if office not in qid:
            continue
        rank = RANKS[stmts.value(node, KZJP.rank)]  # type: ignore[index]
        refs = tuple(sorted(set(stmts.objects(node, PROV.wasDerivedFrom)) |
                            set(stmts.objects(office_nodes[0], PROV.wasDerivedFrom)), key=str))
        quals = []
        for n in stmts.subjects(RDF.subject, holding):
            pred, val = stmts.value(n, RDF.predicate), stmts.value(n, RDF.object)
            if pred in (KZJP.startDate, KZJP.endDate) and isinstance(val, Literal):
                quals.append(("P580" if pred == KZJP.startDate else "P582", val))
        out.append(Claim(person, "P39", qid[office], rank, refs, stmts.value(node, KZJP.rankReason),  # type: ignore[arg-type]
                         holding, tuple(sorted(quals))))
    return out


def _value(g: Graph, node: URIRef, pred: tuple[URIRef, URIRef], value: Node) -> None:
    """``ps:``/``pq:`` value, and for a date the ``psv:``/``pqv:`` time value node with its precision."""
    simple, full = pred
    t = _time(value) if isinstance(value, Literal) else None
    if t is None:
        g.add((node, simple, value))
        return
    g.add((node, simple, t.literal))
    g.add((node, full, time_node(g, t)))


def _ref_node(g: Graph, texts: Graph, ref: URIRef) -> URIRef:
    r = config.KZST["reference-" + hashlib.sha1(str(ref).encode("utf-8")).hexdigest()[:16]]
    g.add((r, RDF.type, WIKIBASE.Reference))
    if str(ref).startswith(str(WD)):
        g.add((r, PR.P248, ref))
        return r
    g.add((r, PR.P854, ref))
    text = texts.value(ref, KZJP.text)
    if text is not None:
        g.add((r, PR.P1683, Literal(str(text), lang="kk")))
    return r


def project(ds: Dataset) -> Graph:
    """Fill ``kzg:wikidata-projection`` in ``ds`` from its statement graph; return that graph."""
    g = ds.graph(config.GRAPH_WIKIDATA_PROJECTION)
    texts = ds.graph(config.GRAPH_SOURCE)
    found = claims(ds)
    order = {"PreferredRank": 2, "NormalRank": 1, "DeprecatedRank": 0}
    best: dict[tuple, int] = defaultdict(int)  # per (subject, property): the best rank that is not deprecated
    for c in found:
        best[(c.subject, c.pid)] = max(best[(c.subject, c.pid)], order[c.rank])
    merged: dict[tuple, list[Claim]] = defaultdict(list)
    for c in found:
        merged[(c.subject, c.pid, c.value, c.rank, c.node, c.qualifiers)].append(c)
    for (subject, pid, value, rank, node, quals), group in sorted(merged.items(), key=lambda kv: str(kv[0])):
        refs = sorted({r for c in group for r in c.references}, key=str)
        node = node or config.KZST["wd-" + hashlib.sha1(f"{subject}|{pid}|{value.n3()}".encode()).hexdigest()[:16]]
        g.add((subject, WP[pid], node))
        g.add((node, RDF.type, WIKIBASE.Statement))
        g.add((node, WIKIBASE.rank, WIKIBASE[rank]))
        _value(g, node, (PS[pid], PSV[pid]), value)
        is_best = order[rank] > 0 and order[rank] == best[(subject, pid)]
        if is_best:
            g.add((node, RDF.type, WIKIBASE.BestRank))
            t = _time(value) if isinstance(value, Literal) else None
            g.add((subject, WDT[pid], t.literal if t else value))
        for qpid, qvalue in quals:
            _value(g, node, (PQ[qpid], PQV[qpid]), qvalue)
        reason = next((c.reason for c in group if c.reason is not None), None)
        if rank == "DeprecatedRank" and reason is not None:
            g.add((node, PQ.P2241, reason))
            g.add((node, WIKIBASE.reasonForDeprecatedRank, reason))
        for ref in refs:
            g.add((node, PROV.wasDerivedFrom, _ref_node(g, texts, ref)))
    return g
