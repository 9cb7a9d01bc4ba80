"""Wikidata's own RDF model (wd:, wdt:, p:, ps:, psv:, pq:, pqv:, pr:, prov:wasDerivedFrom, wikibase:rank).

Why one small model with one writer: the offline snapshot (built from ``../shared/wikidata``) and a refresh from a
live SPARQL endpoint must produce the same format, so both fill these dataclasses and :func:`items_graph` writes
them. Queries written for Wikidata's query service (``?item p:P39 ?st . ?st ps:P39 ?office ; pq:P580 ?start``)
then run unchanged against the snapshot. Times keep their precision in value nodes (``psv:``/``pqv:`` with
``wikibase:timePrecision``: 9 year, 10 month, 11 day), as Wikidata does, because "2002 … 2004" at year precision is
not the same claim as 2002-01-01 … 2004-01-01.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, SKOS

WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
P = Namespace("http://www.wikidata.org/prop/")
PS = Namespace("http://www.wikidata.org/prop/statement/")
PSV = Namespace("http://www.wikidata.org/prop/statement/value/")
PQ = Namespace("http://www.wikidata.org/prop/qualifier/")
PQV = Namespace("http://www.wikidata.org/prop/qualifier/value/")
PR = Namespace("http://www.wikidata.org/prop/reference/")
WDS = Namespace("http://www.wikidata.org/entity/statement/")
WDREF = Namespace("http://www.wikidata.org/reference/")
WDV = Namespace("http://www.wikidata.org/value/")
WIKIBASE = Namespace("http://wikiba.se/ontology#")
SCHEMA = Namespace("http://schema.org/")  # Wikidata's RDF uses http://schema.org/, not https
#: Proleptic Gregorian calendar, the calendar model of every time value here.
GREGORIAN = WD.Q1985727

PREFIXES = {"wd": WD, "wdt": WDT, "p": P, "ps": PS, "psv": PSV, "pq": PQ, "pqv": PQV, "pr": PR, "wds": WDS,
            "wdref": WDREF, "wdv": WDV, "wikibase": WIKIBASE, "schema": SCHEMA, "prov": PROV, "skos": SKOS,
            "rdfs": RDFS, "xsd": XSD}
#: The prefix block of every SPARQL query sent to an endpoint (Wikidata's query service predefines these).
SPARQL_PREFIXES = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
LANGS = ("kk", "en", "ru", "ja")


@dataclass(frozen=True, order=True)
class Time:
    """A Wikidata time: ISO date ``YYYY-MM-DD`` (month/day 01 when unknown) and precision 9/10/11."""

    iso: str
    precision: int = 11

    @property
    def literal(self) -> Literal:
        return Literal(f"{self.iso}T00:00:00Z", datatype=XSD.dateTime, normalize=False)

    @property
    def start(self) -> str:
        """First day the value can mean (for interval comparisons)."""
        return self.iso

    @property
    def end(self) -> str:
        """Last day the value can mean: 2004 at year precision runs to 2004-12-31."""
        y, m, _ = self.iso.split("-")
        if self.precision <= 9:
            return f"{y}-12-31"
        if self.precision == 10:
            return f"{y}-{m}-31"
        return self.iso

    def quickstatements(self) -> str:
        return f"+{self.iso}T00:00:00Z/{self.precision}"

    def __str__(self) -> str:
        return self.iso[: {9: 4, 10: 7}.get(self.precision, 10)]

    @classmethod
    def parse(cls, text: str, precision: int | None = None) -> Time:
        """``1940-07-06``, ``2002`` (year), ``2004-08`` (month) or an xsd:dateTime ``1940-07-06T00:00:00Z``."""
        text = text.lstrip("+").split("T")[0]
        parts = text.split("-")
        guess = {1: 9, 2: 10}.get(len(parts), 11)
        parts += ["01"] * (3 - len(parts))
        return cls("-".join(parts[:3]), precision if precision is not None else guess)


#: A statement or reference value: a QID (``"Q17"``), a time, an IRI (a URL) or another literal.
Value = str | Time | URIRef | Literal


def _hash(*parts: object) -> str:
    return hashlib.sha1("|".join(map(str, parts)).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Reference:
    """A reference (``prov:wasDerivedFrom``): its snaks, e.g. ``(("P854", URIRef(url)), ("P813", Time(...)))``."""

    snaks: tuple[tuple[str, Value], ...]
    rid: str | None = None  # Wikidata's hash when read from an endpoint

    @property
    def iri(self) -> URIRef:
        return WDREF[self.rid or _hash(*sorted(map(str, self.snaks)))]


@dataclass
class Statement:
    """One statement ``item pid value`` with qualifiers, references and rank (truthy ``wdt:`` when ``best``)."""

    item: str
    pid: str
    value: Value
    qualifiers: tuple[tuple[str, Value], ...] = ()
    references: tuple[Reference, ...] = ()
    rank: str = "NormalRank"
    best: bool = True
    sid: str | None = None  # Wikidata's statement id when read from an endpoint

    @property
    def iri(self) -> URIRef:
        return WDS[self.sid or f"{self.item}-{_hash(self.pid, self.value, sorted(map(str, self.qualifiers)))[:16]}"]

    def qualifier(self, pid: str) -> Value | None:
        return next((v for p, v in self.qualifiers if p == pid), None)


@dataclass
class Item:
    """An item: labels (one per language), aliases and statements."""

    qid: str
    labels: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)
    statements: list[Statement] = field(default_factory=list)

    def names(self) -> list[tuple[str, str]]:
        """(text, lang) of every label and alias."""
        out = [(t, lang) for lang, t in self.labels.items()]
        return out + [(t, lang) for lang, ts in self.aliases.items() for t in ts]

    def add_name(self, text: str, lang: str) -> None:
        """The first name in a language becomes the label, later ones aliases (Wikidata has one label each)."""
        text = text.strip()
        if not text:
            return
        if lang not in self.labels:
            self.labels[lang] = text
        elif text != self.labels[lang] and text not in self.aliases.get(lang, []):
            self.aliases.setdefault(lang, []).append(text)


def node(value: Value) -> URIRef | Literal:
    """The simple RDF value, as in ``wdt:``/``ps:``/``pq:`` triples."""
    if isinstance(value, Time):
        return value.literal
    if isinstance(value, URIRef | Literal):  # both are str subclasses: test them before plain QID strings
        return value
    return WD[value]


def time_node(g: Graph, t: Time) -> URIRef:
    """A ``wikibase:TimeValue`` node for ``t`` (value, precision, timezone, calendar), added to ``g``."""
    v = WDV[_hash("time", t.iso, t.precision)]
    g.add((v, RDF.type, WIKIBASE.TimeValue))
    g.add((v, WIKIBASE.timeValue, t.literal))
    g.add((v, WIKIBASE.timePrecision, Literal(t.precision, datatype=XSD.integer)))
    g.add((v, WIKIBASE.timeTimezone, Literal(0, datatype=XSD.integer)))
    g.add((v, WIKIBASE.timeCalendarModel, GREGORIAN))
    return v


def items_graph(items: list[Item]) -> Graph:
    """Write items in Wikidata's RDF model (the shape of Wikidata's dumps and query service)."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, replace=True)
    for item in items:
        s = WD[item.qid]
        g.add((s, RDF.type, WIKIBASE.Item))
        for lang, text in item.labels.items():
            g.add((s, RDFS.label, Literal(text, lang=lang)))
            g.add((s, SCHEMA.name, Literal(text, lang=lang)))
        for lang, texts in item.aliases.items():
            for text in texts:
                g.add((s, SKOS.altLabel, Literal(text, lang=lang)))
        for st in item.statements:
            si = st.iri
            if st.best:
                g.add((s, WDT[st.pid], node(st.value)))
            g.add((s, P[st.pid], si))
            g.add((si, RDF.type, WIKIBASE.Statement))
            if st.best:
                g.add((si, RDF.type, WIKIBASE.BestRank))
            g.add((si, WIKIBASE.rank, WIKIBASE[st.rank]))
            g.add((si, PS[st.pid], node(st.value)))
            if isinstance(st.value, Time):
                g.add((si, PSV[st.pid], time_node(g, st.value)))
            for pid, value in st.qualifiers:
                g.add((si, PQ[pid], node(value)))
                if isinstance(value, Time):
                    g.add((si, PQV[pid], time_node(g, value)))
            for ref in st.references:
                g.add((si, PROV.wasDerivedFrom, ref.iri))
                g.add((ref.iri, RDF.type, WIKIBASE.Reference))
                for pid, value in ref.snaks:
                    g.add((ref.iri, PR[pid], node(value)))
    return g


def qid_of(term: object) -> str | None:
    """``Q17`` for ``http://www.wikidata.org/entity/Q17``, else None."""
    text = str(term)
    if text.startswith(str(WD)) and text[len(str(WD)):].startswith("Q"):
        return text[len(str(WD)):]
    return None
