"""The linker: find each entity's Wikidata item by asking a SPARQL endpoint, score the candidates, never guess.

How: for every linkable entity (people, states, places, organisations, offices, events that ``links.ttl`` lists or
that have a linkable class) the linker sends its labels in kk/ru/en/ja as exact-label lookups, and — where the
endpoint allows it — a pattern search on the surname in Latin and Cyrillic (a full scan: fine on a small endpoint,
impossible on Wikidata's service, which gets its own entity search instead). For the candidates it fetches labels,
instance of (P31), positions held with dates (P39 + P580/P582), birth and death (P569/P570), country (P17/P27),
and scores each: name similarity across scripts (:mod:`kzjp_kg.link.names`), type agreement, dates (was the person
alive and in office when the article has them act?) and country. One clear winner is a confirmed link; two close
ones are *ambiguous* and reported, not chosen; weak ones are unmatched. Verified links (``../shared/wikidata``) are
never overwritten: the linker reports whether it agrees with them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from rdflib import RDF, RDFS, Graph, Literal, Node, URIRef
from rdflib.namespace import SKOS

from kzjp_kg import config
from kzjp_kg import wikibase as wb
from kzjp_kg.link import names
from kzjp_kg.link.client import WIKIDATA_SPARQL, SparqlClient
from kzjp_kg.link.snapshot import items_from_endpoint

KZJP, KZR = config.KZJP, config.KZR
#: Our classes the linker handles, and the Wikidata classes (P31) a candidate of that kind should have.
EXPECTED_TYPES: dict[str, set[str]] = {
    "Person": {"Q5"}, "State": {"Q6256", "Q3624078", "Q3024240"}, "City": set(), "Region": set(), "Place": set(),
    "Organisation": set(), "Office": set(), "HistoricalEvent": set(), "Doctrine": set(), "Document": set(),
    "BilateralRelationship": set(), "Session": set(),
}
_OTHER_KINDS_TYPES = {k: set().union(*(v for k2, v in EXPECTED_TYPES.items() if k2 != k)) for k in EXPECTED_TYPES}
DETAIL_PIDS = ("P31", "P39", "P569", "P570", "P17", "P27", "P585")
ACCEPT, MARGIN, CONSIDER = 0.85, 0.1, 0.6


@dataclass
class Entity:
    """What the linker knows about one of our entities."""

    iri: URIRef
    kind: str
    names: list[tuple[str, str]]  # (text, lang)
    dates: list[str] = field(default_factory=list)  # ISO days the article has the entity act
    country_qid: str | None = None
    verified_qid: str | None = None

    @property
    def key(self) -> str:
        return str(self.iri).rsplit("/", 1)[-1]


@dataclass
class Candidate:
    qid: str
    label: str
    score: float
    reasons: list[str]


@dataclass
class LinkResult:
    entity: Entity
    status: str  # confirmed | ambiguous | unmatched
    candidates: list[Candidate]

    @property
    def qid(self) -> str | None:
        return self.candidates[0].qid if self.status == "confirmed" else None

    @property
    def agreement(self) -> str:
        v = self.entity.verified_qid
        if v is None:
            return "new" if self.qid else "-"
        if self.qid == v:
            return "agrees"
        if self.qid:
            return f"DISAGREES (verified {v} kept)"
        return f"verified {v} kept"


# --- our side ---------------------------------------------------------------------------------------------------

def _kind(g: Graph, s: URIRef) -> str | None:
    classes = {o for o in g.objects(s, RDF.type) if isinstance(o, URIRef)}
    seen: set[URIRef] = set()
    todo = list(classes)
    while todo:
        c = todo.pop()
        if c in seen:
            continue
        seen.add(c)
        todo.extend(o for o in g.objects(c, RDFS.subClassOf) if isinstance(o, URIRef))
    for kind in ("Person", "State", "City", "Region", "Organisation", "Office", "HistoricalEvent", "Session",
                 "Doctrine", "Document", "BilateralRelationship", "Place"):
        if KZJP[kind] in seen:
            return kind
    return None


_DATES_Q = """
PREFIX kzjp: <https://w3id.org/kzjp-kg/ontology#>
SELECT ?x ?d WHERE {
  { ?e kzjp:visitor|kzjp:participant|kzjp:headOfDelegation|kzjp:host|kzjp:speaker|kzjp:attendee|kzjp:signatory ?x }
  UNION { ?h kzjp:holder ?x . BIND(?h AS ?e) }
  { ?e kzjp:startDate|kzjp:date|kzjp:attestedOn ?d } UNION { ?e kzjp:yearMonth|kzjp:attestedInMonth ?m
    BIND(CONCAT(STR(?m), "-15") AS ?d) }
  UNION { ?e kzjp:year|kzjp:attestedInYear ?y BIND(CONCAT(STR(?y), "-07-01") AS ?d) }
}"""


def entities(asserted: Graph, links: Graph | None = None) -> list[Entity]:
    """The linkable entities of the graph with their names, active dates, country and verified QID."""
    links = links if links is not None else asserted
    listed = set(links.subjects(KZJP.wikidataId, None)) | set(links.subjects(KZJP.unlinkedReason, None))
    qid = {s: str(o) for s, o in links.subject_objects(KZJP.wikidataId)}
    dates: dict[Node, list[str]] = {}
    for row in asserted.query(_DATES_Q):
        dates.setdefault(row.x, []).append(str(row.d)[:10])  # type: ignore[union-attr]
    out = []
    subjects = {s for s in asserted.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(str(KZR))}
    for s in sorted(subjects | {s for s in listed if isinstance(s, URIRef)}):
        kind = _kind(asserted, s)
        if kind is None or (s not in listed and kind not in ("Person", "State", "Organisation", "City")):
            continue
        found = [(str(o), o.language or "") for p in (RDFS.label, SKOS.altLabel) for o in asserted.objects(s, p)
                 if isinstance(o, Literal) and o.language in wb.LANGS]
        if not found:
            continue
        state = asserted.value(s, KZJP.citizenOf) or asserted.value(s, KZJP.organisationOf)
        out.append(Entity(s, kind, found, sorted(set(dates.get(s, []))), qid.get(state) if state else None,
                          qid.get(s)))
    return out


# --- asking the endpoint ------------------------------------------------------------------------------------------

def _lit(text: str, lang: str) -> str:
    esc = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{esc}"@{lang}'


def _surname(ent: Entity) -> list[str]:
    """The distinctive word of the entity's names: the longest word (surname of a person), per script."""
    words = []
    for text, _lang in ent.names:
        tokens = [t for t in re.split(r"[\s.,«»\"()]+", text) if len(t) >= 4]
        if tokens and not names.is_japanese(text):
            words.append(max(tokens, key=len))
    return sorted(set(words))


