"""The shapes graph compiled once into the plan the evaluator runs: every shape reachable from a target, its
parameters, its SPARQL constraints prepared; anything the fast path does not implement refused here.

Why compile: reading a shape's parameters from the shapes graph costs more than evaluating them; and refusing at
compile time (:class:`~kzjp_kg.validate.fast.model.Unsupported`) means the caller can fall back to pySHACL before
any work is done.
"""

from __future__ import annotations

import re

from rdflib import RDF, RDFS, Graph, Node, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from kzjp_kg.validate.fast.components import PARAMETERS
from kzjp_kg.validate.fast.model import Shape, SparqlConstraint, Unsupported
from kzjp_kg.validate.fast.rewrite import FORBIDDEN_SPARQL, IRI, STRING, joinable, prefixes_of, where_body

#: SHACL predicates a shape may carry that do not constrain anything (or that we handle as targets/containers).
_INERT = {SH.name, SH.description, SH.message, SH.severity, SH.deactivated, SH.path, SH.order, SH.group,
          SH.defaultValue, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.flags,
          SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint, SH.prefixes, SH.declare}


def rdf_list(sg: Graph, node: Node) -> list:
    return list(Collection(sg, node))


class Plan:
    """The shapes graph compiled: every shape reachable from a target, with the parameters the evaluator needs."""

    def __init__(self, sg: Graph, *, generic_messages: bool = False) -> None:
        self.sg = sg
        #: True only for cross-checks on third-party shapes (the W3C suite): results of shapes without sh:message
        #: then carry no message, where pySHACL would write a generic one; compare them without messages.
        self.generic_messages = generic_messages
        components = set(sg.transitive_subjects(RDFS.subClassOf, SH.ConstraintComponent)) - {SH.ConstraintComponent}
        if any(sg.subjects(RDF.type, SH.ConstraintComponent)) or components or any(sg.subjects(SH.parameter, None)) \
                or any(sg.subjects(SH.rule, None)) or any(sg.subjects(SH.target, None)):
            raise Unsupported("custom constraint components, rules or SPARQL targets")
        self.shapes: dict[object, Shape] = {}
        roots: set[Node] = set()
        for p in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode):
            roots.update(sg.subjects(p, None))
        class_types = {RDFS.Class, *sg.subjects(RDFS.subClassOf, RDFS.Class)}
        self.implicit = {s for t in (SH.NodeShape, SH.PropertyShape) for s in sg.subjects(RDF.type, t)
                         if class_types & set(sg.objects(s, RDF.type))}  # pySHACL's implicit class targets
        self.top = [self._shape(r, nested=False) for r in sorted(roots | self.implicit, key=str)]

    def _shape(self, node: Node, nested: bool) -> Shape:
        if node in self.shapes:
            shape = self.shapes[node]
            if nested and shape.severity != SH.Violation:
                raise Unsupported("a nested shape with a severity other than sh:Violation")
            return shape
        sg = self.sg
        preds = {p for p, _ in sg.predicate_objects(node)}
        for p in preds:
            if str(p).startswith(str(SH)) and p not in _INERT and p not in PARAMETERS:
                raise Unsupported(f"constraint {p} is not implemented by the fast path")
        path = sg.value(node, SH.path)
        if path is not None and not isinstance(path, URIRef):
            raise Unsupported("only predicate paths")
        sev = sg.value(node, SH.severity) or SH.Violation
        if nested and sev != SH.Violation:
            raise Unsupported("a nested shape with a severity other than sh:Violation")
        deact = sg.value(node, SH.deactivated)
        shape = Shape(node, path, sev, list(set(sg.objects(node, SH.message))),
                      bool(deact and deact.toPython()))  # type: ignore[attr-defined]  # every rdflib term has it
        self.shapes[node] = shape
        shape.targets = {p: list(sg.objects(node, p)) for p in (SH.targetClass, SH.targetSubjectsOf,
                                                                SH.targetObjectsOf, SH.targetNode)}
        if node in getattr(self, "implicit", ()):
            shape.targets[SH.targetClass].append(node)
        for p in PARAMETERS - {SH.sparql}:
            vals = list(sg.objects(node, p))
            if vals:
                shape.params[p] = vals
        if path is None and {SH.minCount, SH.maxCount, SH.lessThan, SH.lessThanOrEquals,
                             SH.qualifiedValueShape} & set(shape.params):
            raise Unsupported("a property-shape constraint on a node shape (pySHACL rejects or skips it)")
        if SH.qualifiedValueShape in shape.params:
            disjoint = sg.value(node, SH.qualifiedValueShapesDisjoint)
            if disjoint is not None and disjoint.toPython() is True:  # type: ignore[attr-defined]
                raise Unsupported("sh:qualifiedValueShapesDisjoint")
            if len(shape.params[SH.qualifiedValueShape]) != 1:
                raise Unsupported("more than one sh:qualifiedValueShape")
        for p in (SH.minCount, SH.maxCount, SH.datatype, SH.nodeKind, SH.languageIn, SH["in"]):
            if len(shape.params.get(p, [])) > 1:
                raise Unsupported(f"more than one {p}")
        reporting = bool(set(shape.params) - {SH.property})
        if reporting and not shape.messages and not nested and not self.generic_messages:
            raise Unsupported(f"shape {node} has no sh:message (pySHACL would write a generic one)")
        for c in sg.objects(node, SH.sparql):
            shape.sparql.append(self._sparql(shape, c))
        # nested shapes: their conformance is all that matters, and it must not depend on severities
        for p in (SH["or"], SH["and"]):
            for lst in shape.params.get(p, []):
                for member in rdf_list(sg, lst):
                    self._shape(member, nested=True)
        for p in (SH["not"], SH.qualifiedValueShape):
            for member in shape.params.get(p, []):
                self._shape(member, nested=True)
        for member in shape.params.get(SH.property, []):
            child = self._shape(member, nested=nested)
            if child.path is None:
                raise Unsupported("sh:property without sh:path")
        return shape

    def _sparql(self, shape: Shape, node: Node) -> SparqlConstraint:
        sg = self.sg
        select = sg.value(node, SH.select)
        if select is None or any(sg.objects(node, SH.ask)):
            raise Unsupported("SPARQL constraint without sh:select")
        deact = sg.value(node, SH.deactivated)
        if deact is not None and deact.toPython():  # type: ignore[attr-defined]
            raise Unsupported("deactivated SPARQL constraint")
        text = str(select)
        if FORBIDDEN_SPARQL.search(STRING.sub("", IRI.sub("", text))):
            raise Unsupported("SPARQL constraint uses a construct the one-query join cannot mirror")
        projection, body, rest = where_body(text)
        names = re.findall(r"[?$](\w+)", projection)
        if "(" in projection or not names or rest.strip():
            raise Unsupported("SPARQL constraint projection must be plain variables")
        msgs = list(set(sg.objects(node, SH.message)))
        if not msgs and not shape.messages and not self.generic_messages:
            raise Unsupported("SPARQL constraint without sh:message")
        prefix_text = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes_of(sg, node).items())
        return SparqlConstraint(node, prefix_text, text, msgs, joinable(body), names)
