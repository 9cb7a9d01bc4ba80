"""What the schema compiles to: a plan per property and per class, and the schema index the rules read.

Why plans: most data triples (labels, texts, dates) have nothing to do with the schema; a triple is looked at only if
its property (or, for ``rdf:type``, its class) has a plan, and then only the rules whose plan field is set run
(:attr:`PropertyPlan.rules`, filled by :func:`finish`). Each field is named after what it holds and documented with
the rules that read it; the fields are filled by the ``compile`` step of the rule's module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from typing import Any

from .registry import CLASS_RULES, PROPERTY_RULES
from .vocab import FIRST, NIL, REST, Triple

#: (restriction, cardinality 0 or 1, onClass or None for an unqualified / owl:Thing-qualified restriction)
MaxCard = tuple[str, int, str | None]


@dataclass(slots=True)
class PropertyPlan:
    """Per-property plan; field order is the order the rules run in."""

    supers: list[str] = field(default_factory=list)  # prp-spo1 (prp-eqp1/2): strict super-properties
    domains: list[str] = field(default_factory=list)  # prp-dom
    ranges: list[str] = field(default_factory=list)  # prp-rng
    inverses: list[str] = field(default_factory=list)  # prp-inv1/2
    symmetric: bool = False  # prp-symp, eq-sym (owl:sameAs)
    transitive: bool = False  # prp-trp, eq-trans (owl:sameAs)
    functional: bool = False  # prp-fp
    inverse_functional: bool = False  # prp-ifp
    chains: list[tuple[str, list[str], int]] = field(default_factory=list)  # prp-spo2: (super, links, position)
    svf: list[tuple[str, str]] = field(default_factory=list)  # cls-svf1/2: (restriction, filler)
    avf: list[tuple[str, str]] = field(default_factory=list)  # cls-avf: (restriction, filler)
    hv: dict[str, list[str]] = field(default_factory=dict)  # cls-hv2: value -> restrictions
    maxc: list[MaxCard] = field(default_factory=list)  # cls-maxc2, cls-maxqc3/4
    rules: tuple[Callable[..., Any], ...] = ()  # the rules to run, set by finish()


@dataclass(slots=True)
class ClassPlan:
    """Per-class plan (for ``x rdf:type C`` triples); field order is the order the rules run in."""

    supers: list[str] = field(default_factory=list)  # cax-sco (cax-eqc1/2, cls-int2, cls-uni): strict superclasses
    intersections: list[tuple[str, list[str]]] = field(default_factory=list)  # cls-int1: (class, components)
    svf: list[tuple[str, str]] = field(default_factory=list)  # cls-svf1 with C as filler: (restriction, property)
    avf: list[tuple[str, str]] = field(default_factory=list)  # cls-avf with C the restriction: (property, filler)
    hv: list[tuple[str, str]] = field(default_factory=list)  # cls-hv1 with C the restriction: (property, value)
    maxc: list[tuple[str, int, str | None]] = field(default_factory=list)  # cls-maxc*, cls-maxqc*: C the restriction
    maxqc_onclass: list[tuple[str, str]] = field(default_factory=list)  # cls-maxqc3, C the onClass: (restr., prop.)
    rules: tuple[Callable[..., Any], ...] = ()


@dataclass(slots=True)
class Compiled:
    """Everything the compile steps produce from the closed schema; the engine keeps the latest one."""

    schema: SchemaIndex
    props: dict[str, PropertyPlan] = field(default_factory=dict)
    classes: dict[str, ClassPlan] = field(default_factory=dict)
    join: set[str] = field(default_factory=set)  # properties needing subject->objects / object->subjects indexes
    keys: list[tuple[str, list[str]]] = field(default_factory=list)  # prp-key: (class, key properties)
    irreflexive: set[str] = field(default_factory=set)  # prp-irp
    asymmetric: set[str] = field(default_factory=set)  # prp-asyp
    disjoint: dict[str, list[str]] = field(default_factory=dict)  # cax-dw
    complement: dict[str, list[str]] = field(default_factory=dict)  # cls-com
    pdisjoint: dict[str, list[str]] = field(default_factory=dict)  # prp-pdw

    def prop(self, p: str) -> PropertyPlan:
        """The plan of property ``p``, created empty on first use."""
        plan = self.props.get(p)
        if plan is None:
            plan = self.props[p] = PropertyPlan()
        return plan

    def cls(self, c: str) -> ClassPlan:
        """The plan of class ``c``, created empty on first use."""
        plan = self.classes.get(c)
        if plan is None:
            plan = self.classes[c] = ClassPlan()
        return plan


def finish(plans: dict[str, Any], plan_type: type, registry: dict[str, Any]) -> dict[str, Any]:
    """Keep the plans with something to do and give each the tuple of its rules, in field order."""
    names = [f.name for f in fields(plan_type) if f.name != "rules"]
    out = {}
    for key, plan in plans.items():
        rules = tuple(registry[n].fn for n in names if getattr(plan, n))
        if rules:
            plan.rules = rules
            out[key] = plan
    return out


def finish_properties(plans: dict[str, PropertyPlan]) -> dict[str, PropertyPlan]:
    return finish(plans, PropertyPlan, PROPERTY_RULES)


def finish_classes(plans: dict[str, ClassPlan]) -> dict[str, ClassPlan]:
    return finish(plans, ClassPlan, CLASS_RULES)


class SchemaIndex:
    """The schema triples by subject and by predicate (they are few: the closure and compilation scan them)."""

    __slots__ = ("by_p", "by_s")

    def __init__(self, triples: Iterable[Triple] = ()) -> None:
        self.by_s: dict[str, list[Triple]] = {}
        self.by_p: dict[str, list[Triple]] = {}
        for t in triples:
            self.add(t)

    def add(self, t: Triple) -> None:
        self.by_s.setdefault(t[0], []).append(t)
        self.by_p.setdefault(t[1], []).append(t)

    def objects(self, s: str, p: str) -> list[str]:
        return [o for (_, pp, o) in self.by_s.get(s, ()) if pp == p]

    def pairs(self, p: str) -> list[Triple]:
        return self.by_p.get(p, [])

    def multimap(self, p: str) -> dict[str, list[str]]:
        """subject -> objects of the ``p`` triples."""
        m: dict[str, list[str]] = {}
        for s, _, o in self.by_p.get(p, ()):
            m.setdefault(s, []).append(o)
        return m

    def rdf_list(self, head: str) -> list[str]:
        """The members of the rdf:List at ``head``; empty unless it is complete (ends in rdf:nil), because a list
        read while its triples are still arriving would give a shorter chain or intersection, and wrong conclusions."""
        out: list[str] = []
        seen = set()
        while head != NIL:
            if head in seen:
                return []
            seen.add(head)
            firsts, rests = self.objects(head, FIRST), self.objects(head, REST)
            if not firsts or not rests:
                return []
            out.append(firsts[0])
            head = rests[0]
        return out
