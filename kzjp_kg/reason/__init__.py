"""Reasoning: OWL 2 RL closure plus SPARQL rules, run to a fixpoint, kept apart from what the source asserts.

Why a fixpoint of two kinds of inference: OWL 2 RL gives inverses, symmetry, transitivity, sub-properties,
property chains and domain/range typing; the rules in ``rules/*.rq`` do what OWL cannot (compare dates: which
period an event falls in, who held an office on an event's date, the relationship's status then). Each feeds the
other — a rule's ``participantInCapacity`` lets the OWL chain infer the participating state — so they alternate
until nothing new appears. Only new triples, minus the engines' noise (counted in ``dropped``), are returned;
``rule_of`` remembers which rule produced each rule-derived triple, for explanations.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from kzjp_kg.reason.engines import ENGINES, run_engine
from kzjp_kg.reason.noise import split

RULES_DIR = Path(__file__).parent / "rules"
#: The default engine: owlrl, the reference. ``reasonable`` (about 5x faster here) is selectable, but on the project
#: graph it misses property-chain conclusions whose links are inferred and truncates some literals, so it is not
#: the default (differences pinned in tests/reason/test_project_reasoning.py).
DEFAULT_ENGINE = "owlrl"
MAX_ROUNDS = 10


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


def rules() -> list[tuple[str, str]]:
    """(name, SPARQL CONSTRUCT text) of every rule file, in file-name order."""
    found = sorted(RULES_DIR.glob("*.rq"))
    return [(p.stem, p.read_text(encoding="utf-8")) for p in found]


def closure(graph: Graph, engine: str = DEFAULT_ENGINE, *, use_rules: bool = True) -> ReasonResult:
    """Compute what ``graph`` implies under OWL 2 RL and the project's rules; ``graph`` is not modified."""
    if engine not in ENGINES:
        raise ValueError(f"unknown reasoner {engine!r}: choose one of {', '.join(ENGINES)}")
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
                for t in current.query(text):
                    if t not in current:
                        current.add(t)
                        rule_counts[name] += 1
                        rule_of.setdefault(t, name)
        if len(current) == before:
            break
    new = [t for t in current if t not in asserted]
    kept, dropped = split(new)
    inferred = Graph()
    for prefix, ns in graph.namespaces():
        inferred.bind(prefix, ns)
    for t in kept:
        inferred.add(t)
    rule_of = {t: r for t, r in rule_of.items() if t in inferred}
    return ReasonResult(inferred, engine, dict(dropped), time.perf_counter() - t0, rounds, dict(rule_counts), rule_of)


def explain(asserted: Graph, inferred: Graph, s, p, o, rule_of: dict | None = None):  # type: ignore[no-untyped-def]
    """Why ``(s, p, o)`` holds: see :func:`kzjp_kg.reason.why.explain`."""
    from kzjp_kg.reason.why import explain as _explain

    return _explain(asserted, inferred, s, p, o, rule_of=rule_of)


__all__ = ["DEFAULT_ENGINE", "ENGINES", "ReasonResult", "closure", "explain", "rules"]
