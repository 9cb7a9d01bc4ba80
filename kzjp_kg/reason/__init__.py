"""Reasoning: OWL 2 RL closure plus SPARQL rules, run to a fixpoint, kept apart from what the source asserts.

Why a fixpoint of two kinds of inference: OWL 2 RL gives inverses, symmetry, transitivity, sub-properties,
property chains and domain/range typing; the rules in ``rules/*.rq`` do what OWL cannot (compare dates: which
period an event falls in, who held an office on an event's date, the relationship's status then). Each feeds the
other — a rule's ``participantInCapacity`` lets the OWL chain infer the participating state — so they alternate
until nothing new appears. Only new triples, minus the engines' noise (counted in ``dropped``), are returned;
``rule_of`` remembers which rule produced each rule-derived triple, for explanations; ``inconsistencies`` lists the
OWL 2 RL rules with ``false`` in the head that fired (owlrl writes them into the graph as error messages; they are
taken out of the inferred graph and reported here).

Engines: ``fast`` (the default: :mod:`kzjp_kg.reason.rl` for OWL 2 RL, pyoxigraph for the rules) and ``owlrl``
(the reference, rules by rdflib) give the same inferred graph on the project graph and on LUBM(1) —
tests/reason/test_agreement.py checks it triple for triple; ``reasonable`` is kept for comparison only.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

from rdflib import RDF, Graph, Namespace, Node, URIRef

from kzjp_kg.reason.engines import ENGINES, run_engine
from kzjp_kg.reason.noise import split

if TYPE_CHECKING:
    from kzjp_kg.reason.why import Explanation

RULES_DIR = Path(__file__).parent / "rules"
#: The default engine: the fast path, which agrees with owlrl triple for triple on the project graph and LUBM(1)
#: (tests/reason/test_agreement.py) and is 50-100x faster. ``reasonable`` is selectable, but misses property-chain
#: conclusions whose links are inferred (differences pinned in tests/reason/test_project_reasoning.py).
DEFAULT_ENGINE = "fast"
MAX_ROUNDS = 10
#: owlrl's vocabulary for the error messages it adds to the graph when a ``false``-headed rule fires.
_ERR = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")


@dataclass
class ReasonResult:
    """The inferred graph (new, filtered triples) and how it was obtained."""

    inferred: Graph
    engine: str
    dropped: dict[str, int]
    seconds: float
    rounds: int
    rule_counts: dict[str, int] = field(default_factory=dict)
    rule_of: dict[tuple, str] = field(default_factory=dict)
    inconsistencies: list[str] = field(default_factory=list)


def rules() -> list[tuple[str, str]]:
    """(name, SPARQL CONSTRUCT text) of every rule file, in file-name order."""
    found = sorted(RULES_DIR.glob("*.rq"))
    return [(p.stem, p.read_text(encoding="utf-8")) for p in found]


def closure(graph: Graph, engine: str = DEFAULT_ENGINE, *, use_rules: bool = True) -> ReasonResult:
    """Compute what ``graph`` implies under OWL 2 RL and the project's rules; ``graph`` is not modified."""
    if engine not in ENGINES:
        raise ValueError(f"unknown reasoner {engine!r}: choose one of {', '.join(ENGINES)}")
    if engine == "fast":
        return _fast_closure(graph, use_rules)
    t0 = time.perf_counter()
    asserted = set(graph)
    current = Graph()
    for t in graph:
        current.add(t)
    rule_counts: Counter = Counter()
    rule_of: dict[tuple, str] = {}
    rounds = 0
    for rounds in range(1, MAX_ROUNDS + 1):  # noqa: B007 - the count is reported
        before = len(current)
        current = run_engine(engine, current)
        if use_rules:
            for name, text in rules():
                for t in current.query(text):  # type: ignore[assignment]  # a CONSTRUCT result yields triples
                    if t not in current:
                        current.add(t)
                        rule_counts[name] += 1
                        rule_of.setdefault(t, name)
        if len(current) == before:
            break
    new = [t for t in current if t not in asserted]
    errors = {t[0] for t in new if t[1] == RDF.type and t[2] == _ERR.ErrorMessage}
    messages = sorted(str(t[2]) for t in new if t[0] in errors and t[1] == _ERR.error)
    kept, dropped = split(t for t in new if t[0] not in errors)
    inferred = Graph()
    for prefix, ns in graph.namespaces():
        inferred.bind(prefix, ns)
    for t in kept:
        inferred.add(t)
    rule_of = {t: r for t, r in rule_of.items() if t in inferred}
    return ReasonResult(inferred, engine, dict(dropped), time.perf_counter() - t0, rounds, dict(rule_counts), rule_of,
                        messages)


def _fast_closure(graph: Graph, use_rules: bool) -> ReasonResult:
    """The fast path on an rdflib graph: terms go in as N-Triples keys and come back as the very same rdflib terms."""
    from rdflib.util import from_n3

    from kzjp_kg.reason.fast import reason_keys
    from kzjp_kg.terms import to_ox

    t0 = time.perf_counter()
    back: dict[str, Node] = {}
    cache: dict[Node, str] = {}

    def key(term: Node) -> str:
        k = cache.get(term)
        if k is None:
            k = str(to_ox(term))
            cache[term] = k
            back[k] = term
        return k

    asserted = [(key(s), key(p), key(o)) for s, p, o in graph]
    res = reason_keys(asserted, rules() if use_rules else None)

    def term(k: str) -> Node:
        t = back.get(k)
        if t is None:  # a term the input did not have: an IRI of the OWL vocabulary, or a rule's result
            t = back[k] = URIRef(k[1:-1]) if k[0] == "<" else cast(Node, from_n3(k))  # an N-Triples term
        return t

    kept_keys, dropped = split_keys(res.derived)
    if res.engine.literal_types:  # literals typed by ranges: derived, counted, never stored (see RLEngine._add)
        dropped["literal subject"] += res.engine.literal_types
    inferred = Graph()
    for prefix, ns in graph.namespaces():
        inferred.bind(prefix, ns)
    rule_of = {}
    for k in kept_keys:
        t = (term(k[0]), term(k[1]), term(k[2]))
        inferred.add(t)
        if k in res.rule_of:
            rule_of[t] = res.rule_of[k]
    return ReasonResult(inferred, "fast", dict(dropped), time.perf_counter() - t0, res.rounds, res.rule_counts,
                        rule_of, list(res.engine.inconsistencies))


def split_keys(triples: list[tuple[str, str, str]]) -> tuple[list[tuple[str, str, str]], Counter]:
    """:func:`kzjp_kg.reason.noise.split` for N-Triples keys."""
    from kzjp_kg.reason.noise import category_key

    kept: list[tuple[str, str, str]] = []
    dropped: Counter[str] = Counter()
    for t in triples:
        cat = category_key(*t)
        if cat is None:
            kept.append(t)
        else:
            dropped[cat] += 1
    return kept, dropped


def explain(asserted: Graph, inferred: Graph, s: Node, p: Node, o: Node,
            rule_of: dict | None = None) -> Explanation:
    """Why ``(s, p, o)`` holds: see :func:`kzjp_kg.reason.why.explain`."""
    from kzjp_kg.reason.why import explain as _explain

    return _explain(asserted, inferred, s, p, o, rule_of=rule_of)


__all__ = ["DEFAULT_ENGINE", "ENGINES", "ReasonResult", "closure", "explain", "rules"]
