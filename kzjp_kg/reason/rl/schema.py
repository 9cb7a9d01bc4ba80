"""Table 9 of the OWL 2 RL rules, the semantics of schema vocabulary (scm-*), and the schema closure.

Why naive evaluation: the schema is a few hundred triples, so each round simply runs every scm-* rule over all of
it until a round adds nothing; the closed schema is then compiled into plans (see :mod:`.plans`). The rules are
stated as owlrl states them (e.g. scm-cls also gives ``C rdfs:subClassOf owl:Thing``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .plans import SchemaIndex
from .registry import BY_KIND, rule
from .vocab import (
    AVF,
    CLASS,
    DOMAIN,
    DTPROP,
    EQC,
    EQP,
    HV,
    INTER,
    NOTHING,
    OBJPROP,
    ONPROP,
    PROPERTY,
    RANGE,
    SCHEMA_CLASSES,
    SCHEMA_PREDICATES,
    SCO,
    SPO,
    SVF,
    THING,
    TYPE,
    UNION,
    Triple,
)

if TYPE_CHECKING:
    from .engine import RLEngine

Emit = Callable[[Triple], None]
#: the profile's rule tables in the specification's order (tables 4 to 9), by rule id prefix
TABLES = ("eq", "prp", "cls", "cax", "dt", "scm")


class Round:
    """One round of the closure: the schema index and the subclass / subproperty maps the rules join on."""

    __slots__ = ("idx", "onp", "sco", "spo", "subp_of")

    def __init__(self, idx: SchemaIndex) -> None:
        self.idx = idx
        self.sco: dict[str, set[str]] = {}
        for s, _, o in idx.pairs(SCO):
            self.sco.setdefault(s, set()).add(o)
        self.spo: dict[str, set[str]] = {}
        self.subp_of: dict[str, set[str]] = {}
        for s, _, o in idx.pairs(SPO):
            self.spo.setdefault(s, set()).add(o)
            self.subp_of.setdefault(o, set()).add(s)
        self.onp = idx.multimap(ONPROP)

    def restrictions(self, filler_rel: str) -> list[tuple[str, str, str]]:
        """(restriction, filler, property) for every restriction with a ``filler_rel`` filler."""
        return [(r, y, p) for r, _, y in self.idx.pairs(filler_rel) for p in self.onp.get(r, ())]


@rule("scm-cls", kind="schema")
def scm_cls(r: Round, emit: Emit) -> None:
    for c, _, k in r.idx.pairs(TYPE):
        if k == CLASS:
            emit((c, SCO, c))
            emit((c, EQC, c))
            emit((c, SCO, THING))
            emit((NOTHING, SCO, c))


@rule("scm-op", "scm-dp", kind="schema")
def scm_op_dp(r: Round, emit: Emit) -> None:
    """Also for rdf:Property, as owlrl does."""
    for p, _, k in r.idx.pairs(TYPE):
        if k in (OBJPROP, DTPROP, PROPERTY):
            emit((p, SPO, p))
            emit((p, EQP, p))


@rule("scm-sco", kind="schema")
def scm_sco(r: Round, emit: Emit) -> None:
    for c1, sups in r.sco.items():
        for c2 in sups:
            if c1 != c2:
                for c3 in r.sco.get(c2, ()):
                    if c1 != c3:
                        emit((c1, SCO, c3))


@rule("scm-eqc1", kind="schema")
def scm_eqc1(r: Round, emit: Emit) -> None:
    for c1, _, c2 in r.idx.pairs(EQC):
        if c1 != c2:
            emit((c1, SCO, c2))
            emit((c2, SCO, c1))


@rule("scm-eqc2", kind="schema")
def scm_eqc2(r: Round, emit: Emit) -> None:
    for c1, sups in r.sco.items():
        for c2 in sups:
            if c1 in r.sco.get(c2, ()):
                emit((c1, EQC, c2))


@rule("scm-spo", kind="schema")
def scm_spo(r: Round, emit: Emit) -> None:
    for p1, sups in r.spo.items():
        for p2 in sups:
            if p1 != p2:
                for p3 in r.spo.get(p2, ()):
                    if p1 != p3:
                        emit((p1, SPO, p3))


@rule("scm-eqp1", kind="schema")
def scm_eqp1(r: Round, emit: Emit) -> None:
    for p1, _, p2 in r.idx.pairs(EQP):
        if p1 != p2:
            emit((p1, SPO, p2))
            emit((p2, SPO, p1))


@rule("scm-eqp2", kind="schema")
def scm_eqp2(r: Round, emit: Emit) -> None:
    for p1, sups in r.spo.items():
        for p2 in sups:
            if p1 in r.spo.get(p2, ()):
                emit((p1, EQP, p2))


@rule("scm-dom1", "scm-rng1", kind="schema")
def scm_dom1_rng1(r: Round, emit: Emit) -> None:
    """A domain (range) extends to the superclasses of the class."""
    for rel in (DOMAIN, RANGE):
        for p, _, c in r.idx.pairs(rel):
            for c2 in r.sco.get(c, ()):
                if c != c2:
                    emit((p, rel, c2))


@rule("scm-dom2", "scm-rng2", kind="schema")
def scm_dom2_rng2(r: Round, emit: Emit) -> None:
    """A domain (range) is inherited by the subproperties."""
    for rel in (DOMAIN, RANGE):
        for p, _, c in r.idx.pairs(rel):
            for p1 in r.subp_of.get(p, ()):
                if p1 != p:
                    emit((p1, rel, c))


@rule("scm-hv", kind="schema")
def scm_hv(r: Round, emit: Emit) -> None:
    restr = r.restrictions(HV)
    for c1, y1, p1 in restr:
        for c2, y2, p2 in restr:
            if y1 == y2 and p2 in r.spo.get(p1, ()):
                emit((c1, SCO, c2))


@rule("scm-svf1", "scm-svf2", kind="schema")
def scm_svf(r: Round, emit: Emit) -> None:
    """svf1: a narrower filler on the same property; svf2: the same filler on a subproperty."""
    restr = r.restrictions(SVF)
    for c1, y1, p1 in restr:
        for c2, y2, p2 in restr:
            if p1 == p2 and y2 in r.sco.get(y1, ()):
                emit((c1, SCO, c2))
            if y1 == y2 and p2 in r.spo.get(p1, ()):
                emit((c1, SCO, c2))


@rule("scm-avf1", "scm-avf2", kind="schema")
def scm_avf(r: Round, emit: Emit) -> None:
    """avf1: a narrower filler on the same property; avf2: the same filler on a subproperty (the other way)."""
    restr = r.restrictions(AVF)
    for c1, y1, p1 in restr:
        for c2, y2, p2 in restr:
            if p1 == p2 and y2 in r.sco.get(y1, ()):
                emit((c1, SCO, c2))
            if y1 == y2 and p2 in r.spo.get(p1, ()):
                emit((c2, SCO, c1))


@rule("scm-int", kind="schema")
def scm_int(r: Round, emit: Emit) -> None:
    for c, _, lst in r.idx.pairs(INTER):
        for ci in r.idx.rdf_list(lst):
            emit((c, SCO, ci))


@rule("scm-uni", kind="schema")
def scm_uni(r: Round, emit: Emit) -> None:
    for c, _, lst in r.idx.pairs(UNION):
        for ci in r.idx.rdf_list(lst):
            emit((ci, SCO, c))


def close_schema(e: RLEngine) -> SchemaIndex:
    """Add the axiomatic triples, then run the scm-* rules over the schema triples to a fixpoint."""
    preds, classes = SCHEMA_PREDICATES, SCHEMA_CLASSES  # is_schema() inlined: this scans every triple
    idx = SchemaIndex(t for t in e.triples if t[1] in preds or (t[1] == TYPE and t[2] in classes))
    for ax in sorted(BY_KIND["axiom"], key=lambda r: TABLES.index(r.ids[0].split("-")[0])):
        for t in ax.fn():
            if t not in e.triples:
                e._add(t)
                idx.add(t)
    while True:
        new: set[Triple] = set()
        known = e.triples

        def emit(t: Triple, new: set[Triple] = new, known: set[Triple] = known) -> None:
            if t not in known:
                new.add(t)

        rnd = Round(idx)
        for r in BY_KIND["schema"]:
            r.fn(rnd, emit)
        if not new:
            return idx
        for t in new:
            e._add(t)
            idx.add(t)
