"""Table 7 of the OWL 2 RL rules, the semantics of class axioms (cax-*).

cax-sco is the one instance rule; the closed schema turns the others' premises into subclass triples first
(equivalent classes: scm-eqc1; intersections and unions: scm-int, scm-uni), so cax-sco also realises cax-eqc1/2,
cls-int2 and cls-uni. Disjointness (cax-dw, with cls-com, and cax-adc) is checked after the closure.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .plans import ClassPlan, Compiled
from .registry import rule
from .vocab import ALLDISJC, COMPL, DISJ, MEMBERS, SCO, TYPE

if TYPE_CHECKING:
    from .engine import RLEngine


def compile_schema(c: Compiled) -> None:
    """Each class's strict superclasses (the schema is closed, so these are all of them); the disjointness maps."""
    for cls, ds in c.schema.multimap(SCO).items():
        c.cls(cls).supers.extend(d for d in ds if d != cls)
    c.disjoint, c.complement = c.schema.multimap(DISJ), c.schema.multimap(COMPL)


@rule("cax-sco", "cax-eqc1", "cax-eqc2", "cls-int2", "cls-uni", kind="class", field="supers")
def cax_sco(e: RLEngine, plan: ClassPlan, s: str, c: str) -> None:
    add, known = e._add, e.triples
    for d in plan.supers:
        t = (s, TYPE, d)
        if t not in known:
            add(t)


@rule("cax-dw", "cls-com", kind="check")
def cax_dw(e: RLEngine) -> list[str]:
    """An individual in two disjoint classes, or in a class and its complement."""
    disjoint: dict[str, set[str]] = {}
    for m in (e._compiled.disjoint, e._compiled.complement):
        for c1, c2s in m.items():
            for c2 in c2s:
                disjoint.setdefault(c1, set()).add(c2)
                disjoint.setdefault(c2, set()).add(c1)
    errs: list[str] = []
    if not disjoint:
        return errs
    for x, ts in e._types.items():
        for c in ts:
            clash = disjoint.get(c)
            if clash and not clash.isdisjoint(ts):
                errs.append(f"cax-dw/cls-com: {x} is in {c} and {sorted(clash & ts)[0]}")
    return errs


@rule("cax-adc", kind="check")
def cax_adc(e: RLEngine) -> list[str]:
    idx = e._compiled.schema
    all_disjoint = [idx.rdf_list(lst) for s, _, lst in idx.pairs(MEMBERS) if ALLDISJC in e._types.get(s, ())]
    errs: list[str] = []
    if not all_disjoint:
        return errs
    for x, ts in e._types.items():
        for classes in all_disjoint:
            inside = [c for c in classes if c in ts]
            if len(inside) > 1:
                errs.append(f"cax-adc: {x} is in {inside[0]} and {inside[1]}")
    return errs
