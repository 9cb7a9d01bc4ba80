"""Facts + references table → the statement graph ``kzg:statements``; deprecated statements leave the facts.

Which statements need a row in the table, and which are referenced by rule (documented in docs/design.md):

* a sentence link (``kzjp:statedIn``, ``kzjp:mentionedIn``, ``kzjp:defectIn``) is referenced by its sentence;
  ``kzjp:statesNoFact`` by its subject, the sentence itself;
* a name, type or description of a resource (``rdf:type``, labels, ``kzjp:explanation``, ``kzjp:severity``) by
  the sentences that state, mention or show the resource — or, for a resource no sentence mentions, by its
  Wikidata item;
* every other statement — what the article actually says — by its row in ``graph/facts/references.tsv``.
  A statement with no reference fails the build, naming the triple and where to add the row.

In the Wikidata layers a statement is referenced by what the layer's own files cite: the holding's
``prov:wasDerivedFrom`` (``kzg:wikidata``) and the linked item (``kzg:links``).

A resource marked ``kzjp:doubtedBy`` a source defect is a claim the source makes and gets wrong: its statements
are deprecated with that reason (its names and sentence links stay); see :func:`deprecating_doubt`. A row may not
give such a statement another rank.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, SKOS, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from kzjp_kg import config
from kzjp_kg.errors import InputError
from kzjp_kg.statements.table import Row, read_table, term_text

PROV = Namespace("http://www.w3.org/ns/prov#")
KZJP = config.KZJP
RANK_IRI = {"preferred": KZJP.PreferredRank, "normal": KZJP.NormalRank, "deprecated": KZJP.DeprecatedRank}

#: Sentence links: the object is the reference.
SENTENCE_LINKS = frozenset({KZJP.statedIn, KZJP.mentionedIn, KZJP.defectIn})
#: Names, types and descriptions: referenced by the resource's own sentences.
DESCRIPTIVE = frozenset({RDF.type, RDFS.label, RDFS.comment, SKOS.prefLabel, SKOS.altLabel, SKOS.definition,
                         KZJP.explanation, KZJP.severity})
#: What a doubted resource keeps as plain triples: its names, its sentences and the doubt itself.
KEPT_WHEN_DOUBTED = frozenset({RDFS.label, SKOS.prefLabel, SKOS.altLabel, KZJP.statedIn, KZJP.mentionedIn,
                               KZJP.doubtedBy})


class StatementError(InputError):
    """A statement has no reference, or a row contradicts the graph (exit code 2; nothing is published)."""


@dataclass
class StatementLayer:
    """The statement graph, the triples moved out of the facts (deprecated), and counts for the build summary."""

    graph: Graph
    deprecated: list[tuple[Node, Node, Node]] = field(default_factory=list)
    by_rule: Counter = field(default_factory=Counter)
    unreferenced: list[tuple[Node, Node, Node]] = field(default_factory=list)


def statement_iri(s: Node, p: Node, o: Node) -> URIRef:
    """A stable IRI for the statement (s, p, o): the hash of its N-Triples form under the default base."""
    text = " ".join(_default_base(t).n3() for t in (s, p, o))
    return config.KZST[hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]]


def _default_base(term: Node) -> Node:
    base = config.base_from_env()
    if isinstance(term, URIRef) and base != config.DEFAULT_BASE and str(term).startswith(base):
        return URIRef(config.DEFAULT_BASE + str(term)[len(base):])
    return term


def sentences_of(g: Graph, resource: Node) -> list[URIRef]:
    """The sentences that state, mention or show ``resource`` (its coarse provenance), in document order."""
    found = {o for p in SENTENCE_LINKS for o in g.objects(resource, p) if isinstance(o, URIRef)}
    if (resource, KZJP.statesNoFact, None) in g or str(resource).startswith(f"{config.NS.base}source/"):
        found.add(resource)  # type: ignore[arg-type]
    return sorted(found, key=str)


def rule_references(facts: Graph, links: Graph, t: tuple[Node, Node, Node]) -> tuple[list[URIRef], str]:
    """References a statement gets by rule, and the rule's name; ``([], "")`` when it needs a table row."""
    s, p, o = t
    if p in SENTENCE_LINKS and isinstance(o, URIRef):
        return [o], "sentence link"
    if p == KZJP.statesNoFact and isinstance(s, URIRef):
        return [s], "sentence link"
    if p in DESCRIPTIVE:
        refs = sentences_of(facts, s)
        if refs:
            return refs, "names and types: the resource's sentences"
        items = sorted((m for m in links.objects(s, SKOS.exactMatch) if isinstance(m, URIRef)), key=str)
        if items:
            return items, "names and types: the resource's Wikidata item"
        refs = referrer_sentences(facts, s)
        if refs:
            return refs, "names and types: the sentences of the resources that name it"
    return [], ""


def referrer_sentences(g: Graph, resource: Node) -> list[URIRef]:
    """The sentences of the resources that point at ``resource`` (an office is named by its holdings' sentences)."""
    found = {x for r in g.subjects(None, resource) for x in sentences_of(g, r)}
    return sorted(found, key=str)


