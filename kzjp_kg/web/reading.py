"""What an entity page, the article's reading view and a sentence page show, gathered from the store.

Why a view model apart from the template: a page is read top to bottom, so the order is decided here — a summary
card for the class (a visit, a person, a document, an event), then one row per property of the project's own
ontology, then the alignment duplicates (DCMI, SEM, schema.org, FOAF, PROV, Wikidata) folded away, then the
deprecated statements with their reason, then every reference quoted once. Facts carry numbered markers that point
into that list, instead of repeating the same sentence under every fact that cites it (the Japan page was 10,567 px
tall, mostly the same sentences again and again).

References come from the statement graph (``kzg:statements``: ``rdf:subject``/``rdf:predicate``/``rdf:object``,
``kzjp:rank``, ``prov:wasDerivedFrom``, ``kzjp:rankReason``); a row of a table source shows its page's kind
(official, news, encyclopedia).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDF_TYPE = RDF + "type"
XSD = "http://www.w3.org/2001/XMLSchema#"
PROV = "http://www.w3.org/ns/prov#"
OWL_SAME = "http://www.w3.org/2002/07/owl#sameAs"
SKOS_EXACT = "http://www.w3.org/2004/02/skos/core#exactMatch"
WD_ENTITY = "http://www.wikidata.org/entity/"
LABEL_PROPS = ("http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel",
               "http://www.w3.org/2004/02/skos/core#altLabel")
#: Namespaces whose properties and classes restate the project's own (kept for other tools, folded on pages).
ALIGNMENT_NS = (
    ("DCMI", ("http://purl.org/dc/terms/", "http://purl.org/dc/elements/1.1/")),
    ("SEM", ("http://semanticweb.cs.vu.nl/2009/11/sem/",)),
    ("schema.org", ("https://schema.org/", "http://schema.org/")),
    ("FOAF", ("http://xmlns.com/foaf/0.1/",)),
    ("PROV", (PROV,)),
    ("Wikidata", ("http://www.wikidata.org/prop/", "http://wikiba.se/ontology#", OWL_SAME)),
)
#: Properties shown first (in this order) in the facts table; the rest follow by label.
FIRST = ("text", "visitor", "visitingState", "hostState", "destination", "participant", "participatingState", "holder",
         "office", "party", "signatory", "date", "startDate", "endDate", "yearMonth", "year", "documentDate",
         "inPeriod", "locatedIn", "hasSigned", "signedAt", "adoptedAt", "effect", "hasSubEvent", "subEventOf")
PRECISION = {XSD + "date": "day", XSD + "dateTime": "day", XSD + "gYearMonth": "month", XSD + "gYear": "year"}
KIND_NAMES = {"kind-official": "official", "kind-news": "news", "kind-encyclopedia": "encyclopedia"}


def alignment_of(iri: str) -> str | None:
    """The vocabulary an alignment property or class belongs to, or None for the project's own terms."""
    for name, prefixes in ALIGNMENT_NS:
        if iri.startswith(prefixes):
            return name
    return None


@dataclass
class Ref:
    """One reference quoted at the bottom of a page: a sentence of the article, a row of a table, or an IRI."""

    iri: str
    n: int = 0
    text: str = ""
    kind: str = ""  # official / news / encyclopedia (rows)
    page: str = ""  # the web page a row is on
    label: str = ""  # kzs:s008, sf:F015, Wikidata Q…


@dataclass
class Value:
    term: ox.NamedNode | ox.Literal
    inferred: bool = False
    refs: list[Any] = field(default_factory=list)  # the references' IRIs, then (once numbered) their numbers
    rank: str = ""  # "preferred" (deprecated ones are listed apart); "" for normal
    precision: str = ""

    @property
    def key(self) -> str:
        return str(self.term)


@dataclass
class Row:
    p: str
    values: list[Value]


