"""Cross-source agreement: for each statement the article makes, which other sources confirm, contradict or say
nothing of it; for each conflict, every claim with its sources.

Why computed from the statement graph: a statement's references already say which sources state it (a sentence of
the article, a row of a table whose page is official, news or an encyclopedia), and conflicts already link the
claims that disagree. So "confirmed by an official source" is "the same statement also has a reference whose page
is official", and "contradicted" is "a claim about the same thing, for the same property, with another value".
Nothing is decided here: the report shows what each source says, and confidence is the count of independent kinds
of source behind a statement.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kzjp_kg import config
from kzjp_kg.statements.layer import DESCRIPTIVE, PROV, SENTENCE_LINKS
from kzjp_kg.terms import short

KZJP = config.KZJP
_CLAIM_VALUES = (KZJP.claimedStartDate, KZJP.claimedEndDate, KZJP.claimedDate, KZJP.claimedCount, KZJP.claimedValue)


@dataclass(frozen=True)
class Source:
    """Where a reference points: the article (a sentence), a table row (with its page's kind) or something else."""

    iri: URIRef
    kind: str  # "article", "official", "news", "encyclopedia", "external"
    label: str


@dataclass
class Verdict:
    """One statement of the article and what the other sources say of it."""

    triple: tuple[Node, URIRef, Node]
    article: list[Source]
    confirming: list[Source] = field(default_factory=list)
    contradicting: list[Source] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.contradicting:
            return "contradicted"
        if any(s.kind == "official" for s in self.confirming):
            return "confirmed (official)"
        if self.confirming:
            return "supported (" + ", ".join(sorted({s.kind for s in self.confirming})) + " only)"
        return "not mentioned"


def _short(term: Node) -> str:
    return short(term)


def classify(ds: Dataset, ref: URIRef) -> Source:
    """What kind of source a reference is (read from the source layer: a row's page and its kind)."""
    source = ds.graph(config.GRAPH_SOURCE)
    if str(ref).startswith(str(config.KZS)):
        return Source(ref, "article", _short(ref))
    page = source.value(ref, KZJP.onPage)
    if page is not None:
        kind = source.value(page, KZJP.sourceKind)
        return Source(ref, str(kind).rsplit("kind-", 1)[-1] if kind else "external", _short(ref))
    return Source(ref, "external", _short(ref))


def _statements(ds: Dataset) -> dict[tuple, list[URIRef]]:
    stmts = ds.graph(config.GRAPH_STATEMENTS)
    out: dict[tuple, list[URIRef]] = {}
    for node in stmts.subjects(RDF.type, RDF.Statement):
        if stmts.value(node, KZJP.rank) == KZJP.DeprecatedRank:
            continue
        t = (stmts.value(node, RDF.subject), stmts.value(node, RDF.predicate), stmts.value(node, RDF.object))
        out[t] = sorted((r for r in stmts.objects(node, PROV.wasDerivedFrom) if isinstance(r, URIRef)), key=str)
    return out


def verdicts(ds: Dataset) -> list[Verdict]:
    """Every content statement the article makes, with what the other sources say of it."""
    facts = ds.graph(config.GRAPH_FACTS)
    statements = _statements(ds)
    claims_about: dict[tuple, list[tuple[Node, list[URIRef]]]] = defaultdict(list)
    for (s, p, o), refs in statements.items():
        about = facts.value(s, KZJP.claimAbout)
        if p in _CLAIM_VALUES and about is not None:
            claims_about[(about, p)].append((o, refs))
    out = []
    for (s, p, o), refs in sorted(statements.items(), key=lambda kv: tuple(str(x) for x in kv[0])):
        if p in SENTENCE_LINKS or p in DESCRIPTIVE or p == KZJP.statesNoFact:
            continue
        sources = [classify(ds, r) for r in refs]
        article = [x for x in sources if x.kind == "article"]
        if not article:
            continue
        v = Verdict((s, p, o), article, [x for x in sources if x.kind != "article"])
        about = facts.value(s, KZJP.claimAbout)
        if p in _CLAIM_VALUES and about is not None:
            for value, other_refs in claims_about[(about, p)]:
                others = [x for x in (classify(ds, r) for r in other_refs) if x.kind != "article"]
                (v.confirming if value == o else v.contradicting).extend(x for x in others if x not in v.confirming)
        out.append(v)
    return out


def conflicts(ds: Dataset) -> list[tuple[Node, str, list[tuple[str, list[Source]]]]]:
    """Every conflict: its IRI, English label, and each claim (English label) with its sources."""
    facts = ds.graph(config.GRAPH_FACTS)
    out = []
    for c in sorted(facts.subjects(RDF.type, KZJP.Conflict), key=str):
        claims = []
        for claim in sorted(facts.objects(c, KZJP.conflictingClaim), key=str):
            refs = sorted((r for r in facts.objects(claim, KZJP.statedIn) if isinstance(r, URIRef)), key=str)
            claims.append((_label(facts, claim), [classify(ds, r) for r in refs]))
        out.append((c, _label(facts, c), claims))
    return out


def _label(g: Graph, node: Node) -> str:
    labels = [o for o in g.objects(node, RDFS.label) if isinstance(o, Literal) and o.language == "en"]
    return str(labels[0]) if labels else _short(node)


def report_data(ds: Dataset) -> dict:
    """The report as plain data (the build writes it as ``reports/sources.json``; the page ``/sources`` shows it)."""
    def src(x: Source) -> dict:
        return {"iri": str(x.iri), "label": x.label, "kind": x.kind}

    found = verdicts(ds)
    counts: dict[str, int] = defaultdict(int)
    for v in found:
        counts[v.status.split(" (")[0]] += 1
    return {
        "conflicts": [{"iri": str(c), "label": label,
                       "claims": [{"text": text, "sources": [src(x) for x in sources]} for text, sources in claims]}
                      for c, label, claims in conflicts(ds)],
        "counts": dict(sorted(counts.items())),
        "statements": [{"subject": _short(v.triple[0]), "subject_iri": str(v.triple[0]),
                        "property": _short(v.triple[1]), "value": _short(v.triple[2]), "verdict": v.status,
                        "article": [src(x) for x in v.article], "confirming": [src(x) for x in v.confirming],
                        "contradicting": [src(x) for x in v.contradicting]}
                       for v in found if v.confirming or v.contradicting],
    }


def report(ds: Dataset) -> str:
    """The agreement report as Markdown: conflicts first, then every article statement with its verdict."""
    lines = ["# What the sources say of the article's statements", "",
             "Generated by `kzjp-kg sources --report` from the statement graph: each statement's references, and the "
             "kind of each page (official, news, encyclopedia). Nothing is decided here: every claim is kept.", "",
             "## Conflicts between sources", ""]
    for _c, label, claims in conflicts(ds):
        lines.append(f"- **{label}**")
        for text, sources in claims:
            lines.append(f"  - {text} — " + ", ".join(f"{s.label} ({s.kind})" for s in sources))
    counts: dict[str, int] = defaultdict(int)
    rows = []
    for v in verdicts(ds):
        counts[v.status.split(" (")[0]] += 1
        s, p, o = (_short(x) for x in v.triple)
        confirm = ", ".join(f"{x.label} ({x.kind})" for x in v.confirming) or "—"
        contra = ", ".join(f"{x.label} ({x.kind})" for x in v.contradicting) or "—"
        said = ", ".join(x.label for x in v.article)
        rows.append(f"| {s} | {p} | {o} | {said} | {v.status} | {confirm} | {contra} |")
    lines += ["", "## The article's statements", "",
              "Counts: " + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())), "",
              "| subject | property | value | article | verdict | confirmed by | contradicted by |",
              "|---|---|---|---|---|---|---|", *rows]
    return "\n".join(lines) + "\n"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--report", action="store_true", help="print the agreement report (Markdown)")
    parser.add_argument("--out", type=Path, default=None, help="also write the report to this file")


def run(args: argparse.Namespace) -> int:
    from kzjp_kg.statements.asbuilt import as_built

    text = report(as_built().dataset)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0