def deprecating_doubt(facts: Graph, s: Node) -> URIRef | None:
    """The defect that makes ``s``'s statements deprecated, if any.

    Only a source defect deprecates (the article gets it wrong: Kawaguchi's title). A conflict does not: its claims
    stand side by side with normal rank (the 2008 visit's two datings). A ``kzjp:Claim`` is never deprecated
    either: "the article claims X" is true even when X is not."""
    if (s, RDF.type, KZJP.Claim) in facts:
        return None
    reasons = sorted(o for o in facts.objects(s, KZJP.doubtedBy)
                     if isinstance(o, URIRef) and (o, RDF.type, KZJP.Conflict) not in facts)
    return reasons[0] if reasons else None


def make_statements(ds: Dataset, table: Path | None = None, *, strict: bool = True) -> StatementLayer:
    """Build ``kzg:statements`` in ``ds`` from the facts and the references table; move deprecated triples out of
    ``kzg:facts``. With ``strict`` (the build), raise :class:`StatementError` for statements without a reference."""
    table = table or config.FACTS_DIR / "references.tsv"
    facts = ds.graph(config.GRAPH_FACTS)
    links = ds.graph(config.GRAPH_LINKS)
    rows = read_table(table) if table.exists() else []
    index: dict[tuple, Row] = {}
    problems: list[str] = []
    row: Row | None
    for row in rows:
        if row.triple in index:
            first = index[row.triple].line
            problems.append(f"{table.name}:{row.line}: the statement is listed twice (also line {first}).")
        elif row.triple not in facts:
            problems.append(f"{table.name}:{row.line}: no such statement in graph/facts: {_show(row.triple)}. "
                            "Fix the row or the fact, or delete the row if the fact was removed.")
        index[row.triple] = row
    out = ds.graph(config.GRAPH_STATEMENTS)
    layer = StatementLayer(out)
    for t in sorted(facts, key=lambda t: tuple(str(x) for x in t)):
        s, p, _ = t
        row = index.get(t)
        rule_refs, rule = rule_references(facts, links, t)
        refs = list(row.references) if row and row.references else rule_refs
        doubt = deprecating_doubt(facts, s)
        rank, reason = (row.rank, row.reason) if row else ("normal", None)
        if doubt is not None and p not in KEPT_WHEN_DOUBTED:
            if row and row.rank != "deprecated":
                problems.append(f"{table.name}:{row.line}: {_show(t)} belongs to {term_text(s)}, which is doubted by "
                                f"{term_text(doubt)}, but the row ranks it {row.rank}: a doubted claim cannot be a "
                                "premise. Rank it deprecated with that reason.")
            rank, reason = "deprecated", reason or doubt
        if not refs:
            layer.unreferenced.append(t)
            continue
        if not row:
            layer.by_rule[rule] += 1
        _add_statement(out, t, refs, rank, reason, row.note if row else "")
        if rank == "deprecated":
            layer.deprecated.append(t)
    for t in layer.deprecated:
        facts.remove(t)
    _reference_wikidata_layers(ds, out, layer)
    if strict and layer.unreferenced:
        problems.extend(f"graph/facts: no reference for {_show(t)}. Add a row to {table.name} naming the "
                        "sentence(s) that state it (`kzjp-kg statements --suggest` proposes rows)."
                        for t in layer.unreferenced[:20])
        if len(layer.unreferenced) > 20:
            problems.append(f"… and {len(layer.unreferenced) - 20} more statements without a reference.")
    if problems and strict:
        raise StatementError("\n".join(problems))
    return layer


def _add_statement(out: Graph, t: tuple, refs: list[URIRef], rank: str, reason: URIRef | None, note: str) -> None:
    s, p, o = t
    node = statement_iri(s, p, o)
    out.add((node, RDF.type, RDF.Statement))
    out.add((node, RDF.subject, s))
    out.add((node, RDF.predicate, p))
    out.add((node, RDF.object, o))
    out.add((node, KZJP.rank, RANK_IRI[rank]))
    for r in refs:
        out.add((node, PROV.wasDerivedFrom, r))
    if reason is not None:
        out.add((node, KZJP.rankReason, reason))
    if note:
        out.add((node, KZJP.referenceNote, Literal(note, lang="en")))


def _reference_wikidata_layers(ds: Dataset, out: Graph, layer: StatementLayer) -> None:
    """Statements of the Wikidata layers, referenced by what their files cite (see the module docstring)."""
    holdings = ds.graph(config.GRAPH_WIKIDATA)
    for t in holdings:
        refs = sorted((o for o in holdings.objects(t[0], PROV.wasDerivedFrom) if isinstance(o, URIRef)), key=str)
        if refs:
            _add_statement(out, t, refs, "normal", None, "")
            layer.by_rule["Wikidata layer: the holding's evidence"] += 1
    links = ds.graph(config.GRAPH_LINKS)
    for t in links:
        items = sorted((o for o in links.objects(t[0], SKOS.exactMatch) if isinstance(o, URIRef)), key=str)
        if items and t[1] != KZJP.unlinkedReason:
            _add_statement(out, t, items, "normal", None, "")
            layer.by_rule["Wikidata layer: the linked item"] += 1


def _show(t: tuple) -> str:
    return " ".join(term_text(x) if not isinstance(x, Literal) or len(str(x)) < 60 else
                    term_text(Literal(str(x)[:57] + "…", lang=x.language, datatype=x.datatype)) for x in t)
