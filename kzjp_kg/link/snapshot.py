"""The Wikidata snapshot ``graph/wikidata/snapshot.ttl``: the statements the graph uses, in Wikidata's RDF model.

Two sources, one format. Offline (now): :func:`items_from_shared` reads ``../shared/wikidata`` and keeps only rows
whose evidence is a Wikidata export (every-politician-scrapers, everypolitician, SpocWiki): those are Wikidata
statements; rows from encyclopedias or ministry pages are not, and stay out (they live, with their source, in
``reference-holdings.ttl``). Each statement's reference points to the export it was copied from (``pr:P854``) and
when that export was taken (``pr:P813``), not to Wikidata's own references. Online: :func:`items_from_endpoint`
asks a SPARQL endpoint for the same items' labels, statements, qualifiers and references. Both go through
:func:`write_snapshot`, which writes atomically and records when and from where the snapshot was made, so a failed
refresh never touches the last good snapshot.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from kzjp_kg import config
from kzjp_kg import wikibase as wb
from kzjp_kg.link.client import SparqlClient
from kzjp_kg.link.reference import WIKIDATA_DIR, qid_rows, read_tsv

SNAPSHOT = config.WIKIDATA_DIR / "snapshot.ttl"
#: Instance-of statements, with evidence for each class (the shared tables carry none).
INSTANCE_OF = config.WIKIDATA_DIR / "instance-of.tsv"
GRAPH_IRI = config.KZG["wikidata-snapshot"]
#: Properties the snapshot keeps (and a refresh asks for): what the graph, the linker and the cross-check use.
PIDS = ("P31", "P39", "P17", "P27", "P569", "P570", "P585", "P580", "P582", "P36", "P361", "P463", "P1365",
        "P194", "P530", "P571")
QUALIFIER_PIDS = ("P580", "P582", "P585", "P642")
_QID = re.compile(r"\((Q[1-9][0-9]*)\)")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_EXPORTS = ("github:every-politician-scrapers/", "github:everypolitician/", "github:SpocWiki/")


@dataclass(frozen=True)
class Meta:
    """When and from where a snapshot was made."""

    retrieved: str  # xsd:dateTime, UTC
    source: str  # endpoint URL or the shared folder
    method: str  # "shared tables" or "SPARQL endpoint"


def now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


# --- offline: from the shared, evidence-checked tables ------------------------------------------------------------

def evidence_url(evidence: str) -> str | None:
    """A browsable URL for the first source named in ``evidence`` (``github:owner/repo@commit path line N``)."""
    m = re.search(r"github:([\w.-]+/[\w.-]+)@([0-9a-f]{7,40})\s+(?:\([^)]*\)\s+)?([\w./~%-]+\.\w+)"
                  r"(?:\s+\(?lines?\s+(\d+))?", evidence)
    if m:
        repo, commit, path, line = m.groups()
        return f"https://github.com/{repo}/blob/{commit}/{path}" + (f"#L{line}" if line else "")
    url = re.search(r"https?://[^\s;,)]+", evidence)
    return url.group(0) if url else None


def _export_dates(folder: Path) -> dict[str, str]:
    """When each Wikidata-derived export was taken, from the ``(Wikidata-derived, YYYY-MM-DD)`` notes."""
    out: dict[str, str] = {}
    for r in read_tsv(folder / "qids.tsv"):
        for repo, day in re.findall(r"github:([\w.-]+/[\w.-]+)@\w+ \(Wikidata-derived, (\d{4}-\d{2}-\d{2})\)",
                                    r["evidence"]):
            out[repo] = day
    return out


def _reference(evidence: str, dates: dict[str, str]) -> tuple[wb.Reference, ...]:
    url = evidence_url(evidence)
    if not url:
        return ()
    snaks: list[tuple[str, wb.Value]] = [("P854", URIRef(url))]
    repo = re.search(r"github:([\w.-]+/[\w.-]+)@", evidence)
    if repo and repo.group(1) in dates:
        snaks.append(("P813", wb.Time(dates[repo.group(1)])))
    return (wb.Reference(tuple(snaks)),)


def is_wikidata_statement(row: dict[str, str]) -> bool:
    """True for rows copied from a Wikidata export; not derived, encyclopedia or 'absent in export' rows."""
    prop = row["property"]
    if any(w in prop for w in ("(derived)", "(Wikipedia", "in Wikidata export", "note:")):
        return False
    return row["evidence"].startswith(_EXPORTS) and bool(re.match(r"P\d+ ", prop))


_YEAR_PRECISION = re.compile(r"Wikidata export has year precision only:\s*(\S+@\S+ [^;]*?)\((\d{4})\.\.(\d{4})\)")


_NOT_PART_OF_LABEL = ("position", "Shūgiin", "People's Republic of China")


def _english(label: str) -> str:
    """``Soviet Union (КСРО)`` → ``Soviet Union``; ``Y. Fukuda Cabinet (Reshuffle)`` stays as it is."""
    m = re.match(r"^(.*\S)\s*\(([^()]*)\)$", label)
    if m and (re.search("[А-Яа-яЁё]", m.group(2)) or m.group(2) in _NOT_PART_OF_LABEL):
        return m.group(1)
    return label


def _split_labels(prop: str, value: str) -> list[tuple[str, str]]:
    """``label@ja / kk / ru`` + ``カザフスタン / Қазақстан / Казахстан`` → [(text, lang), …]."""
    langs = [x.strip() for x in prop.split("@", 1)[1].split("(")[0].split("/")]
    texts = [x.strip() for x in value.split(" / ")]
    return list(zip(texts, langs, strict=False)) if len(texts) == len(langs) else []


def items_from_shared(folder: Path = WIKIDATA_DIR, instance_of: Path = INSTANCE_OF) -> list[wb.Item]:
    """Every verified item of ``qids.tsv`` with its Wikidata-export statements and labels."""
    rows = [r for r in qid_rows(folder) if r.verified]
    qid_of_key = {r.key: r.qid for r in rows}
    items = {r.qid: wb.Item(r.qid) for r in rows}
    for r in rows:  # English label: the shared table's, minus the article's form or a kind in parentheses
        items[r.qid].add_name(_english(r.label), "en")
    dates = _export_dates(folder)
    for row in read_tsv(folder / "facts.tsv"):
        qid = qid_of_key.get(row["subject_key"])
        if qid is None:
            continue
        item, prop, value, evidence = items[qid], row["property"], row["value"], row["evidence"]
        if prop.startswith("label@") and row["evidence"].startswith(("github:", "https://")):
            for text, lang in _split_labels(prop, value):
                if lang in wb.LANGS:
                    item.add_name(re.sub(r"\s*\(.*\)$", "", text), lang)
            continue
        if prop.startswith("external ids / labels"):
            for lang, text in re.findall(r"label@(\w+) ([^;(]+)", value):
                item.add_name(text.strip(), lang)
            continue
        m = _YEAR_PRECISION.search(evidence)
        # Wikipedia gives days, the export only years
        if m and prop.startswith("P39") and (office := _QID.search(value)):
            refs = _reference(m.group(1), dates)
            item.statements.append(wb.Statement(qid, "P39", office.group(1), (
                ("P580", wb.Time.parse(m.group(2))), ("P582", wb.Time.parse(m.group(3)))), refs))
            continue
        if not is_wikidata_statement(row):
            continue
        pid = prop.split()[0]
        refs = _reference(evidence, dates)
        if pid in ("P569", "P570", "P585", "P571"):
            if _DATE.match(value):
                item.statements.append(wb.Statement(qid, pid, wb.Time.parse(value), (), refs))
            continue
        for value_qid in _QID.findall(value):
            quals: list[tuple[str, wb.Value]] = []
            for q, col in (("P580", "start"), ("P582", "end")):
                if _DATE.match(row[col] or ""):
                    quals.append((q, wb.Time.parse(row[col])))
            item.statements.append(wb.Statement(qid, pid, value_qid, tuple(quals), refs))
    if instance_of.exists():
        for row in read_tsv(instance_of):
            qid = qid_of_key.get(row["key"])
            if qid:
                refs = (wb.Reference((("P854", URIRef(row["evidence_url"])),)),) if row.get("evidence_url") else ()
                items[qid].statements.append(wb.Statement(qid, "P31", row["class_qid"], (), refs))
    return sorted(items.values(), key=lambda i: int(i.qid[1:]))


# --- online: from a SPARQL endpoint (Wikidata's query service, or any endpoint holding Wikidata's model) -----------

def _val(b: dict[str, str], precision: int | None = None) -> wb.Value:
    if b["type"] == "uri":
        return wb.qid_of(b["value"]) or URIRef(b["value"])
    if b.get("datatype") == str(XSD.dateTime):
        return wb.Time.parse(b["value"], precision)
    if b.get("datatype"):
        return Literal(b["value"], datatype=URIRef(b["datatype"]))
    return Literal(b["value"], lang=b.get("xml:lang"))


def _chunks(seq: list[str], n: int) -> list[list[str]]:
    return [seq[i:i + n] for i in range(0, len(seq), n)]


def items_from_endpoint(client: SparqlClient, qids: list[str], pids: tuple[str, ...] = PIDS,
                        batch: int = 40) -> list[wb.Item]:
    """The same items, asked live: labels/aliases in kk/en/ru/ja, statements of ``pids`` with their
    qualifiers, ranks and references. Queries are batched (``VALUES``) to keep the request count small."""
    items = {q: wb.Item(q) for q in qids}
    by_sid: dict[str, wb.Statement] = {}
    prop_values = " ".join(f'("{p}" p:{p} ps:{p} psv:{p})' for p in pids)
    qual_values = " ".join(f'("{p}" pq:{p} pqv:{p})' for p in QUALIFIER_PIDS)
    for chunk in _chunks(sorted(qids, key=lambda q: int(q[1:])), batch):
        values = " ".join(f"wd:{q}" for q in chunk)
        langs = ", ".join(f'"{lang}"' for lang in wb.LANGS)
        for b in client.select(wb.SPARQL_PREFIXES + f"""SELECT ?item ?prop ?text WHERE {{
  VALUES ?item {{ {values} }} VALUES ?prop {{ rdfs:label skos:altLabel }}
  ?item ?prop ?text . FILTER(LANG(?text) IN ({langs})) }} ORDER BY ?item ?prop ?text"""):
            item = items[wb.qid_of(b["item"]["value"]) or ""]
            text, lang = b["text"]["value"], b["text"].get("xml:lang", "")
            if b["prop"]["value"] == str(RDFS.label):
                item.labels[lang] = text
            else:
                item.aliases.setdefault(lang, []).append(text)
        for b in client.select(wb.SPARQL_PREFIXES + f"""SELECT ?item ?pid ?st ?v ?prec ?rank ?best WHERE {{
  VALUES ?item {{ {values} }} VALUES (?pid ?p ?ps ?psv) {{ {prop_values} }}
  ?item ?p ?st . ?st ?ps ?v ; wikibase:rank ?rank . FILTER(?rank != wikibase:DeprecatedRank)
  OPTIONAL {{ ?st ?psv ?vn . ?vn wikibase:timePrecision ?prec }}
  BIND(EXISTS {{ ?st a wikibase:BestRank }} AS ?best) }} ORDER BY ?st"""):
            qid = wb.qid_of(b["item"]["value"]) or ""
            prec = int(b["prec"]["value"]) if "prec" in b else None
            sid = b["st"]["value"][len(str(wb.WDS)):]
            st = wb.Statement(qid, b["pid"]["value"], _val(b["v"], prec), rank=b["rank"]["value"].rsplit("#")[-1],
                              best=b["best"]["value"] in ("true", "1"), sid=sid)
            by_sid[sid] = st
            items[qid].statements.append(st)
        for b in client.select(wb.SPARQL_PREFIXES + f"""SELECT ?st ?qpid ?q ?prec WHERE {{
  VALUES ?item {{ {values} }} VALUES (?pid ?p ?ps ?psv) {{ {prop_values} }} VALUES (?qpid ?pq ?pqv) {{ {qual_values} }}
  ?item ?p ?st . ?st ?pq ?q . OPTIONAL {{ ?st ?pqv ?qn . ?qn wikibase:timePrecision ?prec }} }} ORDER BY ?st ?qpid"""):
            qualified = by_sid.get(b["st"]["value"][len(str(wb.WDS)):])
            if qualified is not None:
                prec = int(b["prec"]["value"]) if "prec" in b else None
                qualified.qualifiers += ((b["qpid"]["value"], _val(b["q"], prec)),)
        refs: dict[tuple[str, str], list[tuple[str, wb.Value]]] = {}
        for b in client.select(wb.SPARQL_PREFIXES + f"""SELECT ?st ?ref ?rp ?rv WHERE {{
  VALUES ?item {{ {values} }} VALUES (?pid ?p ?ps ?psv) {{ {prop_values} }}
  ?item ?p ?st . ?st prov:wasDerivedFrom ?ref . ?ref ?rp ?rv .
  FILTER(STRSTARTS(STR(?rp), STR(pr:))) }} ORDER BY ?st ?ref ?rp"""):
            key = (b["st"]["value"][len(str(wb.WDS)):], b["ref"]["value"][len(str(wb.WDREF)):])
            refs.setdefault(key, []).append((b["rp"]["value"][len(str(wb.PR)):], _val(b["rv"])))
        for (sid, rid), snaks in refs.items():
            if sid in by_sid:
                by_sid[sid].references += (wb.Reference(tuple(snaks), rid=rid),)
    return [items[q] for q in sorted(items, key=lambda q: int(q[1:]))]


# --- writing ----------------------------------------------------------------------------------------------------

HEADER = """\
# Wikidata snapshot: the Wikidata statements this graph uses, in Wikidata's own RDF model (wd:, wdt:, p:, ps:,
# psv:, pq:, pqv:, pr:, prov:wasDerivedFrom, wikibase:rank), so that queries written for Wikidata's query service run
# unchanged against it. Labels in kk/en/ru/ja (rdfs:label + schema:name, aliases as skos:altLabel), instance of
# (P31), positions held (P39) with start/end (pq:P580/pq:P582, precision in pqv: value nodes), dates of birth/death.
# GENERATED by `kzjp-kg link --snapshot` or `--refresh` ({method}: {source}) on {retrieved}.
# `kzjp-kg link --refresh` regenerates it from a live SPARQL endpoint in the same format. Do not edit by hand.
# Offline references (pr:P854, pr:P813) name the Wikidata export each statement was copied from and when that
# export was taken; a refresh replaces them with Wikidata's own references. Loaded into the named graph
# <https://w3id.org/kzjp-kg/graph/wikidata-snapshot>, apart from our own model. Licence: CC0 (Wikidata).
"""


def snapshot_graph(items: list[wb.Item], meta: Meta) -> Graph:
    """The snapshot graph: the items plus one description of the snapshot itself (when, from where)."""
    g = wb.items_graph(items)
    g.bind("dcterms", DCTERMS)
    g.bind("kzg", config.KZG)
    g.add((GRAPH_IRI, RDF.type, PROV.Entity))
    g.add((GRAPH_IRI, RDFS.label, Literal("Уикидеректер үзіндісі (графта қолданылатын мәлімдемелер)", lang="kk")))
    g.add((GRAPH_IRI, RDFS.label, Literal("Wikidata snapshot (the statements this graph uses)", lang="en")))
    g.add((GRAPH_IRI, PROV.generatedAtTime, Literal(meta.retrieved, datatype=XSD.dateTime)))
    if meta.source.startswith(("http://", "https://")):
        g.add((GRAPH_IRI, PROV.wasDerivedFrom, URIRef(meta.source)))
    g.add((GRAPH_IRI, DCTERMS.description, Literal(f"Made from {meta.method}: {meta.source}", lang="en")))
    g.add((GRAPH_IRI, DCTERMS.license, URIRef("https://creativecommons.org/publicdomain/zero/1.0/")))
    return g


def write_snapshot(items: list[wb.Item], meta: Meta, path: Path = SNAPSHOT) -> Path:
    """Write the snapshot atomically (temp file, then rename): a failure leaves the old file as it was."""
    if not items:
        raise ValueError("no items: refusing to write an empty snapshot")
    text = HEADER.format(**meta.__dict__) + snapshot_graph(items, meta).serialize(format="turtle")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path


def snapshot_qids(path: Path = SNAPSHOT) -> list[str]:
    """The items of an existing snapshot (what a refresh asks for), else the verified QIDs of the shared tables."""
    if path.exists():
        from kzjp_kg.terms import open_rdf

        g = open_rdf(path)
        found = [wb.qid_of(s) for s in g.subjects(RDF.type, wb.WIKIBASE.Item)]
        qids = sorted({q for q in found if q}, key=lambda q: int(q[1:]))
        if qids:
            return qids
    return [r.qid for r in qid_rows() if r.verified]


def refresh(client: SparqlClient, path: Path = SNAPSHOT) -> tuple[Path, int]:
    """Regenerate the snapshot from ``client``'s endpoint; the old file stays if anything fails."""
    qids = snapshot_qids(path)
    items = items_from_endpoint(client, qids)
    if not any(i.labels or i.statements for i in items):
        from kzjp_kg.link.client import EndpointError

        raise EndpointError(f"{client.endpoint}: none of the {len(qids)} items has labels or statements there; "
                            "is it an endpoint with Wikidata's data? The snapshot was left as it was.")
    return write_snapshot(items, Meta(now(), client.endpoint, "SPARQL endpoint"), path), len(items)


def build_offline(path: Path = SNAPSHOT, folder: Path = WIKIDATA_DIR, retrieved: str | None = None) -> Path:
    return write_snapshot(items_from_shared(folder), Meta(retrieved or now(), "../shared/wikidata", "shared tables"),
                          path)


