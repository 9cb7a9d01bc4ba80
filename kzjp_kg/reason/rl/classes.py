"""Table 6 of the OWL 2 RL rules, the semantics of classes (cls-*).

Most rules here join a property triple with a type triple (``u p v`` and ``v rdf:type C``); the engine processes
each triple once, so every such rule has two halves: a *property* rule for when the property triple arrives last
(reading the :class:`~.plans.PropertyPlan`) and a *class* rule for when the type triple does (reading the
:class:`~.plans.ClassPlan`). Both halves are registered under the same rule ids, side by side.
cls-int2 and cls-uni need no code of their own: scm-int / scm-uni make the class a subclass (superclass) of its
operands, and cax-sco does the rest.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from .datatypes import literal_lexical
from .plans import ClassPlan, Compiled, PropertyPlan
from .registry import rule
from .vocab import AVF, CLASS, HV, INTER, MAXC, MAXQC, NOTHING, ONCLASS, ONEOF, ONPROP, SAME, SVF, THING, TYPE, Triple

if TYPE_CHECKING:
    from .engine import RLEngine


@rule("cls-thing", "cls-nothing1", kind="axiom")
def cls_thing_nothing1() -> list[Triple]:
    return [(THING, TYPE, CLASS), (NOTHING, TYPE, CLASS)]


def compile_schema(c: Compiled, e: RLEngine) -> None:
    """Restrictions (someValuesFrom, allValuesFrom, hasValue, max (qualified) cardinality 0 or 1) into both the
    property's and the class's plan; intersections into each operand's plan; enumerations (cls-oo) applied here."""
    idx = c.schema
    for r, ps in idx.multimap(ONPROP).items():
        for p in ps:
            for y in idx.objects(r, SVF):
                c.prop(p).svf.append((r, y))
                c.cls(y).svf.append((r, p))
                c.join.add(p)
            for y in idx.objects(r, AVF):
                c.prop(p).avf.append((r, y))
                c.cls(r).avf.append((p, y))
                c.join.add(p)
            for v in idx.objects(r, HV):
                c.prop(p).hv.setdefault(v, []).append(r)
                c.cls(r).hv.append((p, v))
            for rel in (MAXC, MAXQC):
                for n in idx.objects(r, rel):
                    try:
                        card = int(literal_lexical(n))
                    except ValueError:
                        continue
                    if card > 1:  # beyond OWL 2 RL
                        continue
                    oc = None
                    if rel == MAXQC:
                        ocs = idx.objects(r, ONCLASS)
                        oc = ocs[0] if ocs else THING
                        if oc == THING:  # cls-maxqc2 / cls-maxqc4: as unqualified
                            oc = None
                    c.cls(r).maxc.append((p, card, oc))
                    c.prop(p).maxc.append((r, card, oc))
                    if oc is not None and card == 1:
                        c.cls(oc).maxqc_onclass.append((r, p))
                    c.join.add(p)
    for cls, _, lst in idx.pairs(INTER):
        comps = idx.rdf_list(lst)
        for ci in comps:
            c.cls(ci).intersections.append((cls, comps))
    cls_oo(c, e)


@rule("cls-oo", kind="compile")
def cls_oo(c: Compiled, e: RLEngine) -> None:
    """The members of an enumeration are its instances (applied once per compilation: the schema says it all)."""
    for cls, _, lst in c.schema.pairs(ONEOF):
        for y in c.schema.rdf_list(lst):
            e._add((y, TYPE, cls))


def same_values(e: RLEngine, s: str, p: str, onclass: str | None) -> None:
    """``s`` may have at most one ``p`` value (of class ``onclass``): make all such values the same."""
    vals: Collection[str] = e._spo[p].get(s, ())
    if onclass is not None:
        vals = [v for v in vals if onclass in e.types_of(v)]
    if len(vals) > 1:
        for y1 in vals:
            for y2 in vals:
                if y1 != y2:
                    e._add((y1, SAME, y2))


# --- the type triple arriving last (ClassPlan fields, in the order they run; cax-sco is in class_axioms) -----


@rule("cls-int1", kind="class", field="intersections")
def cls_int1(e: RLEngine, plan: ClassPlan, s: str, c: str) -> None:
    ts = e.types_of(s)
    for cls, comps in plan.intersections:
        if all(ci in ts for ci in comps):
            t = (s, TYPE, cls)
            if t not in e.triples:
                e._add(t)