def _precision(term: ox.NamedNode | ox.Literal, p: str) -> str:
    if not isinstance(term, ox.Literal):
        return ""
    if p.endswith(("#yearMonth", "#attestedInMonth")):
        return "month"
    if p.endswith(("#year", "#attestedInYear")):
        return "year"
    return PRECISION.get(term.datatype.value, "") if term.datatype else ""


class EntityView:
    """The data of one entity page. ``rows`` runs a SPARQL SELECT on the store and returns python rows."""

    def __init__(self, iri: str, rows: Callable[[str], list[dict]], *, kz: str, inferred_graph: str,
                 statements_graph: str, base: str) -> None:
        self.iri, self._q, self.kz, self.base = iri, rows, kz, base
        self.inferred_graph, self.statements_graph = inferred_graph, statements_graph
        self.refs: dict[str, Ref] = {}

    # --- references -----------------------------------------------------------------------------------------------
    def marker(self, ref: str) -> int:
        if ref not in self.refs:
            self.refs[ref] = Ref(ref)
        return 0  # numbered once all are known (see _number)

    def _number(self) -> None:
        """Numbers in the order of the sources: the article's sentences, rows of tables, then other IRIs."""
        def order(r: Ref) -> tuple:
            return (0 if "/source/article" in r.iri else 1 if "/source/" in r.iri else 2, r.iri)
        for i, r in enumerate(sorted(self.refs.values(), key=order), 1):
            r.n = i

    def _describe_refs(self) -> None:
        if not self.refs:
            return
        kz = self.kz
        values = " ".join(f"<{r}>" for r in sorted(self.refs))
        for r in self._q(f"SELECT ?r ?t ?page ?kind WHERE {{ VALUES ?r {{ {values} }} OPTIONAL {{ ?r <{kz}text> ?t }}"
                         f" OPTIONAL {{ ?r <{kz}onPage> ?page OPTIONAL {{ ?page <{kz}sourceKind> ?kind }} }} }}"):
            ref = self.refs[r["r"].value]
            ref.text = r["t"].value if "t" in r else ref.text
            if "page" in r:
                ref.page = r["page"].value
            if "kind" in r:
                local = r["kind"].value.rsplit("#", 1)[-1]
                ref.kind = KIND_NAMES.get(local, local.removeprefix("kind-"))

    # --- the page ----------------------------------------------------------------------------------------------
    def build(self) -> dict | None:
        iri, kz = self.iri, self.kz
        out_rows = self._q(f"SELECT ?p ?o ?g WHERE {{ GRAPH ?g {{ <{iri}> ?p ?o }} }} ORDER BY ?p ?o")
        in_rows = self._q(f"SELECT ?s ?p ?g WHERE {{ GRAPH ?g {{ ?s ?p <{iri}> }} FILTER(isIRI(?s)) "
                          f"FILTER(?g != <{self.statements_graph}>) }} ORDER BY ?p ?s LIMIT 1000")
        if not out_rows and not in_rows:
            return None
        stmts = self._q(f"""SELECT ?p ?o ?rank ?ref ?reason WHERE {{ GRAPH <{self.statements_graph}> {{
            ?st <{RDF}subject> <{iri}> ; <{RDF}predicate> ?p ; <{RDF}object> ?o .
            OPTIONAL {{ ?st <{kz}rank> ?rank }} OPTIONAL {{ ?st <{PROV}wasDerivedFrom> ?ref }}
            OPTIONAL {{ ?st <{kz}rankReason> ?reason }} }} }}""")
        st_refs: dict[tuple[str, str], list[str]] = {}
        st_rank: dict[tuple[str, str], str] = {}
        deprecated: dict[tuple[str, str], dict] = {}
        for r in stmts:
            key = (r["p"].value, str(r["o"]))
            rank = r["rank"].value.rsplit("#", 1)[-1] if "rank" in r else "NormalRank"
            st_rank[key] = rank
            if "ref" in r:
                st_refs.setdefault(key, [])
                if r["ref"].value not in st_refs[key]:
                    st_refs[key].append(r["ref"].value)
                self.marker(r["ref"].value)
            if rank == "DeprecatedRank":
                d = deprecated.setdefault(key, {"p": r["p"].value, "o": r["o"], "reason": None, "refs": []})
                if "reason" in r:
                    d["reason"] = r["reason"].value
        asserted = {(r["p"].value, str(r["o"])) for r in out_rows if r["g"].value != self.inferred_graph}
        types: list[str] = []
        align_types: list[str] = []
        own: dict[str, list[Value]] = {}
        align: dict[str, list[Value]] = {}
        all_labels: dict[str, str] = {}
        seen: set[tuple[str, str]] = set()
        for r in out_rows:
            p, o = r["p"].value, r["o"]
            if isinstance(o, ox.BlankNode):
                continue  # anonymous OWL restrictions and the like: nothing a reader can open
            if p in LABEL_PROPS:
                if p == LABEL_PROPS[0] and isinstance(o, ox.Literal):
                    all_labels.setdefault(o.language or "", o.value)
                continue
            key = (p, str(o))
            if key in seen:
                continue
            seen.add(key)
            if p == RDF_TYPE:
                (align_types if alignment_of(o.value) else types).append(o.value)
                continue
            refs = st_refs.get(key, [])
            if p in (kz + "statedIn", kz + "mentionedIn") and isinstance(o, ox.NamedNode):
                refs = [o.value]
                self.marker(o.value)
            rank = st_rank.get(key, "")
            v = Value(o, inferred=key not in asserted, refs=list(refs),
                      rank="preferred" if rank == "PreferredRank" else "", precision=_precision(o, p))
            (align if alignment_of(p) else own).setdefault(p, []).append(v)
        incoming: dict[str, list[ox.NamedNode]] = {}
        in_align: dict[str, list[ox.NamedNode]] = {}
        in_inferred: set[tuple[str, str]] = set()
        in_seen: set[tuple[str, str]] = set()
        for r in in_rows:
            key = (r["p"].value, r["s"].value)
            if r["g"].value == self.inferred_graph and key not in in_seen:
                in_inferred.add(key)
            elif r["g"].value != self.inferred_graph:
                in_inferred.discard(key)
            if key in in_seen:
                continue
            in_seen.add(key)
            (in_align if alignment_of(r["p"].value) else incoming).setdefault(r["p"].value, []).append(r["s"])
        # the summary's extra lookups: datings (claims), offices, documents signed at an event
        claims = self._claims()
        offices = self._offices() if kz + "Person" in types else []
        self._describe_refs()
        self._number()
        num = {r.iri: r.n for r in self.refs.values()}
        for vals in (*own.values(), *align.values()):
            for v in vals:
                v.refs = sorted({num[x] for x in v.refs})
        for d in deprecated.values():
            d["refs"] = sorted({num[x] for x in st_refs.get((d["p"], str(d["o"])), [])})
        for c in claims:
            c["refs"] = sorted({num[x] for x in c["sources"] if x in num})
            c["srcs"] = [(x, num[x]) for x in c["sources"] if x in num]
        for o in offices:
            o["refs"] = sorted({num[x] for x in o["sources"] if x in num})
        local = kz

        def rank_key(p: str) -> tuple:
            name = p[len(local):] if p.startswith(local) else ""
            return (FIRST.index(name) if name in FIRST else len(FIRST), p)
        facts = [Row(p, own[p]) for p in sorted(own, key=rank_key)]
        alignment = [Row(p, align[p]) for p in sorted(align, key=lambda p: (alignment_of(p), p))]
        nodes = {iri, *types, *align_types, *own, *align, *incoming, *in_align, *(d["p"] for d in deprecated.values())}
        for vals in (*own.values(), *align.values()):
            nodes |= {v.term.value for v in vals if isinstance(v.term, ox.NamedNode)}
        for subs in (*incoming.values(), *in_align.values()):
            nodes |= {s.value for s in subs}
        for d in deprecated.values():
            nodes |= {x for x in (d["reason"], d["o"].value if isinstance(d["o"], ox.NamedNode) else None) if x}
        for c in claims:
            nodes |= {x for x in (c["iri"], c.get("value"), c.get("prop")) if x}
        for o in offices:
            nodes |= {o["holding"], o["office"]}
        external = {v.term.value for vals in (*own.values(), *align.values()) for v in vals
                    if isinstance(v.term, ox.NamedNode) and not v.term.value.startswith(self.base)}
        external |= {d["o"].value for d in deprecated.values()
                     if isinstance(d["o"], ox.NamedNode) and not d["o"].value.startswith(self.base)}
        wikidata = sorted({v.term.value.rsplit("/", 1)[-1] for v in align.get(OWL_SAME, [])
                           if v.term.value.startswith("http://www.wikidata.org/entity/")}
                          | {v.term.value for v in own.get(kz + "wikidataId", [])})
        return {"iri": iri, "types": sorted(types), "align_types": sorted(align_types), "all_labels": all_labels,
                "facts": facts, "alignment": alignment, "incoming": sorted(incoming.items(), key=lambda kv: kv[0]),
                "in_alignment": sorted(in_align.items()), "in_inferred": in_inferred,
                "deprecated": list(deprecated.values()), "refs": sorted(self.refs.values(), key=lambda r: r.n),
                "summary": self._summary(types, own, incoming, claims, offices), "nodes": nodes,
                "wikidata": wikidata, "ext_labels": self._external_labels(external)}

    def _external_labels(self, iris: set[str]) -> dict[str, dict[str, str]]:
        """Labels of values that are IRIs of other datasets (``wd:Q…`` above all), by language tag, for the page
        to pick from in its language.

        Why not only their own labels: the Wikidata snapshot often labels an item in English alone, while the
        project's resource linked to it (``owl:sameAs``, ``skos:exactMatch`` or ``kzjp:wikidataId``) has the
        Kazakh, Russian and Japanese names. A language the IRI has a label in keeps that label; a language it lacks
        is filled from the linked resources; a ``kk`` label without a ``kk-Latn`` twin gives one transliterated, as
        the graph's own ``@kk-Latn`` labels are made. So a Kazakh page never shows an English name the graph has
        in Kazakh."""
        from kzjp_kg.sources.translit import to_latin

        if not iris:
            return {}
        kz = self.kz
        label = f"<{LABEL_PROPS[0]}>|<{LABEL_PROPS[1]}>"
        link = f"<{OWL_SAME}>|<{SKOS_EXACT}>"
        values = " ".join(f"<{i}>" for i in sorted(iris))
        found = self._q(f"""SELECT ?x ?l ?via WHERE {{ VALUES ?x {{ {values} }}
            {{ ?x {label} ?l BIND(0 AS ?via) }}
            UNION {{ ?y {link} ?x . ?y {label} ?l BIND(1 AS ?via) }}
            UNION {{ ?x {link} ?y . ?y {label} ?l BIND(1 AS ?via) }}
            UNION {{ ?y <{kz}wikidataId> ?id ; {label} ?l BIND(IRI(CONCAT("{WD_ENTITY}", STR(?id))) AS ?x)
                     BIND(1 AS ?via) }}
            FILTER(isLiteral(?l)) }} ORDER BY ?x ?via ?l""")
        out: dict[str, dict[str, str]] = {}
        for r in found:  # ordered: the IRI's own labels (via 0) before its linked resources' (via 1)
            out.setdefault(r["x"].value, {}).setdefault((r["l"].language or "").lower(), r["l"].value)
        for labels in out.values():
            if "kk" in labels and "kk-latn" not in labels:
                labels["kk-latn"] = to_latin(labels["kk"])
        return out

    def _claims(self) -> list[dict]:
        kz = self.kz
        out: dict[str, dict] = {}
        for r in self._q(f"""SELECT ?c ?start ?end ?date ?value ?prop ?src WHERE {{ ?c a <{kz}Claim> ;
                <{kz}claimAbout> <{self.iri}> . FILTER NOT EXISTS {{ ?c a <{kz}Assessment> }}
                OPTIONAL {{ ?c <{kz}claimedStartDate> ?start }} OPTIONAL {{ ?c <{kz}claimedEndDate> ?end }}
                OPTIONAL {{ ?c <{kz}claimedDate> ?date }} OPTIONAL {{ ?c <{kz}claimedValue> ?value }}
                OPTIONAL {{ ?c <{kz}claimedProperty> ?prop }} OPTIONAL {{ ?c <{kz}statedIn> ?src }} }} ORDER BY ?c"""):
            c = out.setdefault(r["c"].value, {"iri": r["c"].value, "sources": []})
            for k in ("start", "end", "date"):
                if k in r:
                    c[k] = r[k].value
            for k in ("value", "prop"):
                if k in r:
                    c[k] = r[k].value
            if "src" in r and r["src"].value not in c["sources"]:
                c["sources"].append(r["src"].value)
                self.marker(r["src"].value)
        return list(out.values())

    def _offices(self) -> list[dict]:
        kz = self.kz
        out: dict[str, dict] = {}
        for r in self._q(f"""SELECT ?h ?office ?start ?end ?on ?month ?year ?src WHERE {{ ?h <{kz}holder> <{self.iri}> ;
                <{kz}office> ?office . OPTIONAL {{ ?h <{kz}startDate> ?start }} OPTIONAL {{ ?h <{kz}endDate> ?end }}
                OPTIONAL {{ ?h <{kz}attestedOn> ?on }} OPTIONAL {{ ?h <{kz}attestedInMonth> ?month }}
                OPTIONAL {{ ?h <{kz}attestedInYear> ?year }} OPTIONAL {{ ?h <{kz}statedIn> ?src }} }}"""):
            o = out.setdefault(r["h"].value, {"holding": r["h"].value, "office": r["office"].value, "sources": []})
            for k in ("start", "end", "on", "month", "year"):
                if k in r:
                    o[k] = r[k].value
            if "src" in r and r["src"].value not in o["sources"]:
                o["sources"].append(r["src"].value)
                self.marker(r["src"].value)
        return sorted(out.values(), key=lambda o: (o.get("start") or o.get("on") or o.get("month")
                                                   or o.get("year") or "9999", o["office"]))

    def _summary(self, types: list[str], own: dict[str, list[Value]], incoming: dict[str, list[ox.NamedNode]],
                 claims: list[dict], offices: list[dict]) -> dict | None:
        kz = self.kz

        def get(*names: str) -> list[tuple[str, list[Value]]]:
            return [(kz + n, own[kz + n]) for n in names if kz + n in own]

        dates = get("date", "startDate", "endDate", "yearMonth", "year", "documentDate")
        if kz + "Visit" in types:
            signed = [Value(s) for s in incoming.get(kz + "signedAt", []) + incoming.get(kz + "adoptedAt", [])]
            own_signed = own.get(kz + "hasSigned", [])
            known = {v.key for v in own_signed}
            docs = own_signed + [v for v in signed if v.key not in known]
            lines = [*get("visitor", "visitingState", "hostState", "destination"), *dates,
                     *get("inPeriod", "locatedIn", "visitLevel")]
            if docs:
                lines.append((kz + "hasSigned", docs))
            return {"kind": "visit", "lines": lines, "datings": [c for c in claims if "start" in c or "date" in c
                                                                  or "end" in c],
                    "claims": [c for c in claims if "value" in c]}
        if kz + "Person" in types:
            return {"kind": "person", "lines": [], "offices": offices}
        if kz + "Document" in types:
            lines = [*get("party", "signatory"), *dates, *get("signedAt", "adoptedAt", "effect", "subject")]
            return {"kind": "document", "lines": lines, "datings": [c for c in claims if "start" in c or "date" in c]}
        if kz + "Event" in types:
            lines = [*get("participant", "participatingState", "host"), *dates, *get("inPeriod", "locatedIn",
                                                                                     "subEventOf")]
            return {"kind": "event", "lines": lines, "datings": [c for c in claims if "start" in c or "date" in c]}
        return None
