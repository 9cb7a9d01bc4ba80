"""Cross-check: the article's claims against Wikidata, each difference reported with both sources.

What is compared: (1) offices the article says someone held on an event's date, against that person's position-held
statements (P39 with P580/P582, at their precision) and against who held the office then according to Wikidata;
(2) how the article spells people's names, against Wikidata's labels (across scripts, see :mod:`names`);
(3) dates of events linked to an item, against its point in time (P585). Verdicts: ``agrees``, ``differs`` (Wikidata
says otherwise — the article's Y. Kawaguchi as prime minister in August 2004), ``not in Wikidata`` (nothing to
compare with: a gap worth filling, see ``--quickstatements``).

What Wikidata supplies and the article leaves out — the prime minister whom Nazarbayev met in June 2008 — is
written to ``graph/wikidata/supplied.ttl`` (its own named graph, kzg:wikidata-supplied) as reified statements
(``rdf:Statement``) with ``prov:wasDerivedFrom`` the Wikidata statement, not as article facts. The reasoner reaches
the same person from the dated holdings (rule 30); this graph records that the answer comes from Wikidata.

The Wikidata side is any :class:`Source` with ``select``: the snapshot (offline, default) or a live endpoint
(``SparqlClient``): the same SPARQL in Wikidata's vocabulary runs against both.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox
from rdflib import RDF, RDFS, Dataset, Graph, Namespace, Node, URIRef

from kzjp_kg import config
from kzjp_kg import wikibase as wb
from kzjp_kg.link import names
from kzjp_kg.link.snapshot import SNAPSHOT, items_from_endpoint
from kzjp_kg.terms import short

KZJP, KZR, KZS = config.KZJP, config.KZR, config.KZS
SUPPLIED = config.WIKIDATA_DIR / "supplied.ttl"
REPORT_NS = Namespace(config.DEFAULT_BASE + "report/wikidata-cross-check#")


class Source(Protocol):
    endpoint: str

    def select(self, query: str) -> list[dict[str, dict[str, str]]]: ...


class SnapshotSource:
    """The snapshot file in an in-memory pyoxigraph store, answering like an endpoint (SPARQL JSON bindings)."""

    def __init__(self, path: Path = SNAPSHOT) -> None:
        self.store = ox.Store()
        self.store.load(path=str(path), format=ox.RdfFormat.TURTLE)
        try:
            self.endpoint = str(path.resolve().relative_to(config.ROOT))
        except ValueError:
            self.endpoint = str(path)

    def select(self, query: str) -> list[dict[str, dict[str, str]]]:
        res = self.store.query(query)
        return json.loads(res.serialize(format=ox.QueryResultsFormat.JSON))["results"]["bindings"]  # type: ignore[arg-type]


@dataclass
class Finding:
    kind: str  # office-on-date | name | date
    subject: Node
    verdict: str  # agrees | differs | not in Wikidata
    article: str
    wikidata: str
    sources: list[str] = field(default_factory=list)  # sentence IRIs, statement IRIs, item IRIs

    def line(self) -> str:
        return (f"[{self.verdict}] {self.kind} {_short(self.subject)}: article: {self.article} | "
                f"Wikidata: {self.wikidata}")


@dataclass
class Supplied:
    """A fact Wikidata supplies that the article leaves out, with the statement it comes from."""

    iri: URIRef
    subject: Node
    predicate: URIRef
    obj: Node
    statement: URIRef
    item: URIRef
    label_en: str
    label_kk: str
    note: str


def _short(term: object) -> str:
    return short(term, {"kzr": str(KZR), "kzs": str(KZS), "kzjp": str(KZJP), "wds": str(wb.WDS), "wd": str(wb.WD)})


# --- our side ---------------------------------------------------------------------------------------------------

def _qids(g: Graph) -> dict[Node, str]:
    return {s: str(o) for s, o in g.subject_objects(KZJP.wikidataId) if isinstance(s, URIRef)}


def _period(row: Mapping[str, object]) -> tuple[str, str, str] | None:
    """(first day, last day, as written) of an attested date, month or year."""
    if row.get("on"):
        d = str(row["on"])
        return d, d, d
    if row.get("month"):
        m = str(row["month"])
        return f"{m}-01", f"{m}-31", m
    if row.get("year"):
        y = str(row["year"])
        return f"{y}-01-01", f"{y}-12-31", y
    return None


_HOLDINGS = """PREFIX kzjp: <https://w3id.org/kzjp-kg/ontology#>
SELECT ?h ?person ?office ?on ?month ?year (GROUP_CONCAT(STR(?s); separator=" ") AS ?sentences) WHERE {
  ?h a kzjp:OfficeHolding ; kzjp:holder ?person ; kzjp:office ?office ; kzjp:statedIn ?s .
  OPTIONAL { ?h kzjp:attestedOn ?on } OPTIONAL { ?h kzjp:attestedInMonth ?month }
  OPTIONAL { ?h kzjp:attestedInYear ?year }
} GROUP BY ?h ?person ?office ?on ?month ?year ORDER BY ?h"""


# --- Wikidata side ----------------------------------------------------------------------------------------------

def _interval(st: wb.Statement) -> tuple[str, str] | None:
    s, e = st.qualifier("P580"), st.qualifier("P582")
    if not isinstance(s, wb.Time):
        return None
    return s.start, e.end if isinstance(e, wb.Time) else "9999-12-31"


def _fmt(st: wb.Statement, labels: dict[str, str]) -> str:
    s, e = st.qualifier("P580"), st.qualifier("P582")
    return f"{labels.get(str(st.value), st.value)} ({st.value}) {s or '?'} – {e or '…'}"


def holders_of(source: Source, office_qids: list[str]) -> list[wb.Statement]:
    """Every P39 statement (with dates) whose value is one of ``office_qids``, from any item of the source."""
    values = " ".join(f"wd:{q}" for q in office_qids)
    rows = source.select(wb.SPARQL_PREFIXES + f"""SELECT DISTINCT ?item WHERE {{
  VALUES ?office {{ {values} }} ?item p:P39 ?st . ?st ps:P39 ?office . }}""")
    qids = sorted({wb.qid_of(r["item"]["value"]) or "" for r in rows} - {""}, key=lambda q: int(q[1:]))
    items = items_from_endpoint(source, qids, ("P39",)) if qids else []  # type: ignore[arg-type]
    return [st for i in items for st in i.statements if str(st.value) in office_qids]


# --- the checks -------------------------------------------------------------------------------------------------

@dataclass
class CrossCheck:
    findings: list[Finding]
    supplied: list[Supplied]
    source: str


def check(ds: Dataset, source: Source) -> CrossCheck:
    from kzjp_kg.load import asserted_graph

    g = asserted_graph(ds)
    qid = _qids(g)
    people = sorted({s for s in g.subjects(RDF.type, KZJP.Person) if s in qid}, key=str)
    wanted = sorted({qid[s] for s in people} | set(qid.values()), key=lambda q: int(q[1:]))
    items = {i.qid: i for i in items_from_endpoint(source, wanted, ("P39", "P585", "P569", "P570"))}  # type: ignore[arg-type]
    labels = {q: (i.labels.get("en") or q) for q, i in items.items()}
    findings: list[Finding] = []
    findings += _offices(g, source, qid, items, labels)
    findings += _names(g, qid, items, people)
    findings += _dates(g, qid, items)
    supplied = _supplied(g, source, qid, labels)
    return CrossCheck(findings, supplied, source.endpoint)


def _offices(g: Graph, source: Source, qid: dict[Node, str], items: dict[str, wb.Item],
             labels: dict[str, str]) -> list[Finding]:
    out = []
    rows = [r.asdict() for r in g.query(_HOLDINGS)]  # type: ignore[union-attr]
    offices = sorted({qid[r["office"]] for r in rows if r["office"] in qid}, key=lambda q: int(q[1:]))
    holders = holders_of(source, offices) if offices else []
    for r in rows:
        period = _period(r)
        person, office = r["person"], r["office"]
        if period is None or person not in qid or office not in qid:
            continue
        first, last, written = period
        pq, oq = qid[person], qid[office]
        sentences = [_short(s) for s in str(r["sentences"]).split()]
        article = f"{labels.get(pq, pq)} held {labels.get(oq, oq)} in {written} ({', '.join(sentences)})"
        mine = [st for st in items.get(pq, wb.Item(pq)).statements if st.pid == "P39"]
        covering = [st for st in mine if (iv := _interval(st)) and iv[0] <= last and first <= iv[1]]
        same = [st for st in covering if str(st.value) == oq]
        single = (office, KZJP.officeType, KZJP["office-member-of-parliament"]) not in g  # one holder at a time
        then = [st for st in holders if single and str(st.value) == oq and (iv := _interval(st)) and iv[0] <= last
                and first <= iv[1]]
        srcs = [*(str(KZS) + s[4:] for s in sentences), *(str(st.iri) for st in same or covering + then)]
        if same:
            out.append(Finding("office-on-date", person, "agrees", article,
                               "; ".join(f"{labels.get(pq, pq)}: {_fmt(st, labels)}" for st in same), srcs))
            continue
        held = "; ".join(_fmt(st, labels) for st in covering) or "no position held in that period"
        who = "; ".join(f"{labels.get(st.item, st.item)} ({st.item}) {st.qualifier('P580') or '?'} – "
                        f"{st.qualifier('P582') or '…'}" for st in then)
        if then or covering:
            wd_text = f"{labels.get(pq, pq)} then held: {held}. {labels.get(oq, oq)} then: {who or 'nobody recorded'}"
            out.append(Finding("office-on-date", person, "differs", article, wd_text, srcs))
        else:
            out.append(Finding("office-on-date", person, "not in Wikidata", article,
                               f"no P39 {oq} statement of {pq} covering {written}"
                               + (f", and no holder of {oq} recorded for {written}" if single else ""), srcs))
    return out


_UP, _LOW = "[А-ЯЁӘҒҚҢӨҰҮҺІ]", "[а-яёәғқңөұүһі]"


def _article_forms(g: Graph, surname: str) -> list[tuple[str, str, Node]]:
    """(given name or initial before it, surname as written, sentence) for each mention of ``surname``."""
    stem = names.key(surname)
    out = []
    for s, t in sorted(g.subject_objects(KZJP.text), key=lambda st: (str(st[0]), str(st[1]))):
        if not str(s).startswith(str(KZS)):
            continue
        text = str(t)
        for m in re.finditer(rf"{_UP}{_LOW}+", text):
            word = m.group(0)[:len(surname)]
            if len(m.group(0)) < len(surname) or names.key(word[:2]) != stem[:2]:
                continue
            if names.key(word) != stem and (len(surname) <= 5 or names.similarity(word, surname) < 0.8):
                continue  # short names must match exactly («Конс…» is not «Коно»)
            before = re.search(rf"({_UP}\.|{_UP}{_LOW}+)\s*$", text[:m.start()])
            given = before.group(1) if before else ""
            out.append((given, word, s))
    return out


def _names(g: Graph, qid: dict[Node, str], items: dict[str, wb.Item], people: list[Node]) -> list[Finding]:
    out = []
    for p in people:
        item = items.get(qid[p])
        kk = next((str(o) for o in g.objects(p, RDFS.label) if getattr(o, "language", None) == "kk"), None)
        if item is None or not kk or "en" not in item.labels:
            continue
        en = item.labels["en"]
        en_tokens = [t for t in en.split() if t.lower() not in ("emperor",)]
        wd_given, wd_surname = (en_tokens[0], en_tokens[-1]) if len(en_tokens) > 1 else ("", en_tokens[0])
        surname = kk.split()[-1]
        forms = _article_forms(g, surname)
        seen = set()
        for given, written, sentence in forms:
            if given and not given.endswith(".") and names.similarity(given, wd_given, person=True) < 0.6:
                given = ""  # a title or another word before the surname ("Елбасы"), not a given name
            if (given, written) in seen:
                continue
            seen.add((given, written))
            problems = []
            if names.key(written) != names.key(wd_surname):
                problems.append(f"surname «{written}» vs {wd_surname}")
            if given.endswith("."):
                if wd_given and not names.initial_matches(given, wd_given):
                    problems.append(f"initial «{given}» vs {wd_given}")
            elif given and wd_given and names.key(given) != names.key(wd_given):
                problems.append(f"given name «{given}» vs {wd_given}")
            other = "; ".join(f"{t}@{lang}" for t, lang in item.names() if lang != "en")
            wd_text = f"{en}@en" + (f"; {other}" if other else "") + f" ({item.qid})"
            art = f"«{(given + ' ') if given else ''}{written}» ({_short(sentence)})"
            if problems:
                out.append(Finding("name", p, "differs", f"{art}: {', '.join(problems)}", wd_text,
                                   [str(sentence), str(wb.WD[item.qid])]))
            else:
                out.append(Finding("name", p, "agrees", art, wd_text, [str(sentence), str(wb.WD[item.qid])]))
    return out


def _dates(g: Graph, qid: dict[Node, str], items: dict[str, wb.Item]) -> list[Finding]:
    out = []
    for s, d in sorted(g.subject_objects(KZJP.date)):
        if s not in qid:
            continue
        item = items.get(qid[s])
        sentences = [str(x) for x in g.objects(s, KZJP.statedIn)]
        art = f"{d} ({', '.join(_short(x) for x in sentences) or 'no sentence'})"
        p585 = [st for st in (item.statements if item else []) if st.pid == "P585"]
        if not p585:
            out.append(Finding("date", s, "not in Wikidata", art, f"no point in time (P585) on {qid[s]}", sentences))
            continue
        t = p585[0].value
        verdict = "agrees" if isinstance(t, wb.Time) and t.start <= str(d) <= t.end else "differs"
        out.append(Finding("date", s, verdict, art, f"P585 {t} ({qid[s]})", [*sentences, str(p585[0].iri)]))
    return out


_UNNAMED = """PREFIX kzjp: <https://w3id.org/kzjp-kg/ontology#>
SELECT ?e ?office ?d ?sd ?ym ?y ?s WHERE { ?e kzjp:metOfficeHolder ?office .
  OPTIONAL { ?e kzjp:date ?d } OPTIONAL { ?e kzjp:startDate ?sd } OPTIONAL { ?e kzjp:yearMonth ?ym }
  OPTIONAL { ?e kzjp:year ?y }
  OPTIONAL { ?e kzjp:statedIn ?s FILTER(STRSTARTS(STR(?s), "https://w3id.org/kzjp-kg/source/article-kk/")) }
} ORDER BY ?e ?s"""


def _supplied(g: Graph, source: Source, qid: dict[Node, str], labels: dict[str, str]) -> list[Supplied]:
    """Who held the office the article names without its holder, on the event's date, according to Wikidata."""
    by_qid = {v: k for k, v in qid.items()}
    out = []
    seen: set = set()
    for r in g.query(_UNNAMED):
        row = r.asdict()  # type: ignore[union-attr]
        if row["e"] in seen:  # one supplied statement per event (the first of its article sentences is cited)
            continue
        seen.add(row["e"])
        office = row["office"]
        if office not in qid:
            continue
        period = _period({"on": row.get("d") or row.get("sd"), "month": row.get("ym"), "year": row.get("y")})
        if period is None:
            continue
        first, last, written = period
        then = [st for st in holders_of(source, [qid[office]])
                if (iv := _interval(st)) and iv[0] <= first and last <= iv[1]]
        if len(then) != 1 or then[0].item not in by_qid:  # none, several or unknown to us: do not supply
            continue
        st = then[0]
        person = by_qid[st.item]
        kk_name = next((str(o) for o in g.objects(person, RDFS.label) if getattr(o, "language", None) == "kk"),
                       labels.get(st.item, st.item))
        kk_office = next((str(o) for o in g.objects(office, RDFS.label) if getattr(o, "language", None) == "kk"),
                         "")
        e = row["e"]
        out.append(Supplied(
            KZR[f"wikidata-supplied-{str(e).rsplit('/', 1)[-1]}-{str(person).rsplit('/', 1)[-1]}"], e,
            KZJP.participant, person, st.iri, wb.WD[st.item],
            f"From Wikidata: the {labels.get(qid[office], qid[office])} at this event ({written}) was "
            f"{labels.get(st.item, st.item)}",
            f"Уикидеректер бойынша: бұл оқиғадағы ({written}) {kk_office} — {kk_name}",
            f"The article ({_short(row.get('s')) if row.get('s') else 'its sentence'}) names the office, not the "
            f"person; Wikidata's statement {_short(st.iri)} (P39 {qid[office]}, {st.qualifier('P580')} – "
            f"{st.qualifier('P582')}) covers {written}."))
    return out