@rule("cls-svf1", kind="class", field="svf")
def cls_svf1_by_type(e: RLEngine, plan: ClassPlan, s: str, c: str) -> None:
    for r, pr in plan.svf:
        for u in e._ops[pr].get(s, ()):
            t = (u, TYPE, r)
            if t not in e.triples:
                e._add(t)


@rule("cls-avf", kind="class", field="avf")
def cls_avf_by_type(e: RLEngine, plan: ClassPlan, s: str, c: str) -> None:
    for pr, y in plan.avf:
        for v in e._spo[pr].get(s, ()):
            t = (v, TYPE, y)
            if t not in e.triples:
                e._add(t)


@rule("cls-hv1", kind="class", field="hv")
def cls_hv1(e: RLEngine, plan: ClassPlan, s: str, c: str) -> None:
    for pr, v in plan.hv:
        t = (s, pr, v)
        if t not in e.triples:
            e._add(t)


@rule("cls-maxc2", "cls-maxqc3", "cls-maxqc4", kind="class", field="maxc")
def cls_maxc2_by_type(e: RLEngine, plan: ClassPlan, s: str, c: str) -> None:
    for pr, card, oc in plan.maxc:
        if card == 1:
            same_values(e, s, pr, oc)


@rule("cls-maxqc3", kind="class", field="maxqc_onclass")
def cls_maxqc3_by_value_type(e: RLEngine, plan: ClassPlan, s: str, c: str) -> None:
    """The value's type (the onClass) arriving last."""
    for r, pr in plan.maxqc_onclass:
        for u in tuple(e._ops[pr].get(s, ())):
            if r in e._types.get(u, ()):
                same_values(e, u, pr, c)


# --- the property triple arriving last (PropertyPlan fields) -------------------------------------------------


@rule("cls-svf1", "cls-svf2", kind="property", field="svf")
def cls_svf(e: RLEngine, plan: PropertyPlan, s: str, p: str, o: str) -> None:
    """cls-svf2 is the owl:Thing filler: no type premise."""
    ts = None
    for r, y in plan.svf:
        if y == THING:
            t = (s, TYPE, r)
            if t not in e.triples:
                e._add(t)
        else:
            if ts is None:
                ts = e.types_of(o)
            if y in ts:
                t = (s, TYPE, r)
                if t not in e.triples:
                    e._add(t)


@rule("cls-avf", kind="property", field="avf")
def cls_avf(e: RLEngine, plan: PropertyPlan, s: str, p: str, o: str) -> None:
    ts = e._types.get(s, ())
    for r, y in plan.avf:
        if r in ts:
            t = (o, TYPE, y)
            if t not in e.triples:
                e._add(t)


@rule("cls-hv2", kind="property", field="hv")
def cls_hv2(e: RLEngine, plan: PropertyPlan, s: str, p: str, o: str) -> None:
    for r in plan.hv.get(o, ()):
        t = (s, TYPE, r)
        if t not in e.triples:
            e._add(t)


@rule("cls-maxc2", "cls-maxqc3", "cls-maxqc4", kind="property", field="maxc")
def cls_maxc2(e: RLEngine, plan: PropertyPlan, s: str, p: str, o: str) -> None:
    ts = e._types.get(s, ())
    for r, card, oc in plan.maxc:
        if card == 1 and r in ts:
            same_values(e, s, p, oc)


# --- inconsistencies -----------------------------------------------------------------------------------------


@rule("cls-nothing2", kind="check")
def cls_nothing2(e: RLEngine) -> list[str]:
    return [f"cls-nothing2: {x} is an owl:Nothing" for x, ts in e._types.items() if NOTHING in ts]


@rule("cls-maxc1", "cls-maxqc1", "cls-maxqc2", kind="check")
def cls_maxc1(e: RLEngine) -> list[str]:
    """A value where a max (qualified) cardinality 0 allows none."""
    errs: list[str] = []
    for r, cp in e._cplan.items():
        for pr, card, oc in cp.maxc:
            if card == 0:
                for x, ts in e._types.items():
                    if r in ts and any(oc is None or oc in e.types_of(v) for v in e._spo[pr].get(x, ())):
                        errs.append(f"cls-maxc1/maxqc1-2: {x} has a {pr} value but {r} allows none")
    return errs
