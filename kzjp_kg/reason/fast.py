"""The fast path end to end: OWL 2 RL by :mod:`kzjp_kg.reason.rl`, the SPARQL rules by pyoxigraph, to a fixpoint.

Why pyoxigraph for the rules: rdflib's SPARQL engine needs seconds for a rule over 100k triples; pyoxigraph (Rust)
needs milliseconds. Only the triples a rule can match are put in its store — the predicates (and ``rdf:type``
classes) named in the rule files, read from their parsed algebra — so a million-triple graph costs a fraction of
that in loading. Triples are exchanged as N-Triples strings (see :mod:`kzjp_kg.reason.rl`); blank nodes and
blank nodes cross to the rule store as IRIs, so pyoxigraph does not rename them.

Two entry points: :func:`reason_keys` (what :func:`kzjp_kg.reason.closure` uses, any triple source) and
:func:`closure_files` (parse files, reason, write the filtered inferred graph as N-Triples: the benchmark's unit of
work, and no rdflib object is made).
"""

from __future__ import annotations

import functools
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kzjp_kg.gcpause import gc_paused
from kzjp_kg.reason.noise import category_key
from kzjp_kg.reason.rl import TYPE, RLEngine, Triple
from kzjp_kg.terms import ox_parse

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


#: Blank nodes travel to the rule store as IRIs under this prefix: pyoxigraph renames blank nodes it parses, and the
#: rules' answers must come back with the engine's own labels.
_BNODE_IRI = "urn:x-kzjp-bnode:"


def _to_store(term: str) -> str:
    return f"<{_BNODE_IRI}{term[2:]}>" if term[0] == "_" else term


def _from_store(term: object) -> str:
    k = str(term)
    return f"_:{k[len(_BNODE_IRI) + 1:-1]}" if k.startswith("<" + _BNODE_IRI) else k


class _RuleStore:
    """A pyoxigraph store holding just the rules' footprint of the engine's triples, kept in step with it.

    Triples go in as N-Triples text (parsed in Rust), which is several times faster than building term objects.
    """

    def __init__(self, rules: list[tuple[str, str]]) -> None:
        self.rules = rules
        self.preds, self.classes = footprint(tuple(text for _, text in rules))
        self.store = ox.Store()
        self.synced_input = False
        self.synced_derived = 0
        self.applied_at = -1

    def _wanted(self, t: Triple) -> bool:
        p = t[1]
        if _ALL in self.preds:
            return True
        if p not in self.preds:
            return False
        return p != TYPE or _ALL in self.classes or t[2] in self.classes

    def sync(self, engine: RLEngine, asserted: Iterable[Triple]) -> None:
        if not self.synced_input:
            self.synced_input = True
            self._extend([t for t in asserted if self._wanted(t)])
        new = engine.derived[self.synced_derived:]
        self.synced_derived = len(engine.derived)
        self._extend([t for t in new if self._wanted(t)])

    def _extend(self, triples: list[Triple]) -> None:
        if not triples:
            return
        text = "".join(f"{_to_store(s)} {_to_store(p)} {_to_store(o)} .\n" for s, p, o in triples)
        self.store.load(input=text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)

    def apply(self, engine: RLEngine, rule_counts: Counter, rule_of: dict[Triple, str]) -> None:
        """Run each rule once, in file order; each rule sees what the earlier ones added (as the rdflib path).

        A rule's answers depend only on the store; if it has not changed since the last time, they are the ones
        already added, and the rules are not run again.
        """
        if len(self.store) == self.applied_at:
            return
        known = engine.triples
        for name, text in self.rules:
            fresh = []
            for t in self.store.query(text):  # type: ignore[union-attr]  # a CONSTRUCT rule yields triples
                key = (_from_store(t.subject), _from_store(t.predicate), _from_store(t.object))
                if key not in known:
                    fresh.append(key)
                    rule_of.setdefault(key, name)
            if fresh:
                engine.add(fresh)
                rule_counts[name] += len(set(fresh))
                self.sync(engine, ())
        self.applied_at = len(self.store)


def reason_keys(asserted: Iterable[Triple], rules: list[tuple[str, str]] | None) -> FastResult:
    """OWL 2 RL plus ``rules`` to a fixpoint over ``asserted`` (N-Triples keys); the same round structure as the
    rdflib path."""
    with gc_paused():
        return _reason_keys(asserted, rules)


def _reason_keys(asserted: Iterable[Triple], rules: list[tuple[str, str]] | None) -> FastResult:
    t0 = time.perf_counter()
    asserted = list(asserted)
    engine = RLEngine()
    engine.add(asserted, derived=False)
    store = _RuleStore(rules) if rules else None
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


def read_keys(paths: Iterable[Path]) -> list[Triple]:
    """Parse RDF files with pyoxigraph (format from the extension, an unknown one an error) into N-Triples keys.

    Each file is re-serialised as canonical N-Triples by pyoxigraph (one term per field, single spaces), so a line
    splits into its three terms without a Python object per term; blank-node labels are made unique per file.
    """
    out: list[Triple] = []
    intern: dict[str, str] = {}
    sd = intern.setdefault
    for i, path in enumerate(paths):
        data = ox.serialize(ox_parse(path), format=ox.RdfFormat.N_TRIPLES) or b""  # type: ignore[arg-type]
        bnode = f"_:f{i}x"
        for line in data.decode("utf-8").splitlines():
            s, p, o = line.split(" ", 2)
            o = o[:-2]
            if s[0] == "_":
                s = bnode + s[2:]
            if o[0] == "_":
                o = bnode + o[2:]
            out.append((sd(s, s), sd(p, p), sd(o, o)))
    return out


def closure_files(inputs: list[Path], out: Path, *, use_rules: bool = True) -> dict:
    """Load ``inputs``, reason (OWL 2 RL + rules), write the filtered inferred triples to ``out`` (N-Triples).

    Returns timings (load / reason / write seconds) and counts, for benchmarks and reports.
    """
    from kzjp_kg.reason import rules as rule_files

    t0 = time.perf_counter()
    with gc_paused():
        asserted = read_keys(inputs)
    t1 = time.perf_counter()
    res = reason_keys(asserted, rule_files() if use_rules else None)
    t2 = time.perf_counter()
    dropped: Counter = Counter({"literal subject": res.engine.literal_types} if res.engine.literal_types else {})
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
