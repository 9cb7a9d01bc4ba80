"""Generate ``graph/wikidata/links.ttl`` and ``graph/wikidata/reference-holdings.ttl`` from ``../shared/wikidata``.

Why generated from the shared, evidence-checked tables (and committed): the graph must carry only QIDs verified
against public sources — never a guess — and the machines here cannot reach Wikidata. Each QID link keeps its
evidence and confidence; each entity without a verified QID is marked unlinked with the reason. Office holdings
with start and end dates keep their source: rows from a Wikidata export are Wikidata statements
(``prov:wasDerivedFrom wd:Q…``); rows from encyclopedias or ministry pages keep that page as their source.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from kzjp_kg import config

KZJP, KZR = config.KZJP, config.KZR
WD = Namespace("http://www.wikidata.org/entity/")
WIKIDATA_DIR = config.SHARED_DIR / "wikidata"

#: People the article does not name but whom the reference facts need (the PM met in June 2008, his neighbours).
EXTRA_PEOPLE = {
    "fukuda": ("Ясуо Фукуда", "Yasuo Fukuda", "Ясуо Фукуда", "福田康夫"),
    "abe": ("Синдзо Абэ", "Shinzō Abe", "Синдзо Абэ", "安倍晋三"),
    "machimura": ("Нобутака Матимура", "Nobutaka Machimura", "Нобутака Матимура", "町村信孝"),
}


@dataclass(frozen=True)
class QidRow:
    key: str
    label: str
    qid: str
    evidence: str
    confidence: str
    note: str

    @property
    def iri(self) -> URIRef:
        return KZR[self.key.replace("_", "-")]

    @property
    def verified(self) -> bool:
        return bool(re.fullmatch(r"Q[1-9][0-9]*", self.qid)) and self.confidence in ("high", "medium")


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def qid_rows(folder: Path = WIKIDATA_DIR) -> list[QidRow]:
    return [QidRow(r["key"], r["english_label"], r["qid"], r["evidence"], r["confidence"], r.get("note") or "")
            for r in read_tsv(folder / "qids.tsv")]


def links_graph(entities: set[URIRef], folder: Path = WIKIDATA_DIR,
                confirmed: dict[str, tuple[str, str]] | None = None, linkable: set[URIRef] | None = None) -> Graph:
    """QID links for the graph's entities (skos:exactMatch + kzjp:wikidataId), or the reason each is unlinked.
    ``confirmed`` (key → (QID, evidence)) adds links the linker confirmed for entities the tables leave unverified.
    ``linkable``: people, states, organisations and places of the graph; each one the tables do not list gets the
    reason that it is not in them (new names from other sources), so none is silently without a QID or a reason."""
    confirmed = confirmed or {}
    g = Graph()
    for p in ("kzjp", "kzr", "skos", "dcterms", "wd", "xsd"):
        g.bind(p, config.PREFIXES.get(p, str(WD)))
    for row in qid_rows(folder):
        if row.iri not in entities:
            continue
        qid = row.qid if row.verified else confirmed.get(row.key, ("", ""))[0]
        if qid:
            g.add((row.iri, KZJP.wikidataId, Literal(qid, datatype=XSD.string)))
            g.add((row.iri, SKOS.exactMatch, WD[qid]))
        else:
            for text, lang in unlinked_reason(row.evidence, row.note):
                g.add((row.iri, KZJP.unlinkedReason, Literal(text, lang=lang)))
    listed = {row.iri for row in qid_rows(folder)}
    for iri in sorted((linkable or set()) - listed):
        g.add((iri, KZJP.unlinkedReason, Literal(
            "Not in the project's evidence-checked QID tables (a name from a source added later); no QID is guessed. "
            "`kzjp-kg link --reconcile` proposes candidates for a person to check.", lang="en")))
        g.add((iri, KZJP.unlinkedReason, Literal(
            "Жобаның тексерілген QID кестелерінде жоқ (кейін қосылған дереккөздегі атау); QID болжаммен берілмейді.",
            lang="kk")))
    return g


_LIKELY_ITEM = re.compile(r"likely exists|Wikipedia article", re.I)
_NO_ITEM = re.compile(r"no dedicated item|may not exist", re.I)
_DISTINGUISH = re.compile(r"distinguish from ([^;.()]+)", re.I)


def unlinked_reason(evidence: str, note: str) -> list[tuple[str, str]]:
    """Why an entity has no QID, in words for the graph's readers (en, kk).

    Why not the table's own words: they are the curators' working notes (file names, commit hashes, search trails)
    and stay in ../shared/wikidata and in ``kzjp-kg link --report``; readers of the graph need the conclusion."""
    both = f"{evidence} {note}"
    if _NO_ITEM.search(both):
        en = ("Wikidata probably has no item of its own for this; it is left unlinked rather than matched to a "
              "broader one.")
        kk = ("Уикидеректерде мұның жеке элементі жоқ болуы мүмкін; ол кеңірек элементке байланыстырылмай, "
              "бос қалдырылды.")
    elif _LIKELY_ITEM.search(both):
        en = ("A Wikidata item probably exists (a Wikipedia article about it does), but no source available here "
              "confirmed its QID; it is left unlinked rather than guessed.")
        kk = ("Уикидеректерде элементі бар болуы ықтимал (Уикипедияда мақаласы бар), бірақ оның QID-ін растайтын "
              "дереккөз табылмады; ол болжаммен байланыстырылмады.")
    else:
        en = "No public source found pairs it with a Wikidata item; it is left unlinked rather than guessed."
        kk = "Оны Уикидеректер элементімен байланыстыратын ашық дереккөз табылмады; ол болжаммен байланыстырылмады."
    other = _DISTINGUISH.search(both)
    if other:
        en += f" Not to be confused with {other.group(1).strip()}."
    return [(en, "en"), (kk, "kk")]


_OFFICE_QID = re.compile(r"\((Q[1-9][0-9]*)\)")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def holdings_graph(entities: set[URIRef], folder: Path = WIKIDATA_DIR) -> Graph:
    """Office holdings with start and end dates, one per dated ``P39`` row, with the row's evidence."""
    rows = qid_rows(folder)
    office_by_qid = {r.qid: r.iri for r in rows if r.key.startswith(("pos_", "member_")) and r.iri in entities}
    person_qid = {r.key: r.qid for r in rows if r.verified}
    g = Graph()
    for p in ("kzjp", "kzr", "xsd", "rdfs", "dcterms", "prov", "wd"):
        g.bind(p, config.PREFIXES.get(p, str(WD)))
    for key, (kk, en, ru, ja) in EXTRA_PEOPLE.items():
        person = KZR[key]
        g.add((person, RDF.type, KZJP.Person))
        for text, lang in ((kk, "kk"), (en, "en"), (ru, "ru"), (ja, "ja")):
            g.add((person, RDFS.label, Literal(text, lang=lang)))
        g.add((person, KZJP.citizenOf, KZR.japan))
    for r in read_tsv(folder / "facts.tsv"):
        if not r["property"].startswith("P39 position held"):
            continue
        m = _OFFICE_QID.search(r["value"])
        if not m or m.group(1) not in office_by_qid or not _DATE.match(r["start"] or ""):
            continue
        office = office_by_qid[m.group(1)]
        person = KZR[r["subject_key"].replace("_", "-")]
        h = KZR[f"holding-{r['subject_key'].replace('_', '-')}-{str(office).rsplit('/', 1)[-1]}-{r['start']}"]
        g.add((h, RDF.type, KZJP.OfficeHolding))
        g.add((h, KZJP.holder, person))
        g.add((h, KZJP.office, office))
        g.add((h, KZJP.startDate, Literal(r["start"], datatype=XSD.date)))
        if _DATE.match(r["end"] or ""):
            g.add((h, KZJP.endDate, Literal(r["end"], datatype=XSD.date)))
        end = r["end"] or "…"
        who = r["subject_key"].replace("_", " ").title()
        g.add((h, RDFS.label, Literal(f"{who}: {r['value'].split(' (')[0]}, {r['start']} – {end}", lang="en")))
        g.add((h, RDFS.label, Literal(f"Лауазым атқару: {r['start']} – {end}", lang="kk")))
        evidence = r["evidence"]
        g.add((h, DCTERMS.source, Literal(evidence)))
        from_wikidata = "every-politician-scrapers" in evidence or "Wikidata" in evidence
        if from_wikidata and r["subject_key"] in person_qid:
            g.add((h, PROV.wasDerivedFrom, WD[person_qid[r["subject_key"]]]))
        else:
            url = re.search(r"https?://\S+", evidence)
            g.add((h, PROV.wasDerivedFrom, URIRef(url.group(0).rstrip(";,)")) if url else WD[person_qid.get(
                r["subject_key"], "Q0")]))
    return g


def write(entities: set[URIRef], out_dir: Path = config.WIKIDATA_DIR, folder: Path = WIKIDATA_DIR,
          confirmed: dict[str, tuple[str, str]] | None = None, linkable: set[URIRef] | None = None) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    header = ("# {what}\n# GENERATED by `kzjp-kg link --reference` from ../shared/wikidata (evidence-checked tables); "
              "do not edit by hand.\n# Licence: CC BY 4.0 (data); Wikidata statements are CC0.\n")
    paths = []
    for name, graph, what in (
            ("links.ttl", links_graph(entities, folder, confirmed, linkable),
             "Verified Wikidata QIDs of the graph's entities (skos:exactMatch, kzjp:wikidataId), "
             "or why each is unlinked."),
            ("reference-holdings.ttl", holdings_graph(entities, folder),
             "Office holdings with start and end dates from Wikidata exports and other named sources, with evidence.")):
        p = out_dir / name
        p.write_text(header.format(what=what) + graph.serialize(format="turtle"), encoding="utf-8")
        paths.append(p)
    return paths
