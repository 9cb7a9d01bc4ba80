"""The validation report of the fast path, built by our own code to the shape pySHACL 0.40 gives it.

Why our own: the report is the fast path's output, and it used to be made by pySHACL's internal
``Validator.create_validation_report``; a change there would have changed our reports silently. This module writes
what that function wrote — one ``sh:ValidationReport`` with ``sh:conforms`` and one ``sh:result`` per result, the
shapes graph's prefixes, focus nodes and values copied from the data (a blank node with the triples it leads to,
ten levels deep, keeping its id; a list sideways without counting) — and :func:`result_keys` compares two reports.
"""

from __future__ import annotations

import re
from collections import Counter

from rdflib import RDF, BNode, Graph, Literal, Node, URIRef
from rdflib.namespace import SH

from kzjp_kg.validate.fast.model import Raw, Unsupported


def _format(msg: str, bound_vars: tuple) -> str:
    """pySHACL's _format_sparql_based_result_message for a (this, path, value, other bindings) tuple."""
    t, p, v, extra = bound_vars
    fdict = dict(extra)
    for name, val in (("this", t), ("path", p), ("value", v)):
        if val is not None:
            fdict[name] = val
    for var, val in fdict.items():
        msg = re.sub(f"{{[?$]{var}}}", str(val), msg)
    return msg


def _messages(raw: Raw, generic_ok: bool = False) -> list:
    """pySHACL's make_v_result messages: the constraint's own (formatted) messages, then the shape's."""
    out = []
    messages = list(raw.shape.messages)

    def fmt(m: Node) -> Node:
        if isinstance(m, Literal) and raw.bound_vars is not None:
            return Literal(_format(str(m.value), raw.bound_vars))
        return m

    if raw.extra_messages:
        out += [fmt(m) for m in raw.extra_messages if m not in messages]
    elif not messages and not generic_ok:
        raise Unsupported(f"no sh:message for a result of {raw.shape.node} (pySHACL writes a generic one)")
    return out + [fmt(m) for m in messages]


def _result(raw: Raw, data: Graph, sg: Graph, generic_ok: bool = False) -> tuple:
    """The result node and its triples; objects given as (graph, term) are copied from that graph (blank nodes with
    what they lead to)."""
    r = BNode()
    shape = raw.shape
    triples = [(r, RDF.type, SH.ValidationResult), (r, SH.sourceConstraintComponent, (sg, raw.component)),
               (r, SH.sourceShape, (sg, shape.node)), (r, SH.resultSeverity, shape.severity),
               (r, SH.focusNode, (data, raw.focus))]
    if raw.value is not None:
        triples.append((r, SH.value, (data, raw.value)))
    path = raw.path if raw.path is not None else shape.path
    if path is not None:
        triples.append((r, SH.resultPath, (sg, path)))
    if raw.source_constraint is not None:
        triples.append((r, SH.sourceConstraint, (sg, raw.source_constraint)))
    triples += [(r, SH.resultMessage, m) for m in _messages(raw, generic_ok)]
    return r, triples


def _clone(source: Graph, node: BNode, target: Graph, depth: int = 0) -> BNode:
    """``node`` and what it leads to copied from ``source`` into ``target``, ids kept, as pySHACL's
    clone_blank_node(keepid=True) copies: ten levels deep; an RDF list's rest is sideways (no level)."""
    if depth >= 10:
        return node
    for p, o in source.predicate_objects(node):
        if isinstance(o, BNode) and not (p == RDF.rest or o == node):
            o = _clone(source, o, target, depth + 1)
        elif isinstance(o, BNode) and p == RDF.rest:
            o = _clone(source, o, target, depth)
        target.add((node, p, o))
    return node


def build_report(raws: list[Raw], source: Graph, shapes: Graph, generic_messages: bool) -> tuple[bool, Graph]:
    """(conforms, the report graph) of the results; ``source``: the graph blank focus nodes and values come from.

    Conforms is False only for results of severity sh:Violation (the project's reading; warnings and infos are
    reported but do not fail the build), as pySHACL's allow_warnings/allow_infos give it."""
    conforms = all(r.shape.severity in (SH.Warning, SH.Info) for r in raws)
    report = Graph(bind_namespaces="core")
    for prefix, ns in shapes.namespace_manager.namespaces():
        report.namespace_manager.bind(prefix, ns)
    node = BNode()
    report.add((node, RDF.type, SH.ValidationReport))
    report.add((node, SH.conforms, Literal(conforms)))
    copied: dict = {}
    for raw in raws:
        r, triples = _result(raw, source, shapes, generic_messages)
        report.add((node, SH.result, r))
        for s, p, o in triples:
            if isinstance(o, tuple):
                graph, term = o
                if isinstance(term, Literal):
                    o = term
                else:
                    key = (id(graph), str(term))
                    o = copied.get(key)
                    if o is None:
                        o = copied[key] = (_clone(graph, term, report) if isinstance(term, BNode)
                                           else URIRef(str(term)))
            report.add((s, p, o))
    return conforms, report


def result_keys(report: Graph, *, messages: bool = True, canonical_bnodes: bool = False) -> Counter:
    """Every result of a report as a comparable key (focus, path, value, severity, source shape, component, source
    constraint, messages), counted: two paths agree when these multisets are equal.

    ``canonical_bnodes``: name blank nodes by what the report says about them (a property shape by its path and
    message) instead of by id, so reports made in different processes (fresh blank-node ids) can be compared.
    """

    def term(t: Node | None) -> tuple | None:
        if t is None:
            return None
        if canonical_bnodes and isinstance(t, BNode):
            return ("BNode", tuple(sorted((p.n3(), o.n3()) for p, o in report.predicate_objects(t)
                                          if not isinstance(o, BNode))))
        return (type(t).__name__, t.n3())

    keys: Counter = Counter()
    for r in report.subjects(RDF.type, SH.ValidationResult):
        keys[tuple(term(report.value(r, p)) for p in (SH.focusNode, SH.resultPath, SH.value, SH.resultSeverity,
                                                      SH.sourceShape, SH.sourceConstraintComponent,
                                                      SH.sourceConstraint))
             + ((frozenset(term(m) for m in report.objects(r, SH.resultMessage)),) if messages else ())] += 1
    return keys
