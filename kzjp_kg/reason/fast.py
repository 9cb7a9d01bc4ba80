"""The fast path end to end: OWL 2 RL by :mod:`kzjp_kg.reason.rl`, the SPARQL rules by pyoxigraph, to a fixpoint.

Why pyoxigraph for the rules: rdflib's SPARQL engine needs seconds for a rule over 100k triples; pyoxigraph (Rust)
needs milliseconds. Only the triples a rule can match are put in its store — the predicates (and ``rdf:type``
classes) named in the rule files, read from their parsed algebra — so a million-triple graph costs a fraction of
that in loading. Triples are exchanged as N-Triples strings (see :mod:`kzjp_kg.reason.rl`); blank nodes and
literals keep their pyoxigraph term, so nothing is re-parsed or renamed on the way.

Two entry points: :func:`reason_keys` (what :func:`kzjp_kg.reason.closure` uses, any triple source) and
:func:`closure_files` (parse files, reason, write the filtered inferred graph as N-Triples: the benchmark's unit of
work, and no rdflib object is made).
"""

from __future__ import annotations

import functools
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kzjp_kg.reason.noise import category_key
from kzjp_kg.reason.rl import TYPE, RLEngine, Triple

MAX_ROUNDS = 10
_ALL = "*"


@dataclass
class FastResult:
    """What the fixpoint derived (N-Triples keys, noise not yet removed) and how."""

    engine: RLEngine
    derived: list[Triple]
    rounds: int
    rule_counts: dict[str, int] = field(default_factory=dict)
    rule_of: dict[Triple, str] = field(default_factory=dict)
    seconds: float = 0.0


@functools.lru_cache(maxsize=8)
def footprint(rule_texts: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """(predicates, rdf:type classes) the rules can match, as ``<iri>`` keys; ``"*"`` in a set means "all".

    Read from rdflib's algebra of each rule, so prefixes, ``a`` and nested groups are handled; a variable or a
    property path in predicate position (or a variable class) widens the footprint to everything.
    """
    from rdflib import RDF, URIRef, Variable
    from rdflib.plugins.sparql import prepareQuery

    preds: set[str] = set()
    classes: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):  # CompValue is a dict subclass
            if getattr(node, "name", "") == "BGP":
                for _s, p, o in node["triples"]:
                    if isinstance(p, URIRef):
                        preds.add(f"<{p}>")
                        if p == RDF.type:
                            classes.add(f"<{o}>" if isinstance(o, URIRef) else _ALL)
                    else:  # a variable or a path: anything may match
                        preds.add(_ALL)
                        if not isinstance(p, Variable):
                            classes.add(_ALL)
            for v in node.values():
                walk(v)
        elif isinstance(node, list | tuple):
            for v in node:
                walk(v)

    for text in rule_texts:
        walk(prepareQuery(text).algebra)
    return frozenset(preds), frozenset(classes)


class _RuleStore:
    """A pyoxigraph store holding just the rules' footprint of the engine's triples, kept in step with it."""

    def __init__(self, rules: list[tuple[str, str]], terms: dict[str, object]) -> None:
        self.rules = rules
        self.preds, self.classes = footprint(tuple(text for _, text in rules))
        self.store = ox.Store()
        self.terms = terms
        self.synced_input = False
        self.synced_derived = 0
        self.applied_at = -1

    def _term(self, key: str):  # type: ignore[no-untyped-def]
        t = self.terms.get(key)
        if t is None:
            t = ox.NamedNode(key[1:-1]) if key[0] == "<" else ox.BlankNode(key[2:])
            self.terms[key] = t
        return t

    def _wanted(self, t: Triple) -> bool:
        p = t[1]
        if _ALL in self.preds:
            return True
        if p not in self.preds:
            return False
        return p != TYPE or _ALL in self.classes or t[2] in self.classes

    def sync(self, engine: RLEngine, asserted: Iterable[Triple]) -> None:
        todo: Iterator[Triple]
        if not self.synced_input:
            self.synced_input = True
            todo = (t for t in asserted if self._wanted(t))
            self._extend(todo)
        new = engine.derived[self.synced_derived:]
        self.synced_derived = len(engine.derived)
        self._extend(t for t in new if self._wanted(t))

    def _extend(self, triples: Iterable[Triple]) -> None:
        term = self._term
        self.store.bulk_extend(ox.Quad(term(s), term(p), term(o)) for s, p, o in triples)

    def apply(self, engine: RLEngine, rule_counts: Counter, rule_of: dict[Triple, str]) -> None:
        """Run each rule once, in file order; each rule sees what the earlier ones added (as the rdflib path).

        A rule's answers depend only on the store; if it has not changed since the last time, they are the ones
        already added, and the rules are not run again.
        """
        size = len(self.store)
        if size == self.applied_at:
            return
        for name, text in self.rules:
            fresh = []
            for t in self.store.query(text):
                key = (str(t.subject), str(t.predicate), str(t.object))
                if key not in engine.triples:
                    for term, k in zip((t.subject, t.predicate, t.object), key, strict=True):
                        if k[0] != "<":
                            self.terms.setdefault(k, term)
                    fresh.append(key)
                    engine.add([key])
                    rule_counts[name] += 1
                    rule_of.setdefault(key, name)
            if fresh:
                self.sync(engine, ())
        self.applied_at = len(self.store)


