"""Table 5 of the OWL 2 RL rules, the semantics of axioms about properties (prp-*).

Each instance rule reads one field of the triple's :class:`~.plans.PropertyPlan` (filled by :func:`compile_schema`)
and joins only with the indexes the engine keeps for properties that need them (``compiled.join``), so a triple
costs a few dictionary look-ups. ``p`` in a rule is the triple's property, the one the plan belongs to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .plans import Compiled, PropertyPlan
from .registry import rule
from .vocab import (
    ALLDISJP,
    ASSPROP,
    ASYM,
    CHAIN,
    DOMAIN,
    FUNC,
    HASKEY,
    IFP,
    INV,
    IRR,
    MEMBERS,
    PDISJ,
    RANGE,
    SAME,
    SPO,
    SRCIND,
    SYMM,
    TGTIND,
    TGTVAL,
    TRANS,
    TYPE,
)

if TYPE_CHECKING:
    from .engine import RLEngine


def compile_schema(c: Compiled, types: dict[str, set[str]]) -> None:
    """Fill the property plans (super-properties, domains, ranges, inverses, characteristics, chains) and say which
    properties need join indexes (the characteristics, disjoint properties, chain links, keys)."""
    idx = c.schema
    for p, qs in idx.multimap(SPO).items():
        c.prop(p).supers.extend(q for q in qs if q != p)
    for p, cs in idx.multimap(DOMAIN).items():
        c.prop(p).domains.extend(cs)
    for p, cs in idx.multimap(RANGE).items():
        c.prop(p).ranges.extend(cs)
    for p, _, q in idx.pairs(INV):
        c.prop(p).inverses.append(q)
        c.prop(q).inverses.append(p)
    chars: dict[str, set[str]] = {}
    for s, _, k in idx.pairs(TYPE):
        chars.setdefault(k, set()).add(s)
    for p in chars.get(SYMM, ()):
        c.prop(p).symmetric = True
    for p in chars.get(TRANS, ()):
        c.prop(p).transitive = True
    for p in chars.get(FUNC, ()):
        c.prop(p).functional = True
    for p in chars.get(IFP, ()):
        c.prop(p).inverse_functional = True
    c.irreflexive, c.asymmetric = chars.get(IRR, set()), chars.get(ASYM, set())
    c.join.update(chars.get(TRANS, ()), chars.get(FUNC, ()), chars.get(IFP, ()), c.irreflexive, c.asymmetric)
    c.join.update(p for t in idx.pairs(PDISJ) for p in (t[0], t[2]))
    for s, _, lst in idx.pairs(MEMBERS):
        if ALLDISJP in types.get(s, ()):
            c.join.update(idx.rdf_list(lst))
    for q, _, lst in idx.pairs(CHAIN):
        links = idx.rdf_list(lst)
        if links:
            for i, p in enumerate(links):
                c.prop(p).chains.append((q, links, i))
            c.join.update(links)
    for cls, _, lst in idx.pairs(HASKEY):
        props = idx.rdf_list(lst)
        if props:
            c.keys.append((cls, props))
            c.join.update(props)
    c.pdisjoint = idx.multimap(PDISJ)


# --- instance rules, in the order they run -------------------------------------------------------------------


@rule("prp-spo1", "prp-eqp1", "prp-eqp2", kind="property", field="supers")
def prp_spo1(e: RLEngine, plan: PropertyPlan, s: str, p: str, o: str) -> None:
    """Also prp-eqp1/2: equivalent properties are sub-properties of each other once the schema is closed."""
    add, known = e._add, e.triples
    for q in plan.supers:
        t = (s, q, o)
        if t not in known:
            add(t)


@rule("prp-dom", kind="property", field="domains")
def prp_dom(e: RLEngine, plan: PropertyPlan, s: str, p: str, o: str) -> None:
    add, known = e._add, e.triples
    for c in plan.domains:
        t = (s, TYPE, c)
        if t not in known:
            add(t)


@rule("prp-rng", kind="property", field="ranges")
def prp_rng(e: RLEngine, plan: PropertyPlan, s: str, p: str, o: str) -> None:
    add, known = e._add, e.triples
    for c in plan.ranges:
        t = (o, TYPE, c)
        if t not in known:
            add(t)


@rule("prp-inv1", "prp-inv2", kind="property", field="inverses")
def prp_inv(e: RLEngine, plan: PropertyPlan, s: str, p: str, o: str) -> None:
    """Both directions: compilation lists each property of an owl:inverseOf pair as the other's inverse."""
    add, known = e._add, e.triples
    for q in plan.inverses:
        t = (o, q, s)
        if t not in known:
            add(t)


@rule("prp-symp", "eq-sym", kind="property", field="symmetric")
def prp_symp(e: RLEngine, plan: PropertyPlan, s: str, p: str, o: str) -> None:
    """Also eq-sym: owl:sameAs is compiled as a symmetric property."""
    if s != o:
        t = (o, p, s)
        if t not in e.triples:
            e._add(t)


