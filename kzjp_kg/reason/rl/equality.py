"""Table 4 of the OWL 2 RL rules, the semantics of equality (eq-*).

owl:sameAs is compiled as a symmetric and transitive property (so eq-sym and eq-trans are prp-symp and prp-trp in
:mod:`.properties`); replacement (eq-rep-s/p/o) is applied to each triple as it arrives once sameAs is in use, and
to the triples already there when a term becomes equal to another (between worklist rounds). eq-ref is left out:
see :mod:`.coverage`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .plans import Compiled
from .registry import rule
from .vocab import ALLDIFF, DIFFERENT, DMEMBERS, MEMBERS, SAME, TYPE

if TYPE_CHECKING:
    from .engine import RLEngine


def compile_schema(c: Compiled) -> None:
    """sameAs is symmetric and transitive; sameAs and differentFrom are joined on (eq-trans, eq-diff1)."""
    plan = c.prop(SAME)
    plan.symmetric = plan.transitive = True
    c.join.update((SAME, DIFFERENT))


@rule("eq-rep-s", "eq-rep-p", "eq-rep-o", kind="triple")
def eq_rep(e: RLEngine, s: str, p: str, o: str) -> None:
    """Replacement for a triple arriving after the sameAs of its terms (``e._same`` is not empty)."""
    if p == SAME and s != o:
        e._same_dirty.add(s)
        e._same_dirty.add(o)
    same = e._same
    if same:
        add, known = e._add, e.triples
        for s2 in same.get(s, ()):
            if s2 != s:
                t = (s2, p, o)
                if t not in known:
                    add(t)
        for p2 in same.get(p, ()):
            if p2 != p:
                t = (s, p2, o)
                if t not in known:
                    add(t)
        for o2 in same.get(o, ()):
            if o2 != o:
                t = (s, p, o2)
                if t not in known:
                    add(t)


@rule("eq-rep-s", "eq-rep-p", "eq-rep-o", kind="fixpoint")
def eq_rep_existing(e: RLEngine) -> bool:
    """Replacement for the triples that were already there when their terms became equal to others.

    Why between rounds: it scans every triple, so it runs once per batch of new sameAs, not per sameAs."""
    dirty, e._same_dirty = e._same_dirty, set()
    same = e._spo[SAME]
    literal_types = [(x, TYPE, c) for x in dirty if x[0] == '"' for c in e._types.get(x, ())]
    n = len(e.triples)
    for s, p, o in list(e.triples) + literal_types:
        if s in dirty or p in dirty or o in dirty:
            for s2 in same.get(s, ()):
                e._add((s2, p, o))
            for p2 in same.get(p, ()):
                e._add((s, p2, o))
            for o2 in same.get(o, ()):
                e._add((s, p, o2))
    return len(e.triples) > n


@rule("eq-diff1", kind="check")
def eq_diff1(e: RLEngine) -> list[str]:
    same = e._spo[SAME]
    return [f"eq-diff1: {x} is the same as and different from {y}" for x, ys in e._spo[DIFFERENT].items()
            for y in ys if x == y or y in same.get(x, ())]


@rule("eq-diff2", "eq-diff3", kind="check")
def eq_diff2_3(e: RLEngine) -> list[str]:
    """Members of an owl:AllDifferent (owl:members: eq-diff2, owl:distinctMembers: eq-diff3) that are the same."""
    idx, same = e._compiled.schema, e._spo[SAME]
    errs: list[str] = []
    for s, _, lst in list(idx.pairs(MEMBERS)) + list(idx.pairs(DMEMBERS)):
        if ALLDIFF in e._types.get(s, ()):
            ms = idx.rdf_list(lst)
            for i, a in enumerate(ms):
                for b in ms[i + 1:]:
                    if a == b or b in same.get(a, ()):
                        errs.append(f"eq-diff2/3: {a} and {b} are declared different but are the same")
    return errs
