"""SHACL Core constraint components, one class each, registered by the parameter that triggers them.

Why a registry (as pySHACL keeps one class per component): the components the fast path implements are exactly the
registered ones — :class:`~kzjp_kg.validate.fast.plan.Plan` refuses any other parameter, so a shape the registry
cannot evaluate goes to pySHACL — and adding one is one class here. Every component evaluates *all* focus nodes of a
shape at once: ``fvn`` maps each focus node to its value nodes; results are appended to ``out``. The semantics are
pySHACL 0.40's, component by component (value tests in :mod:`~kzjp_kg.validate.fast.values`, asked of ``ev.tests``:
the kit for the route's terms, rdflib's or pyoxigraph's).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, ClassVar

from rdflib import URIRef
from rdflib.namespace import SH

from kzjp_kg.validate.fast.model import Raw, Shape, ValueNodes

if TYPE_CHECKING:
    from kzjp_kg.validate.fast.evaluator import Evaluator


class Component:
    """One constraint component: :attr:`parameter` on a shape makes :meth:`check` run for it."""

    parameter: ClassVar[URIRef]
    iri: ClassVar[URIRef]

    def applies(self, shape: Shape) -> bool:
        return self.parameter in shape.params

    def check(self, ev: Evaluator, shape: Shape, fvn: ValueNodes, out: list[Raw]) -> None:
        raise NotImplementedError


#: parameter -> component, in evaluation order (the order pySHACL's results come in does not matter to a report)
REGISTRY: dict[URIRef, Component] = {}


def component(cls: type[Component]) -> type[Component]:
    REGISTRY[cls.parameter] = cls()
    return cls


def per_value(shape: Shape, fvn: ValueNodes, out: list[Raw], iri: URIRef, ok: Callable[[object], bool]) -> None:
    """A result for every value node that fails ``ok``, about its focus node."""
    if shape.path is None:  # a node shape: each focus node is its own one value node
        out += [Raw(shape, f, iri, value=f) for f in fvn if not ok(f)]
        return
    for f, vs in fvn.items():
        for v in vs:
            if not ok(v):
                out.append(Raw(shape, f, iri, value=v))


@component
class MinCount(Component):
    parameter, iri = SH.minCount, SH.MinCountConstraintComponent

    def check(self, ev: Evaluator, shape: Shape, fvn: ValueNodes, out: list[Raw]) -> None:
        n = int(shape.params[self.parameter][0])
        if n:
            out += [Raw(shape, f, self.iri) for f, vs in fvn.items() if len(vs) < n]


@component
class MaxCount(Component):
    parameter, iri = SH.maxCount, SH.MaxCountConstraintComponent

    def check(self, ev: Evaluator, shape: Shape, fvn: ValueNodes, out: list[Raw]) -> None:
        n = int(shape.params[self.parameter][0])
        out += [Raw(shape, f, self.iri) for f, vs in fvn.items() if len(vs) > n]


@component
class Class(Component):
    parameter, iri = SH["class"], SH.ClassConstraintComponent

    def check(self, ev: Evaluator, shape: Shape, fvn: ValueNodes, out: list[Raw]) -> None:
        is_literal = ev.tests.is_literal
        for c in shape.params[self.parameter]:
            inst = ev.instances(c)
            per_value(shape, fvn, out, self.iri, lambda v, inst=inst: not is_literal(v) and v in inst)  # type: ignore[misc]


@component
class Datatype(Component):
    parameter, iri = SH.datatype, SH.DatatypeConstraintComponent

    def check(self, ev: Evaluator, shape: Shape, fvn: ValueNodes, out: list[Raw]) -> None:
        per_value(shape, fvn, out, self.iri, ev.tests.datatype(shape.params[self.parameter][0]))


@component
class NodeKind(Component):
    parameter, iri = SH.nodeKind, SH.NodeKindConstraintComponent

    def check(self, ev: Evaluator, shape: Shape, fvn: ValueNodes, out: list[Raw]) -> None:
        per_value(shape, fvn, out, self.iri, ev.tests.nodekind(shape.params[self.parameter][0]))


@component
class Pattern(Component):
    parameter, iri = SH.pattern, SH.PatternConstraintComponent

    def check(self, ev: Evaluator, shape: Shape, fvn: ValueNodes, out: list[Raw]) -> None:
        is_blank, string_of = ev.tests.is_blank, ev.tests.string_of
        for p in shape.params[self.parameter]:
            rx = ev.pattern(shape, p)
            per_value(shape, fvn, out, self.iri, lambda v, rx=rx: not is_blank(v) and  # type: ignore[misc]
                      rx.search(string_of(v)) is not None)


@component
class LanguageIn(Component):
    parameter, iri = SH.languageIn, SH.LanguageInConstraintComponent

    def check(self, ev: Evaluator, shape: Shape, fvn: ValueNodes, out: list[Raw]) -> None:
        per_value(shape, fvn, out, self.iri, ev.tests.language(ev.languages(shape.params[self.parameter][0])))


@component
class In(Component):
    parameter, iri = SH["in"], SH.InConstraintComponent

    def check(self, ev: Evaluator, shape: Shape, fvn: ValueNodes, out: list[Raw]) -> None:
        allowed = ev.listed(shape.params[self.parameter][0])
        per_value(shape, fvn, out, self.iri, lambda v: v in allowed)


class _Comparison(Component):
    """sh:lessThan and sh:lessThanOrEquals: every value against every value of the other path."""

    or_equal: ClassVar[bool]

    def check(self, ev: Evaluator, shape: Shape, fvn: ValueNodes, out: list[Raw]) -> None:
        pair_fails = ev.tests.pair_fails
        for other in set(shape.params[self.parameter]):
            for f, vs in fvn.items():
                compare = ev.path_values(f, other)
                for v in vs:
                    out += [Raw(shape, f, self.iri, value=v) for c in compare if pair_fails(v, c, self.or_equal)]


@component
class LessThan(_Comparison):
    parameter, iri, or_equal = SH.lessThan, SH.LessThanConstraintComponent, False


@component
class LessThanOrEquals(_Comparison):
    parameter, iri, or_equal = SH.lessThanOrEquals, SH.LessThanOrEqualsConstraintComponent, True


class _Logical(Component):
    """sh:or and sh:and: each value against every member shape of each list, combined by :attr:`combine`: by set
    operations over the members' failing values where every member is decided in bulk (:meth:`Evaluator.failing`),
    else value by value."""

    combine: ClassVar[Callable[[Iterable[bool]], bool]]

    @staticmethod
    def failing(ev: Evaluator, members: list, values: list) -> set:
        """The values failing the combination, each member asked only about the values it can still decide."""
        raise NotImplementedError

    def check(self, ev: Evaluator, shape: Shape, fvn: ValueNodes, out: list[Raw]) -> None:
        combine = type(self).combine
        values = ev.distinct(fvn)
        for lst in shape.params[self.parameter]:
            members = ev.members(lst)
            if members and all(ev.attributable(ev.plan.shapes[m]) for m in members):
                bad = self.failing(ev, members, values)
                per_value(shape, fvn, out, self.iri, lambda v, bad=bad: v not in bad)  # type: ignore[misc]
            else:
                per_value(shape, fvn, out, self.iri,
                          lambda v, m=members: combine(ev.conforms(s, v) for s in m))  # type: ignore[misc]


@component
class Or(_Logical):
    parameter, iri, combine = SH["or"], SH.OrConstraintComponent, any

    @staticmethod
    def failing(ev: Evaluator, members: list, values: list) -> set:
        left = values  # failing every member so far: the next member decides only these
        for m in members:
            bad = ev.failing(m, left)
            left = [v for v in left if v in bad]  # type: ignore[operator]
        return set(left)


@component
class And(_Logical):
    parameter, iri, combine = SH["and"], SH.AndConstraintComponent, all

    @staticmethod
    def failing(ev: Evaluator, members: list, values: list) -> set:
        out: set = set()
        left = values  # conforming to every member so far: the next member decides only these
        for m in members:
            bad = ev.failing(m, left)
            out.update(v for v in left if v in bad)  # type: ignore[operator]
            left = [v for v in left if v not in bad]  # type: ignore[operator]
        return out


@component
class Not(Component):
    parameter, iri = SH["not"], SH.NotConstraintComponent

    def check(self, ev: Evaluator, shape: Shape, fvn: ValueNodes, out: list[Raw]) -> None:
        values = ev.distinct(fvn)
        for n in shape.params[self.parameter]:
            bad = ev.failing(n, values)
            if bad is not None:  # a value conforming to the shape fails sh:not
                per_value(shape, fvn, out, self.iri, lambda v, bad=bad: v in bad)  # type: ignore[misc]
            else:
                per_value(shape, fvn, out, self.iri, lambda v, n=n: not ev.conforms(n, v))  # type: ignore[misc]


@component
class QualifiedValueShape(Component):
    """sh:qualifiedValueShape with sh:qualifiedMinCount / sh:qualifiedMaxCount (two components, one count)."""

    parameter, iri = SH.qualifiedValueShape, SH.QualifiedMinCountConstraintComponent

    def check(self, ev: Evaluator, shape: Shape, fvn: ValueNodes, out: list[Raw]) -> None:
        q = shape.params[self.parameter][0]
        qmin, qmax = ev.qualified(shape)
        bad = ev.failing(q, ev.distinct(fvn))
        for f, vs in fvn.items():
            n = sum(1 for v in vs if v not in bad) if bad is not None else sum(1 for v in vs if ev.conforms(q, v))
            if qmax is not None and n > int(qmax):
                out.append(Raw(shape, f, SH.QualifiedMaxCountConstraintComponent))
            if qmin is not None and n < int(qmin):
                out.append(Raw(shape, f, SH.QualifiedMinCountConstraintComponent))


@component
class Property(Component):
    """sh:property: each value node validated against the property shape (its results name the value node)."""

    parameter, iri = SH.property, SH.PropertyConstraintComponent

    def check(self, ev: Evaluator, shape: Shape, fvn: ValueNodes, out: list[Raw]) -> None:
        if not any(fvn.values()):
            return
        reached = Counter(v for vs in fvn.values() for v in vs)
        once = all(k == 1 for k in reached.values())
        for p in shape.params[self.parameter]:
            child = ev.plan.shapes[p]
            # a value reached from k focus nodes is reported k times, as one call per reach would report it
            if once:  # one call for all values: a child's results on a value do not depend on the other values
                out += ev.evaluate(child, list(reached))
            elif ev.attributable(child):  # one call, each result repeated as often as its focus node was reached
                out += [r for r in ev.evaluate(child, list(reached)) for _ in range(reached[r.focus])]
            else:  # its results name nodes further down: one call per value, repeated per reach
                for v, k in reached.items():
                    out += ev.evaluate(child, [v]) * k


@component
class Sparql(Component):
    """SHACL-SPARQL constraints (sh:sparql with sh:select), run by :meth:`Evaluator.sparql`."""

    parameter, iri = SH.sparql, SH.SPARQLConstraintComponent

    def applies(self, shape: Shape) -> bool:
        return bool(shape.sparql)

    def check(self, ev: Evaluator, shape: Shape, fvn: ValueNodes, out: list[Raw]) -> None:
        for c in shape.sparql:
            out += ev.sparql(shape, c, fvn)


#: the parameters the fast path implements (the Plan refuses a shape with any other SHACL constraint parameter).
#: Not sh:node: pySHACL nests the inner results under sh:detail, which this path does not reproduce.
PARAMETERS = frozenset(REGISTRY)
