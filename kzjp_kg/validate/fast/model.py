"""The fast path's data types: a compiled shape, a SPARQL constraint, one raw result, and the refusal.

Why a module of its own: the plan, the components, the evaluator and the report all speak of these, and none of
them should import the others just to name a type.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from rdflib import Node, URIRef


class Unsupported(Exception):  # noqa: N818  (reads as "the fast path: unsupported")
    """The shapes use something the fast path does not implement: validate with pySHACL instead."""


@dataclass
class SparqlConstraint:
    node: object
    prefixes: str  # PREFIX lines, as pySHACL prepends them
    text: str  # the sh:select text
    messages: list
    joinable: bool
    projection: list[str]


@dataclass
class Shape:
    node: Node
    path: URIRef | None
    severity: Node
    messages: list
    deactivated: bool
    params: dict = field(default_factory=dict)  # predicate -> list of objects
    sparql: list[SparqlConstraint] = field(default_factory=list)
    targets: dict = field(default_factory=dict)



@dataclass
class Raw:
    """One result before it becomes report triples (the arguments of pySHACL's make_v_result)."""

    shape: Shape
    focus: object
    component: URIRef
    value: object = None
    path: object = None
    source_constraint: object = None
    extra_messages: list | None = None
    bound_vars: tuple | None = None


class Itself:
    """The value nodes of a node shape's focus nodes: each its own (``fvn`` of :meth:`Evaluator.evaluate`, read as
    the components read a dict: items, values, keys). Why not ``{f: (f,)}``: a million pyoxigraph literals hash in
    Rust on every insert, about 1 µs each; the focus nodes given to a node shape are distinct already (a set, or
    values made distinct)."""

    __slots__ = ("nodes",)

    def __init__(self, nodes: list | set) -> None:
        self.nodes = nodes if isinstance(nodes, list) else list(nodes)

    def __iter__(self) -> Iterator:
        return iter(self.nodes)

    def __len__(self) -> int:
        return len(self.nodes)

    def items(self) -> Iterator[tuple]:
        return ((f, (f,)) for f in self.nodes)

    def values(self) -> Iterator[tuple]:
        return ((f,) for f in self.nodes)


#: a shape's focus nodes with their value nodes: a dict (focus node -> value nodes), or :class:`Itself`
ValueNodes = dict | Itself