def reason_keys(asserted: Iterable[Triple], terms: dict[str, object], rules: list[tuple[str, str]] | None,
                ) -> FastResult:
    """OWL 2 RL plus ``rules`` to a fixpoint over ``asserted`` (N-Triples keys, with the pyoxigraph term of
    every blank node and literal in ``terms``); the same round structure as the rdflib path."""
    t0 = time.perf_counter()
    asserted = list(asserted)
    engine = RLEngine()
    engine.add(asserted, derived=False)
    store = _RuleStore(rules, terms) if rules else None
    rule_counts: Counter = Counter()
    rule_of: dict[Triple, str] = {}
    rounds = 0
    for rounds in range(1, MAX_ROUNDS + 1):  # noqa: B007 - the count is reported
        before = len(engine.triples)
        engine.run()
        if store is not None:
            store.sync(engine, asserted)
            store.apply(engine, rule_counts, rule_of)
        if len(engine.triples) == before:
            break
    engine.run()  # the last rule conclusions' OWL consequences (a no-op when the loop ended on a fixpoint)
    engine.check()
    return FastResult(engine, engine.derived, rounds, dict(rule_counts), rule_of, time.perf_counter() - t0)


def read_keys(paths: Iterable[Path], terms: dict[str, object]) -> list[Triple]:
    """Parse RDF files with pyoxigraph (format from the extension) into keys, recording literal/blank terms."""
    out: list[Triple] = []
    cache: dict[str, str] = {}
    for path in paths:
        fmt = ox.RdfFormat.from_extension(Path(path).suffix.lstrip(".")) or ox.RdfFormat.TURTLE
        for q in ox.parse(path=str(path), format=fmt):
            row = []
            for t in (q.subject, q.predicate, q.object):
                k = str(t)
                c = cache.get(k)
                if c is None:
                    cache[k] = c = k
                    if k[0] != "<":
                        terms[k] = t
                row.append(c)
            out.append((row[0], row[1], row[2]))
    return out


def closure_files(inputs: list[Path], out: Path, *, use_rules: bool = True) -> dict:
    """Load ``inputs``, reason (OWL 2 RL + rules), write the filtered inferred triples to ``out`` (N-Triples).

    Returns timings (load / reason / write seconds) and counts, for benchmarks and reports.
    """
    from kzjp_kg.reason import rules as rule_files

    t0 = time.perf_counter()
    terms: dict[str, object] = {}
    asserted = read_keys(inputs, terms)
    t1 = time.perf_counter()
    res = reason_keys(asserted, terms, rule_files() if use_rules else None)
    t2 = time.perf_counter()
    dropped: Counter = Counter()
    kept = 0
    with open(out, "w", encoding="utf-8") as fh:
        lines = []
        for s, p, o in res.derived:
            cat = category_key(s, p, o)
            if cat is None:
                lines.append(f"{s} {p} {o} .\n")
            else:
                dropped[cat] += 1
            if len(lines) >= 100_000:
                fh.writelines(lines)
                kept += len(lines)
                lines = []
        fh.writelines(lines)
        kept += len(lines)
    t3 = time.perf_counter()
    return {"load": t1 - t0, "reason": t2 - t1, "write": t3 - t2, "total": t3 - t0, "asserted": len(asserted),
            "inferred": kept, "dropped": dict(dropped), "rounds": res.rounds, "rule_counts": res.rule_counts,
            "inconsistencies": len(res.engine.inconsistencies)}