_VOWELS = {"a": "[aāâ]", "e": "[eēê]", "i": "[iīî]", "o": "[oōô]", "u": "[uūû]", "v": "[vw]"}


def latin_pattern(word: str) -> str:
    """A case-insensitive regex matching ``word``'s romanised key in Hepburn labels (macrons, y, w/v folded)."""
    k = names.key(word).replace(" ", "")
    return "y?".join(_VOWELS.get(c, re.escape(c)) for c in k)


def _search_queries(batch: list[Entity], scan: bool, mwapi: bool) -> list[str]:
    rows = " ".join(f'("{e.key}" {_lit(t, lang)})' for e in batch for t, lang in e.names)
    out = [wb.SPARQL_PREFIXES + f"""SELECT DISTINCT ?key ?item WHERE {{
  VALUES (?key ?name) {{ {rows} }}
  ?item rdfs:label|skos:altLabel ?name . }}"""]
    if scan:
        pats = []
        for e in batch:
            for w in _surname(e):
                cyr = w.lower() if re.search("[а-яёәғқңөұүһі]", w.lower()) else ""
                pats.append(f'("{e.key}" "{latin_pattern(w)}" "{cyr}")')
        if pats:
            out.append(wb.SPARQL_PREFIXES + f"""SELECT DISTINCT ?key ?item WHERE {{
  VALUES (?key ?pattern ?cyr) {{ {" ".join(pats)} }}
  ?item a wikibase:Item ; rdfs:label|skos:altLabel ?label .
  FILTER(REGEX(STR(?label), ?pattern, "i") || (?cyr != "" && CONTAINS(LCASE(STR(?label)), ?cyr))) }}""")
    if mwapi:  # Wikidata's query service: its entity search instead of a scan (not reachable from here)
        for e in batch:
            for text, lang in e.names:
                out.append(wb.SPARQL_PREFIXES + f"""PREFIX mwapi: <https://www.mediawiki.org/ontology#API/>
PREFIX bd: <http://www.bigdata.com/rdf#>
SELECT DISTINCT ?key ?item WHERE {{ BIND("{e.key}" AS ?key)
  SERVICE wikibase:mwapi {{ bd:serviceParam wikibase:endpoint "www.wikidata.org" ; wikibase:api "EntitySearch" ;
    mwapi:search {_lit(text, lang).rsplit("@", 1)[0]} ; mwapi:language "{lang}" .
    ?item wikibase:apiOutputItem mwapi:item . }}
}} LIMIT 10""")
    return out


