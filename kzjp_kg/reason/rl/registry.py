"""The rule registry: every implementation of an OWL 2 RL rule is registered here under its rule id(s).

Why a registry: the engine used to be organised by execution phase (schema closure, compilation, the per-triple
worklist, the checks), so one rule of the profile was spread over several places and nothing said which rules were
covered. Now each rule is a function in the module of its table (``equality``, ``properties``, ``classes``,
``class_axioms``, ``datatypes``, ``schema``), decorated with :func:`rule`, which records

* its ids (one function may realise several rules, e.g. cax-sco also gives cax-eqc1/2 once the schema is closed),
* its *kind*, i.e. when the engine calls it (see :data:`KINDS`),
* for the per-triple rules, the plan field it reads: the engine calls it only for properties or classes whose plan
  has that field set. Adding an instance rule is: a field in :mod:`.plans`, then, in the module of its table, the
  compile step that fills the field and the decorated function; the engine needs no change.

:mod:`kzjp_kg.reason.rl.coverage` reads :data:`BY_ID` to declare, for every rule of the profile, whether it is
implemented.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

#: When a rule runs. ``axiom``: triples added once before the schema closure; ``schema``: the naive schema closure
#: (called with the schema index, returns conclusions); ``compile``: while the schema is compiled into plans;
#: ``property`` / ``class``: for each triple whose property / rdf:type class has the rule's plan field set;
#: ``triple``: for every triple (while owl:sameAs is in use); ``fixpoint``: between worklist rounds; ``lookup``:
#: when a term's classes are read; ``check``: after the closure, returning inconsistency messages.
KINDS = frozenset({"axiom", "schema", "compile", "property", "class", "triple", "fixpoint", "lookup", "check"})

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True, slots=True)
class Rule:
    """One registered implementation: the rule ids it realises, when it runs, the plan field it reads."""

    ids: tuple[str, ...]
    kind: str
    fn: Callable[..., Any]
    field: str | None = None


#: rule id -> the registered functions realising it (most ids have one)
BY_ID: dict[str, list[Rule]] = {}
#: per-triple rules keyed by the plan field that enables them
PROPERTY_RULES: dict[str, Rule] = {}
CLASS_RULES: dict[str, Rule] = {}
#: the other kinds, in registration order
BY_KIND: dict[str, list[Rule]] = {k: [] for k in KINDS}


def rule(*ids: str, kind: str, field: str | None = None) -> Callable[[F], F]:
    """Register the decorated function as the implementation of the OWL 2 RL rules ``ids``."""
    if kind not in KINDS:
        raise ValueError(f"unknown rule kind {kind!r}")
    if (kind in ("property", "class")) != (field is not None):
        raise ValueError("property and class rules (and only they) name the plan field that enables them")

    def register(fn: F) -> F:
        r = Rule(tuple(ids), kind, fn, field)
        for i in ids:
            BY_ID.setdefault(i, []).append(r)
        if kind == "property":
            assert field is not None
            PROPERTY_RULES[field] = r
        elif kind == "class":
            assert field is not None
            CLASS_RULES[field] = r
        BY_KIND[kind].append(r)
        return fn

    return register
