"""The plan evaluated over the data: focus nodes, value nodes per path, memoised conformance of nested shapes, the
registered components, and SHACL-SPARQL constraints on pyoxigraph.

Why in bulk: pySHACL validates one focus node at a time, each nested shape a full validation with its own discarded
results. Here each shape is evaluated once over all its focus nodes (:mod:`~kzjp_kg.validate.fast.components`), a
predicate path is read once into an index, a nested shape's verdict on a value is decided once for all the shapes
that reach it, and each SPARQL constraint runs once for all focus nodes when joining them in equals pre-binding.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from rdflib import RDF, RDFS, Graph, Literal, Node, URIRef
from rdflib.namespace import SH

from kzjp_kg.validate.fast.components import REGISTRY
from kzjp_kg.validate.fast.model import Itself, Raw, Shape, SparqlConstraint, Unsupported, ValueNodes
from kzjp_kg.validate.fast.plan import Plan, rdf_list
from kzjp_kg.validate.fast.rewrite import joined_query, prebound, with_this
from kzjp_kg.validate.fast.values import RdflibTests
from kzjp_kg.validate.fast.views import DataGraph, SparqlView

_SH_PROPERTY = SH.property
_SH_QUALIFIED_MAX_COUNT = SH.qualifiedMaxCount
_SH_QUALIFIED_MIN_COUNT = SH.qualifiedMinCount


class Evaluator:
    """The Plan's shapes evaluated over ``data`` (an rdflib Graph, or a store in pyoxigraph terms:
    :class:`~kzjp_kg.validate.fast.native.NativeStore`), SPARQL on ``view``, values tested by ``tests`` (the kit for
    the data's terms: :class:`~kzjp_kg.validate.fast.values.RdflibTests` or ``native.OxTests``)."""

    def __init__(self, plan: Plan, data: DataGraph, view: SparqlView, tests: object = RdflibTests) -> None:
        self.plan, self.data, self.view = plan, data, view
        self.tests: Any = tests
        self._instances: dict = {}
        self._conforms: dict = {}
        self._failing: dict[Node, list] = {}  # shape -> [its Shape, values decided (list, then set), failing]
        self._patterns: dict = {}
        self._in: dict = {}
        self._langs: dict = {}
        self._members: dict = {}
        self._by_path: dict = {}
        #: Index the values of each predicate path once (one scan of the predicate) when the data is an in-memory
        #: rdflib Graph: one dict lookup per focus node instead of an rdflib triple-pattern call. The store route
        #: indexes within a memory budget (NativeStore.index).
        self._index_paths = isinstance(data, Graph)

    def values(self, path: Node | None) -> dict | None:
        """subject -> objects of ``path`` (a predicate IRI), built on first use; None where not indexed (the store
        route indexes a path only within its memory budget: ``NativeStore.index``)."""
        if not isinstance(path, URIRef):
            return None
        if path in self._by_path:
            return self._by_path[path]
        if self._index_paths:
            index: dict | None = {}
            for s, o in self.data.subject_objects(path):
                index.setdefault(s, []).append(o)  # type: ignore[union-attr]
        else:
            index = self.data.index(path) if hasattr(self.data, "index") else None
        self._by_path[path] = index
        return index

    @staticmethod
    def distinct(fvn: ValueNodes) -> list:
        """The value nodes of ``fvn``, each once."""
        if isinstance(fvn, Itself):
            return fvn.nodes
        return list(dict.fromkeys(v for vs in fvn.values() for v in vs))

    def failing(self, node: Node, values: list) -> set | None:
        """The values that fail the shape ``node``: all of ``values`` decided, in one evaluation of those not
        decided before (the set holds earlier ones too); None if the shape is not :meth:`attributable`, whose
        values are asked of :meth:`conforms` one by one.

        Why sets: a shape whose every result names its own focus node fails, in one call over all values, exactly
        on the values it reports on; sh:or, sh:and, sh:not and qualified counts are then set operations over
        a million label values instead of a verdict per value and member."""
        got = self._failing.get(node)
        if got is None:
            shape = self.plan.shapes[node]
            if not self.attributable(shape):
                return None
            bad = {r.focus for r in self.evaluate(shape, values)}
            # the decided values as a set only if the shape is asked again (hashing a million terms costs)
            self._failing[node] = [shape, values, bad]
            return bad
        shape, decided, bad = got
        if not isinstance(decided, set):
            decided = got[1] = set(decided)
        todo = [v for v in values if v not in decided]
        if todo:
            bad.update(r.focus for r in self.evaluate(shape, todo))
            decided.update(todo)
        return bad

    def attributable(self, shape: Shape) -> bool:
        """Whether every result of ``shape`` has the focus node it was evaluated on as its focus: no SPARQL
        constraint (``$this`` may be rebound), and no nested property shape reached through a path (its results
        name the values). Nested sh:or/sh:and/sh:not/qualified shapes report on the outer focus node."""
        got = self._members.get(("attributable", shape.node))
        if got is None:
            children = [self.plan.shapes[p] for p in shape.params.get(_SH_PROPERTY, [])]
            got = not shape.sparql and (all(self.attributable(c) for c in children) if shape.path is None
                                        else not children)
            self._members[("attributable", shape.node)] = got
        return got

    def qualified(self, shape: Shape) -> tuple:
        """(sh:qualifiedMinCount, sh:qualifiedMaxCount) of ``shape``, read once."""
        got = self._members.get(("qualified", shape.node))
        if got is None:
            sg = self.plan.sg
            got = self._members[("qualified", shape.node)] = (sg.value(shape.node, _SH_QUALIFIED_MIN_COUNT),
                                                              sg.value(shape.node, _SH_QUALIFIED_MAX_COUNT))
        return got

    def members(self, lst: Node) -> list:
        """The shapes of an sh:or / sh:and list, read once, in the list's order (each once)."""
        got = self._members.get(lst)
        if got is None:
            got = self._members[lst] = list(dict.fromkeys(rdf_list(self.plan.sg, lst)))
        return got

    def instances(self, cls: Node) -> set:
        got = self._instances.get(cls)
        if got is None:
            c = self.tests.term(cls)
            got = set(self.data.subjects(RDF.type, c))
            for sub in self.data.transitive_subjects(RDFS.subClassOf, c):
                if sub != c:
                    got.update(self.data.subjects(RDF.type, sub))
            self._instances[cls] = got
        return got

    def focus_nodes(self, shape: Shape) -> set:
        out = set(map(self.tests.term, shape.targets[SH.targetNode]))
        for c in shape.targets[SH.targetClass]:
            out |= self.instances(c)
        for p in shape.targets[SH.targetSubjectsOf]:
            out.update(s for s, _ in self.data.subject_objects(p))
        for p in shape.targets[SH.targetObjectsOf]:
            out.update(o for _, o in self.data.subject_objects(p))
        return out

    def conforms(self, node: Node, v: Node) -> bool:
        """Whether the value ``v`` conforms to the shape ``node`` (remembered per shape)."""
        bad = self.failing(node, [v])
        if bad is not None:
            return v not in bad
        known = self._conforms.get(node)
        if known is None:
            known = self._conforms[node] = {}
        got = known.get(v)
        if got is None:
            got = known[v] = not self.evaluate(self.plan.shapes[node], [v])
        return got

    def evaluate(self, shape: Shape, focus: Iterable) -> list[Raw]:
        if shape.deactivated:
            return []
        data = self.data
        path = shape.path
        fvn: ValueNodes  # focus node -> its value nodes
        if path is None:
            fvn = Itself(focus if isinstance(focus, (list, set)) else list(focus))
        else:
            index = self.values(path)
            # a subject's objects through one predicate are distinct triples already: no set (rdflib terms hash
            # in Python, and this runs once per focus node)
            fvn = {f: index.get(f, ()) for f in focus} if index is not None else \
                {f: list(data.objects(f, path)) for f in focus}
        if not fvn:
            return []
        out: list[Raw] = []
        for comp in REGISTRY.values():
            if comp.applies(shape):
                comp.check(self, shape, fvn, out)
        return out

    def path_values(self, focus: Node, path: Node) -> list:
        """The values of ``focus`` through the predicate ``path`` (from the path index where there is one)."""
        index = self.values(path)
        return index.get(focus, []) if index is not None else list(self.data.objects(focus, path))

    def listed(self, lst: Node) -> list:
        """The members of an RDF list of the shapes graph (sh:in), read once."""
        got = self._in.get(lst)
        if got is None:
            got = self._in[lst] = [self.tests.term(x) for x in rdf_list(self.plan.sg, lst)]
        return got

    def pattern(self, shape: Shape, p: Literal) -> re.Pattern:
        key = (shape.node, p)
        if key not in self._patterns:
            flags_node = self.plan.sg.value(shape.node, SH.flags)
            flags = 0
            if isinstance(flags_node, Literal):
                text = str(flags_node.value).lower()
                flags |= (re.I if "i" in text else 0) | (re.M if "m" in text else 0)
            self._patterns[key] = re.compile(str(p.value) if p.value is not None and len(p.value) > 1 else str(p),
                                             flags)
        return self._patterns[key]

    def languages(self, lst: Node) -> set[str]:
        if lst not in self._langs:
            self._langs[lst] = {str(x.value).lower() for x in rdf_list(self.plan.sg, lst)}
        return self._langs[lst]

    def sparql(self, shape: Shape, c: SparqlConstraint, fvn: ValueNodes) -> list[Raw]:
        focus = list(fvn)
        rows_by_focus: dict = {f: [] for f in focus}
        is_blank = self.tests.is_blank
        named = [f for f in focus if not is_blank(f)]
        if c.joinable and named:
            rows_by_focus.update(self._joined(c, named))
        for f in focus if not c.joinable else [f for f in focus if is_blank(f)]:
            rows_by_focus[f] = self._pre_bound(c, f)
        out = []
        extra = c.messages or None
        for f in focus:
            result_val = f if shape.path is None else None
            for t, p, v, var_dict in _violations(rows_by_focus[f]):
                if v is None:
                    v = result_val
                out.append(Raw(shape, t or f, SH.SPARQLConstraintComponent, value=v, path=p,
                               source_constraint=c.node, extra_messages=extra, bound_vars=(t, p, v, var_dict)))
        return out

    def _pre_bound(self, c: SparqlConstraint, f: Node) -> list[dict]:
        """One focus node, pre-bound as pySHACL does: ``$this`` replaced by the focus node's IRI in the text.

        Oxigraph's own ``substitutions`` behave like a join at the top (a ``BIND($this AS ?t)`` inside a nested group
        leaves ``?t`` unbound), so they are used only for queries whose join equals pre-binding, where blank-node
        focus nodes (which no query text can name) need them.
        """
        if c.joinable:
            binding = {ox.Variable("this"): self.view.to_ox(f)}
            if "this" in c.projection:
                return list(self.view.select(f"{c.prefixes}\n{c.text}", binding))
            rows = list(self.view.select(f"{c.prefixes}\n{with_this(c.text)}", binding))
            for row in rows:
                row.pop("this", None)
            return rows
        return list(self.view.select(prebound(c.prefixes, c.text, f)))

    def _joined(self, c: SparqlConstraint, focus: list) -> dict:
        """All focus nodes in one query (:func:`~kzjp_kg.validate.fast.rewrite.joined_query`)."""
        out: dict = {}
        for row in self.view.select(joined_query(c.prefixes, c.text, c.projection, focus)):
            f = row.pop("__focus")
            if "this" in c.projection:
                row["this"] = f
            out.setdefault(f, []).append(row)
        return out


def _violations(rows: list[dict]) -> list[tuple]:
    """pySHACL's _validate_sparql_query on already-fetched rows: ?failure, then de-duplicated (this, path, value)."""
    out: list = []
    for var_dict in rows:
        var_dict = dict(var_dict)
        if var_dict.pop("failure", None) is not None:
            raise Unsupported("?failure rows")
        p, v, t = var_dict.pop("path", None), var_dict.pop("value", None), var_dict.pop("this", None)
        if (p is not None or v is not None or t is not None) and (t, p, v, var_dict) not in out:
            out.append((t, p, v, var_dict))
    return out


def raws(plan: Plan, ev: Evaluator) -> list[Raw]:
    """Every result of the plan's top shapes over their focus nodes, before the report."""
    raws: list[Raw] = []
    for shape in plan.top:
        focus = ev.focus_nodes(shape)
        if focus:
            raws += ev.evaluate(shape, focus)
    return raws