def find_candidates(client: SparqlClient, ents: list[Entity], *, scan: bool | None = None,
                    batch: int = 15) -> dict[str, set[str]]:
    """key → candidate QIDs. ``scan`` (default: not on Wikidata's service) adds the surname pattern search."""
    wdqs = client.endpoint.rstrip("/") == WIKIDATA_SPARQL
    scan = (not wdqs) if scan is None else scan
    found: dict[str, set[str]] = {e.key: set() for e in ents}
    for i in range(0, len(ents), batch):
        for q in _search_queries(ents[i:i + batch], scan, wdqs):
            for b in client.select(q):
                qid = wb.qid_of(b["item"]["value"])
                if qid:
                    found[b["key"]["value"]].add(qid)
    return found


# --- scoring ------------------------------------------------------------------------------------------------------

def _years_between(a: str, b: str) -> float:
    return (date.fromisoformat(b) - date.fromisoformat(a)).days / 365.25


def score(ent: Entity, item: wb.Item) -> Candidate:
    """Name similarity across scripts, then type, dates and country adjust it; every adjustment says why."""
    best, label = 0.0, ""
    for ours, _ in ent.names:
        for theirs, lang in item.names():
            s = names.similarity(ours, theirs, person=ent.kind == "Person")
            if s > best:
                best, label = s, f"{theirs}@{lang}"
    reasons = [f"name {best:.2f} ({label})"]
    total = best
    types = {str(st.value) for st in item.statements if st.pid == "P31"}
    expected = EXPECTED_TYPES.get(ent.kind, set())
    if expected and types:
        if types & expected:
            total += 0.05
            reasons.append(f"type {'/'.join(sorted(types & expected))} fits {ent.kind}")
        else:
            total -= 0.5
            reasons.append(f"type {'/'.join(sorted(types))} does not fit {ent.kind}")
    elif types & _OTHER_KINDS_TYPES.get(ent.kind, set()):
        total -= 0.5
        reasons.append(f"type {'/'.join(sorted(types))} is another kind of thing than {ent.kind}")
    born = next((st.value for st in item.statements if st.pid == "P569" and isinstance(st.value, wb.Time)), None)
    died = next((st.value for st in item.statements if st.pid == "P570" and isinstance(st.value, wb.Time)), None)
    if ent.dates and isinstance(born, wb.Time) and min(_years_between(born.start, d) for d in ent.dates) < 16:
        total -= 0.5
        reasons.append(f"born {born}: too young on {min(ent.dates)}")
    if ent.dates and isinstance(died, wb.Time) and max(ent.dates) > died.end:
        total -= 0.5
        reasons.append(f"died {died}: before {max(ent.dates)}")
    for st in item.statements:
        if st.pid != "P39":
            continue
        took, left = st.qualifier("P580"), st.qualifier("P582")
        if isinstance(took, wb.Time) and any(took.start <= d <= (left.end if isinstance(left, wb.Time) else "9999")
                                          for d in ent.dates):
            total += 0.05
            reasons.append("in office on the article's dates")
            break
    countries = {str(st.value) for st in item.statements if st.pid in ("P17", "P27")}
    if ent.country_qid and countries:
        if ent.country_qid in countries:
            total += 0.05
            reasons.append(f"country {ent.country_qid}")
        else:
            total -= 0.3
            reasons.append(f"country {'/'.join(sorted(countries))} is not {ent.country_qid}")
    return Candidate(item.qid, item.labels.get("en") or next(iter(item.labels.values()), item.qid),
                     round(total, 3), reasons)


def decide(ent: Entity, cands: list[Candidate]) -> LinkResult:
    cands = sorted(cands, key=lambda c: (-c.score, int(c.qid[1:])))
    strong = [c for c in cands if c.score >= ACCEPT]
    if strong and (len(strong) == 1 or strong[0].score - strong[1].score >= MARGIN):
        return LinkResult(ent, "confirmed", cands)
    if len(strong) >= 2:
        return LinkResult(ent, "ambiguous", cands)
    return LinkResult(ent, "unmatched", [c for c in cands if c.score >= CONSIDER] or cands[:3])


def reconcile(client: SparqlClient, ents: list[Entity], *, scan: bool | None = None) -> list[LinkResult]:
    """Link every entity: candidates, details, scores, decision."""
    found = find_candidates(client, ents, scan=scan)
    qids = sorted({q for qs in found.values() for q in qs}, key=lambda q: int(q[1:]))
    details = {i.qid: i for i in items_from_endpoint(client, qids, DETAIL_PIDS)} if qids else {}
    return [decide(e, [score(e, details[q]) for q in found[e.key] if q in details]) for e in ents]