@rule("prp-trp", "eq-trans", kind="property", field="transitive")
def prp_trp(e: RLEngine, plan: PropertyPlan, s: str, p: str, o: str) -> None:
    """Also eq-trans (owl:sameAs is compiled as transitive), without the reflexive ``x sameAs x`` (see eq-ref)."""
    add, known = e._add, e.triples
    for x in tuple(e._ops[p].get(s, ())):
        if not (p == SAME and x == o):
            t = (x, p, o)
            if t not in known:
                add(t)
    for z in tuple(e._spo[p].get(o, ())):
        if not (p == SAME and z == s):
            t = (s, p, z)
            if t not in known:
                add(t)


@rule("prp-fp", kind="property", field="functional")
def prp_fp(e: RLEngine, plan: PropertyPlan, s: str, p: str, o: str) -> None:
    add, known = e._add, e.triples
    for y2 in tuple(e._spo[p].get(s, ())):
        if y2 != o:
            t = (o, SAME, y2)
            if t not in known:
                add(t)


@rule("prp-ifp", kind="property", field="inverse_functional")
def prp_ifp(e: RLEngine, plan: PropertyPlan, s: str, p: str, o: str) -> None:
    add, known = e._add, e.triples
    for x2 in tuple(e._ops[p].get(o, ())):
        if x2 != s:
            t = (s, SAME, x2)
            if t not in known:
                add(t)


@rule("prp-spo2", kind="property", field="chains")
def prp_spo2(e: RLEngine, plan: PropertyPlan, s: str, p: str, o: str) -> None:
    """Property chains, whichever link arrives last: walk the chain left and right of this link's position."""
    add, known, ops, spo = e._add, e.triples, e._ops, e._spo
    for q, links, i in plan.chains:
        left = {s}
        for pl in reversed(links[:i]):
            left = {x for y in left for x in ops[pl].get(y, ())}
            if not left:
                break
        if not left:
            continue
        right = {o}
        for pr in links[i + 1:]:
            right = {z for y in right for z in spo[pr].get(y, ())}
            if not right:
                break
        for x in left:
            for z in right:
                t = (x, q, z)
                if t not in known:
                    add(t)


# --- between rounds ------------------------------------------------------------------------------------------


@rule("prp-key", kind="fixpoint")
def prp_key(e: RLEngine) -> bool:
    """Instances of a class with a key that agree on every key property are the same; whether anything was added.

    Why between rounds: the join is over every instance of the class, so it runs when the worklist is empty."""
    n = len(e.triples)
    for c, props in e._compiled.keys:
        groups: dict[tuple[str, ...], list[str]] = {}
        for x, ts in e._types.items():
            if c not in ts:
                continue
            combos: list[tuple[str, ...]] = [()]
            for kp in props:
                vals = e._spo[kp].get(x, ())
                combos = [(*cmb, v) for cmb in combos for v in vals]
                if not combos:
                    break
            for cmb in combos:
                groups.setdefault(cmb, []).append(x)
        for members in groups.values():
            for x in members:
                for y in members:
                    if x != y:
                        e._add((x, SAME, y))
    return len(e.triples) > n


# --- inconsistencies -----------------------------------------------------------------------------------------


@rule("prp-irp", kind="check")
def prp_irp(e: RLEngine) -> list[str]:
    return [f"prp-irp: {x} {p} {x}" for p in e._compiled.irreflexive for x, os_ in e._spo[p].items() if x in os_]


@rule("prp-asyp", kind="check")
def prp_asyp(e: RLEngine) -> list[str]:
    return [f"prp-asyp: {x} {p} {y} both ways" for p in e._compiled.asymmetric for x, os_ in e._spo[p].items()
            for y in os_ if x in e._spo[p].get(y, ())]


@rule("prp-pdw", "prp-adp", kind="check")
def prp_pdw_adp(e: RLEngine) -> list[str]:
    """Pairs of disjoint properties, from owl:propertyDisjointWith and owl:AllDisjointProperties, sharing a pair."""
    c = e._compiled
    pdis = [(p1, p2) for p1, p2s in c.pdisjoint.items() for p2 in p2s]
    for s, _, lst in c.schema.pairs(MEMBERS):
        if ALLDISJP in e._types.get(s, ()):
            ps = c.schema.rdf_list(lst)
            pdis.extend((a, b) for i, a in enumerate(ps) for b in ps[i + 1:])
    errs: list[str] = []
    for p1, p2 in pdis:
        other = e._spo[p2]
        for x, ys in e._spo[p1].items():
            for y in ys & other.get(x, set()):
                errs.append(f"prp-pdw/adp: {x} {p1} and {p2} {y}")
    return errs


@rule("prp-npa1", "prp-npa2", kind="check")
def prp_npa(e: RLEngine) -> list[str]:
    """Negative property assertions (to an individual: npa1, to a literal: npa2) that hold."""
    idx = e._compiled.schema
    errs: list[str] = []
    for x, _, i1 in idx.pairs(SRCIND):
        for p1 in idx.objects(x, ASSPROP):
            for i2 in idx.objects(x, TGTIND) + idx.objects(x, TGTVAL):
                if (i1, p1, i2) in e.triples:
                    errs.append(f"prp-npa: {i1} {p1} {i2} is asserted negatively")
    return errs
