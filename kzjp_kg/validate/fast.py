"""The fast validation path: the project's SHACL shapes evaluated in bulk, SPARQL on pyoxigraph, same report as pyshacl.

Why: pySHACL spends its time per focus node — each nested shape (``sh:or``, ``sh:not``, qualified shapes) is a full
shape validation with its own discarded result descriptions, each SHACL-SPARQL constraint is re-parsed and run by
rdflib's SPARQL engine once per focus node, and the QC queries run on rdflib's engine too. On a 200k-triple graph
that is minutes. Here:

* core constraints are evaluated by plain Python over rdflib's indexes, with the conformance of nested shapes
  memoised per value node (a label's script is checked once, not once per shape that reaches it);
* each SPARQL constraint runs once for all its focus nodes on an in-memory pyoxigraph store (focus nodes joined in
  through ``VALUES``) when that join provably equals pySHACL's pre-binding of ``$this``; otherwise once per focus
  node with oxigraph's own substitution (SEP-0007), which *is* pre-binding;
* the QC queries run on the same pyoxigraph store;
* for graphs too large for rdflib (10M triples), :func:`run_store` evaluates the same plan over files bulk-loaded
  into a pyoxigraph store (:class:`StoreView`), never building an rdflib graph of the data.

The semantics are copied from pySHACL 0.40 component by component (value comparisons, ``langMatches``-style
``sh:languageIn``, ill-typed literals for ``sh:datatype``, message substitution, result de-duplication), and the
report graph is built by pySHACL's own ``create_validation_report``, so both paths yield the same
``sh:ValidationReport``. Anything outside that subset (other components, non-predicate paths, SPARQL the join cannot
express, ``sh:rule``…) raises :class:`Unsupported` at compile time and the caller falls back to pySHACL, which stays
the reference. ``tests/validate/test_fast_path.py`` compares both paths on the project graph, on every fixture and
on synthetic graphs with injected defects.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, SH, XSD

from kzjp_kg.terms import bcp47_case

#: SHACL predicates a shape may carry that do not constrain anything (or that we handle as targets/containers).
_INERT = {SH.name, SH.description, SH.message, SH.severity, SH.deactivated, SH.path, SH.order, SH.group,
          SH.defaultValue, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.flags,
          SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint, SH.prefixes, SH.declare}
#: constraint parameters the fast path implements, each exactly as pySHACL 0.40 does (not sh:node: pySHACL nests the
#: inner results under sh:detail, which this path does not reproduce).
_SUPPORTED = {SH.minCount, SH.maxCount, SH["class"], SH.datatype, SH.nodeKind, SH.pattern, SH.languageIn, SH["in"],
              SH.lessThan, SH.lessThanOrEquals, SH["or"], SH["and"], SH["not"], SH.property,
              SH.qualifiedValueShape, SH.sparql}
_FORBIDDEN_SPARQL = re.compile(r"\b(MINUS|VALUES|SERVICE|GRAPH|GROUP\s+BY|HAVING|ORDER\s+BY|LIMIT|OFFSET|"
                               r"COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT)\b|\$PATH\b|\$shapesGraph\b|"
                               r"\$currentShape\b", re.I)
_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_STRING = re.compile(r"'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"", re.S)


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
    node: object
    path: URIRef | None
    severity: URIRef
    messages: list
    deactivated: bool
    params: dict = field(default_factory=dict)  # predicate -> list of objects
    sparql: list[SparqlConstraint] = field(default_factory=list)
    targets: dict = field(default_factory=dict)


# ----------------------------------------------------------------------------------------------------------- compile

def _prefixes(sg: Graph, node) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """pySHACL's prefix collection for a SPARQL constraint (rdf, rdfs, owl, then sh:declare of sh:prefixes)."""
    out = {"rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL)}
    onts = set(sg.subjects(RDF.type, OWL.Ontology))
    ng = set(sg.objects(sg.identifier, SH.declare)) if sg.identifier else set()
    glob = ng.union(*(set(sg.objects(o, SH.declare)) for o in onts)) if onts else ng
    for pv in set(sg.objects(node, SH.prefixes)):
        own = set(sg.objects(pv, SH.declare))
        for dec in (own | ng) if own and pv in onts else (glob | own):
            out[str(sg.value(dec, SH.prefix))] = str(sg.value(dec, SH.namespace))
    return out


def _where_body(query: str) -> tuple[str, str, str]:
    """(projection text, body text inside the outer WHERE braces, text after it) of a SELECT query."""
    m = re.search(r"\bSELECT\b(.*?)\bWHERE\s*\{", query, re.S | re.I)
    if not m or len(re.findall(r"\bSELECT\b", query, re.I)) != 1:
        raise Unsupported("SPARQL constraint is not one plain SELECT ... WHERE { }")
    start = m.end()
    depth, i = 1, start
    masked = _STRING.sub(lambda s: "_" * len(s.group()), _IRI.sub(lambda s: "_" * len(s.group()), query))
    while i < len(masked) and depth:
        depth += {"{": 1, "}": -1}.get(masked[i], 0)
        i += 1
    if depth:
        raise Unsupported("unbalanced braces in SPARQL constraint")
    return m.group(1), query[start:i - 1], query[i:]


def _joinable(body: str) -> bool:
    """True when joining all focus nodes in through VALUES gives what pre-binding $this per focus node gives.

    The VALUES block is the first element of the outer group, so triple patterns, OPTIONALs (whose filters are the
    left join's condition) and top-level FILTERs see ``$this`` bound. Only a FILTER or BIND that names ``$this`` inside
    a nested group other than OPTIONAL/EXISTS (a UNION branch, a plain ``{ }``) would see it unbound: then we run per
    focus node instead.
    """
    masked = _STRING.sub(lambda s: "_" * len(s.group()), _IRI.sub(lambda s: "_" * len(s.group()), body))
    stack: list[bool] = []  # per open nested group: is it an OPTIONAL/EXISTS group?
    i = 0
    while i < len(masked):
        ch = masked[i]
        if ch == "{":
            before = masked[:i].rstrip().upper()
            stack.append(before.endswith(("OPTIONAL", "EXISTS")) and all(stack))
        elif ch == "}":
            stack.pop()
        elif stack and not all(stack):
            kw = re.match(r"(FILTER|BIND)\b", masked[i:], re.I)
            if kw:
                depth, j = 0, i + kw.end()
                while j < len(masked):  # the expression: up to its closing parenthesis
                    depth += {"(": 1, ")": -1}.get(masked[j], 0)
                    j += 1
                    if depth == 0 and masked[j - 1] == ")":
                        break
                if re.search(r"[?$]this\b", masked[i:j]):
                    return False
        i += 1
    return True


def _list(sg: Graph, node) -> list:  # type: ignore[no-untyped-def]
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
        roots = set()
        for p in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode):
            roots.update(sg.subjects(p, None))
        class_types = {RDFS.Class, *sg.subjects(RDFS.subClassOf, RDFS.Class)}
        self.implicit = {s for t in (SH.NodeShape, SH.PropertyShape) for s in sg.subjects(RDF.type, t)
                         if class_types & set(sg.objects(s, RDF.type))}  # pySHACL's implicit class targets
        self.top = [self._shape(r, nested=False) for r in sorted(roots | self.implicit, key=str)]

    def _shape(self, node, nested: bool) -> Shape:  # type: ignore[no-untyped-def]
        if node in self.shapes:
            shape = self.shapes[node]
            if nested and shape.severity != SH.Violation:
                raise Unsupported("a nested shape with a severity other than sh:Violation")
            return shape
        sg = self.sg
        preds = {p for p, _ in sg.predicate_objects(node)}
        for p in preds:
            if str(p).startswith(str(SH)) and p not in _INERT and p not in _SUPPORTED:
                raise Unsupported(f"constraint {p} is not implemented by the fast path")
        path = sg.value(node, SH.path)
        if path is not None and not isinstance(path, URIRef):
            raise Unsupported("only predicate paths")
        sev = sg.value(node, SH.severity) or SH.Violation
        if nested and sev != SH.Violation:
            raise Unsupported("a nested shape with a severity other than sh:Violation")
        deact = sg.value(node, SH.deactivated)
        shape = Shape(node, path, sev, list(set(sg.objects(node, SH.message))), bool(deact and deact.toPython()))
        self.shapes[node] = shape
        shape.targets = {p: list(sg.objects(node, p)) for p in (SH.targetClass, SH.targetSubjectsOf,
                                                                SH.targetObjectsOf, SH.targetNode)}
        if node in getattr(self, "implicit", ()):
            shape.targets[SH.targetClass].append(node)
        for p in _SUPPORTED - {SH.sparql}:
            vals = list(sg.objects(node, p))
            if vals:
                shape.params[p] = vals
        if path is None and {SH.minCount, SH.maxCount, SH.lessThan, SH.lessThanOrEquals,
                             SH.qualifiedValueShape} & set(shape.params):
            raise Unsupported("a property-shape constraint on a node shape (pySHACL rejects or skips it)")
        if SH.qualifiedValueShape in shape.params:
            disjoint = sg.value(node, SH.qualifiedValueShapesDisjoint)
            if disjoint is not None and disjoint.toPython() is True:
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
                for member in _list(sg, lst):
                    self._shape(member, nested=True)
        for p in (SH["not"], SH.qualifiedValueShape):
            for member in shape.params.get(p, []):
                self._shape(member, nested=True)
        for member in shape.params.get(SH.property, []):
            child = self._shape(member, nested=nested)
            if child.path is None:
                raise Unsupported("sh:property without sh:path")
        return shape

    def _sparql(self, shape: Shape, node) -> SparqlConstraint:  # type: ignore[no-untyped-def]
        sg = self.sg
        select = sg.value(node, SH.select)
        if select is None or any(sg.objects(node, SH.ask)):
            raise Unsupported("SPARQL constraint without sh:select")
        deact = sg.value(node, SH.deactivated)
        if deact is not None and deact.toPython():
            raise Unsupported("deactivated SPARQL constraint")
        text = str(select)
        if _FORBIDDEN_SPARQL.search(_STRING.sub("", _IRI.sub("", text))):
            raise Unsupported("SPARQL constraint uses a construct the one-query join cannot mirror")
        projection, body, rest = _where_body(text)
        names = re.findall(r"[?$](\w+)", projection)
        if "(" in projection or not names or rest.strip():
            raise Unsupported("SPARQL constraint projection must be plain variables")
        msgs = list(set(sg.objects(node, SH.message)))
        if not msgs and not shape.messages and not self.generic_messages:
            raise Unsupported("SPARQL constraint without sh:message")
        prefix_text = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in _prefixes(sg, node).items())
        return SparqlConstraint(node, prefix_text, text, msgs, _joinable(body), names)


# ---------------------------------------------------------------------------------------------------------- evaluate

def _to_ox(term, cache: dict):  # type: ignore[no-untyped-def]
    out = cache.get(term)
    if out is None:
        if isinstance(term, URIRef):
            out = ox.NamedNode(str(term))
        elif isinstance(term, BNode):
            out = ox.BlankNode(str(term))
        elif term.language:
            out = ox.Literal(str(term), language=term.language)
        elif term.datatype:
            out = ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        else:
            out = ox.Literal(str(term))
        cache[term] = out
    return out


def _from_ox(term, lang_case=lambda tag: tag):  # type: ignore[no-untyped-def]
    """A pyoxigraph term as an rdflib term; ``lang_case`` restores the case of language tags (oxigraph lower-cases)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=lang_case(term.language))
    if term.datatype.value == str(XSD.string):
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


class OxView:
    """The data graph copied once into an in-memory pyoxigraph store, with the way back to the original rdflib terms
    (oxigraph lower-cases language tags and merges ``"a"`` with ``"a"^^xsd:string``; reports must name the data's
    own terms)."""

    def __init__(self, data: Graph) -> None:
        cache: dict = {}
        self.store = ox.Store()
        self.store.bulk_extend(ox.Quad(_to_ox(s, cache), _to_ox(p, cache), _to_ox(o, cache)) for s, p, o in data)
        self.back = {v: k for k, v in cache.items()}

    def term(self, t):  # type: ignore[no-untyped-def]
        got = self.back.get(t)
        return got if got is not None else _from_ox(t)

    def to_ox(self, t):  # type: ignore[no-untyped-def]
        return _to_ox(t, {})

    def rows(self, query: str, substitutions: dict | None = None) -> tuple[list[str], Iterable[list]]:
        """Variable names and rows (lists in variable order, None where unbound) of a SELECT query."""
        try:
            res = self.store.query(query, substitutions=substitutions) if substitutions else self.store.query(query)
        except SyntaxError as e:  # e.g. a prefix pySHACL finds elsewhere: leave the query to the reference
            raise Unsupported(f"oxigraph cannot parse a query: {e}") from e
        names = [v.value for v in res.variables]
        return names, ([None if row[i] is None else self.term(row[i]) for i in range(len(names))] for row in res)

    def select(self, query: str, substitutions: dict | None = None) -> Iterable[dict]:
        """Rows as dicts of the bound variables only (as rdflib's ResultRow.asdict gives them)."""
        names, rows = self.rows(query, substitutions)
        for row in rows:
            yield {n: v for n, v in zip(names, row, strict=True) if v is not None}


class DataGraph(Protocol):
    """The four reads the evaluator makes of the data graph, as rdflib's Graph names them (rdflib terms in and out).

    Why a protocol: the build hands the evaluator an rdflib Graph; large graphs are validated from a pyoxigraph store
    (:class:`StoreView`) that never becomes one. Only predicate paths are asked for (the Plan rejects others).
    """

    def subjects(self, predicate, object):  # type: ignore[no-untyped-def]
        ...

    def transitive_subjects(self, predicate, object):  # type: ignore[no-untyped-def]
        ...

    def subject_objects(self, predicate):  # type: ignore[no-untyped-def]
        ...

    def objects(self, subject, predicate):  # type: ignore[no-untyped-def]
        ...


class SparqlView(Protocol):
    """Where the evaluator runs SPARQL constraints and QC queries: a pyoxigraph store, rows given as rdflib terms."""

    def to_ox(self, t):  # type: ignore[no-untyped-def]
        ...

    def rows(self, query: str, substitutions: dict | None = None) -> tuple[list[str], Iterable[list]]:
        ...

    def select(self, query: str, substitutions: dict | None = None) -> Iterable[dict]:
        ...


_XSD = str(XSD)
#: datatypes oxigraph stores as their base type when the lexical form parses (``"5"^^xsd:int`` comes back as
#: ``"5"^^xsd:integer``, ``"-1"^^xsd:nonNegativeInteger`` too): measured on pyoxigraph 0.5.
_COLLAPSED = {_XSD + d: _XSD + "integer" for d in (
    "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger", "long", "int", "short", "byte",
    "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")} | {_XSD + "dateTimeStamp": _XSD + "dateTime"}
_BASES = frozenset(_COLLAPSED.values())


def _value(lexical: str, base: str) -> object:
    """What the store keeps of a literal of the ``base`` family: the integer, or (dateTime) the lexical form."""
    if base == _XSD + "integer":
        try:
            return int(lexical)
        except ValueError:
            return lexical
    return lexical


def _parse(path: Path, fmt: ox.RdfFormat) -> Iterator:
    try:
        yield from ox.parse(path=str(path), format=fmt)
    except SyntaxError as e:
        raise ValueError(f"{path}: {e} (fix the file, or regenerate it)") from e


def _from_store(term):  # type: ignore[no-untyped-def]
    """A pyoxigraph term as the rdflib term the data most likely wrote (see :class:`StoreView` for where not)."""
    return _from_ox(term, bcp47_case)


class StoreView:
    """A pyoxigraph store (default graph) seen as the evaluator's data graph *and* its SPARQL view, with no rdflib
    Graph of the data ever built: the store route for graphs too large for rdflib (10M triples).

    Terms are converted to rdflib on the way out, lazily, one pattern at a time; nothing keeps a map of every term
    (unlike :class:`OxView`, whose map back to the data's own terms is what the store route must not afford). This
    is where the two routes can differ, because the store keeps terms its own way:

    * ``"a"`` and ``"a"^^xsd:string`` are one term (RDF 1.1), both read back as the plain ``"a"``: one value where
      rdflib counts two (``sh:maxCount``); ``sh:datatype xsd:string`` accepts it either way (:func:`_datatype_ok`);
    * language tags are stored lower-cased and read back in BCP 47 case (:func:`bcp47_case`): a tag the data wrote
      in another case (``KK-latn``) is reported as ``kk-Latn``;
    * lexical forms of numbers, booleans and date-times are stored canonical (``"01"^^xsd:integer`` reads back as
      ``"1"``, ``"1"^^xsd:boolean`` as ``"true"``): same value, other text in a report;
    * derived integer datatypes (and ``xsd:dateTimeStamp``) are stored as their base type; :meth:`load` takes a
      census so that objects read through a predicate get their datatype back, but values that SPARQL constraints
      and QC queries return carry the base type (no shape of the project returns such a value).
    """

    #: How many values the path indexes of :meth:`index` may hold together (about 0.3 KB each as rdflib terms):
    #: every path of a 1M-triple graph fits; at 10M the largest paths are read per focus node instead.
    INDEX_BUDGET = 4_000_000

    def __init__(self, store: ox.Store, census: dict | None = None) -> None:
        self.store = store
        self._indexed = 0
        self._iris: dict[str, URIRef] = {}
        #: (predicate, base datatype) -> the one derived datatype the files wrote for it, or, if they wrote several,
        #: {(subject IRI or None for a blank node, value): datatypes} (see :meth:`load`)
        self.census: dict = census or {}

    @classmethod
    def load(cls, paths: Iterable[Path], store_dir: Path | None = None) -> StoreView:
        """The triples of ``paths`` (N-Triples, Turtle, RDF/XML, by extension) bulk-loaded into the default graph of
        a pyoxigraph store, in memory or on disk in ``store_dir`` (which must not hold a store yet).

        Why the census pass: the store keeps ``"5"^^xsd:nonNegativeInteger`` as ``"5"^^xsd:integer`` (and
        ``xsd:dateTimeStamp`` as ``xsd:dateTime``), which ``sh:datatype`` would report on every such value. One
        streaming parse notes, per predicate, which datatypes of the family the files wrote; objects read back
        through a predicate that had one derived datatype get it back (:meth:`_object`). Only for a predicate with
        several (``"5"^^xsd:integer`` beside ``"6"^^xsd:nonNegativeInteger``) a second parse notes them per
        (subject, value): a few entries, not one per term.
        """
        paths = list(paths)
        fmts = []
        for path in paths:
            fmt = ox.RdfFormat.from_extension(Path(path).suffix.lstrip("."))
            if fmt is None or fmt.supports_datasets:
                raise ValueError(f"{path}: the store route validates triple files (.nt, .ttl, .rdf), "
                                 f"not {Path(path).suffix!r}")
            fmts.append(fmt)
        store = ox.Store() if store_dir is None else ox.Store(str(store_dir))
        seen: dict[tuple[str, str], set[str]] = {}
        for path, fmt in zip(paths, fmts, strict=True):
            for t in _parse(path, fmt):
                o = t.object
                if isinstance(o, ox.Literal):
                    dt = o.datatype.value
                    base = _COLLAPSED.get(dt, dt)
                    if base in _BASES:
                        seen.setdefault((t.predicate.value, base), set()).add(dt)
            try:
                store.bulk_load(path=str(path), format=fmt)
            except SyntaxError as e:
                raise ValueError(f"{path}: {e} (fix the file, or regenerate it)") from e
        census: dict = {k: next(iter(v)) for k, v in seen.items() if len(v) == 1 and v != {k[1]}}
        mixed = {k for k, v in seen.items() if len(v) > 1}
        for key in mixed:
            census[key] = {}
        if mixed:
            for path, fmt in zip(paths, fmts, strict=True):
                for t in _parse(path, fmt):
                    o = t.object
                    if not isinstance(o, ox.Literal):
                        continue
                    key = (t.predicate.value, _COLLAPSED.get(o.datatype.value, o.datatype.value))
                    if key not in mixed:
                        continue
                    subject = None if isinstance(t.subject, ox.BlankNode) else t.subject.value
                    census[key].setdefault((subject, _value(o.value, key[1])), set()).add(o.datatype.value)
        return cls(store, census)

    def _object(self, subject, predicate: ox.NamedNode, term):  # type: ignore[no-untyped-def]
        """An object of ``subject`` read through ``predicate``, with the datatype the files wrote restored."""
        if isinstance(term, ox.Literal) and self.census and term.datatype.value in _BASES:
            got = self.census.get((predicate.value, term.datatype.value))
            if isinstance(got, dict):  # several datatypes for this predicate: per (subject, value)
                where = None if isinstance(subject, ox.BlankNode) else subject.value
                dts = got.get((where, _value(term.value, term.datatype.value)), set())
                if where is None or len(dts) > 1:
                    raise Unsupported(f"{predicate.value} has values of several datatypes the store keeps as "
                                      f"{term.datatype.value}, and cannot tell {term} of {subject} apart")
                got = next(iter(dts)) if dts else None
            if got is not None:
                return Literal(term.value, datatype=URIRef(got))
        return _from_store(term)

    def index(self, path) -> dict | None:  # type: ignore[no-untyped-def]
        """subject -> objects of the predicate ``path``, from one scan of the store, or None if it would take the
        indexes past :attr:`INDEX_BUDGET` values.

        Why: a shape reads its path for every focus node; one store lookup and two term conversions per focus node
        cost three times the whole scan. IRIs are converted once and shared between indexes (subjects recur in
        every path), so the budget, not the number of paths, bounds the memory."""
        pred = self._pred(path)
        count = sum(1 for _ in self.store.quads_for_pattern(None, pred, None, ox.DefaultGraph()))
        if self._indexed + count > self.INDEX_BUDGET:
            return None
        self._indexed += count
        iris = self._iris
        out: dict = {}
        for q in self.store.quads_for_pattern(None, pred, None, ox.DefaultGraph()):
            s, o = q.subject, q.object
            if isinstance(s, ox.NamedNode):
                key = iris.get(s.value)
                if key is None:
                    key = iris[s.value] = URIRef(s.value)
            else:
                key = BNode(s.value)
            if isinstance(o, ox.NamedNode):
                value = iris.get(o.value)
                if value is None:
                    value = iris[o.value] = URIRef(o.value)
            else:
                value = self._object(s, pred, o)
            out.setdefault(key, []).append(value)
        return out

    # --- DataGraph
    def _node(self, t):  # type: ignore[no-untyped-def]
        return _to_ox(t, {})

    def _pred(self, p) -> ox.NamedNode:  # type: ignore[no-untyped-def]
        if not isinstance(p, URIRef):
            raise Unsupported(f"the store route reads predicate paths only, not {p!r}")
        return ox.NamedNode(str(p))

    def subjects(self, predicate, object=None) -> Iterator:  # type: ignore[no-untyped-def]
        """Subjects with ``predicate`` to ``object`` (any object when None, as rdflib's; repeated once per triple)."""
        obj = None if object is None else self._node(object)
        for q in self.store.quads_for_pattern(None, self._pred(predicate), obj, ox.DefaultGraph()):
            yield _from_store(q.subject)

    def transitive_subjects(self, predicate, object) -> Iterator:  # type: ignore[no-untyped-def]
        """``object`` first, then everything reaching it through ``predicate``, each once (as rdflib's)."""
        seen, todo = {object}, [object]
        yield object
        while todo:
            for s in self.subjects(predicate, todo.pop()):
                if s not in seen:
                    seen.add(s)
                    todo.append(s)
                    yield s

    def subject_objects(self, predicate) -> Iterator[tuple]:  # type: ignore[no-untyped-def]
        for q in self.store.quads_for_pattern(None, self._pred(predicate), None, ox.DefaultGraph()):
            yield _from_store(q.subject), self._object(q.subject, q.predicate, q.object)

    def objects(self, subject, predicate) -> Iterator:  # type: ignore[no-untyped-def]
        if isinstance(subject, Literal):
            return
        for q in self.store.quads_for_pattern(self._node(subject), self._pred(predicate), None, ox.DefaultGraph()):
            yield self._object(q.subject, q.predicate, q.object)

    def value(self, subject, predicate):  # type: ignore[no-untyped-def]
        """One object of ``subject`` through ``predicate``, or None (rdflib's ``Graph.value``, as the reports for
        people read labels, sentences and severities)."""
        return next(iter(self.objects(subject, predicate)), None)

    def blank_node_graph(self, nodes: Iterable) -> Graph:
        """The triples about ``nodes``' blank nodes, and about blank nodes they lead to (ten levels, as pySHACL's
        clone_blank_node goes): the only part of the data the report copies (it names IRIs and literals as they are)."""
        g = Graph()
        todo = [(n, 0) for n in set(nodes) if isinstance(n, BNode)]
        seen = {n for n, _ in todo}
        while todo:
            n, depth = todo.pop()
            for q in self.store.quads_for_pattern(ox.BlankNode(str(n)), None, None, ox.DefaultGraph()):
                o = self._object(q.subject, q.predicate, q.object)
                g.add((n, URIRef(q.predicate.value), o))
                if isinstance(o, BNode) and o not in seen and depth < 10:
                    seen.add(o)
                    todo.append((o, depth + 1))
        return g

    # --- SparqlView
    def to_ox(self, t):  # type: ignore[no-untyped-def]
        return _to_ox(t, {})

    def rows(self, query: str, substitutions: dict | None = None) -> tuple[list[str], Iterable[list]]:
        """Variable names and rows (lists in variable order, None where unbound) of a SELECT query."""
        try:
            res = self.store.query(query, substitutions=substitutions) if substitutions else self.store.query(query)
        except SyntaxError as e:
            raise Unsupported(f"oxigraph cannot parse a query: {e}") from e
        names = [v.value for v in res.variables]
        return names, ([None if row[i] is None else _from_store(row[i]) for i in range(len(names))] for row in res)

    def select(self, query: str, substitutions: dict | None = None) -> Iterable[dict]:
        """Rows as dicts of the bound variables only (as rdflib's ResultRow.asdict gives them)."""
        names, rows = self.rows(query, substitutions)
        for row in rows:
            yield {n: v for n, v in zip(names, row, strict=True) if v is not None}


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


def _string(v) -> str:  # type: ignore[no-untyped-def]
    """pySHACL's value_node_to_string."""
    if isinstance(v, Literal) and v.value is not None and v.datatype in (None, RDF.langString, XSD.string):
        return str(v.value)
    return str(v)


def _actual_datatype(v: Literal, rule) -> bool:  # type: ignore[no-untyped-def]
    value = v.value
    checks = {XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int, XSD.float: float,
              XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date, XSD.time: time, XSD.dateTime: datetime}
    return isinstance(value, checks[rule]) if rule in checks else True


def _datatype_ok(v, rule) -> bool:  # type: ignore[no-untyped-def]
    if not isinstance(v, Literal):
        return False
    if v.datatype == rule:
        return False if getattr(v, "ill_typed", None) is True else _actual_datatype(v, rule)
    if rule == RDFS.Literal or (rule == RDFS.Datatype and v.datatype):
        return True
    if v.datatype is None and v.language is None and rule == XSD.string:
        return _actual_datatype(v, rule)
    if rule == RDF.langString and v.language:
        return _actual_datatype(v, rule)
    return False


def _nodekind_ok(v, rule) -> bool:  # type: ignore[no-untyped-def]
    if isinstance(v, BNode):
        return rule in (SH.BlankNode, SH.BlankNodeOrLiteral, SH.BlankNodeOrIRI)
    if isinstance(v, Literal):
        return rule in (SH.Literal, SH.BlankNodeOrLiteral, SH.IRIOrLiteral)
    return rule in (SH.IRI, SH.IRIOrLiteral, SH.BlankNodeOrIRI)


def _pair_fails(value, compare, or_equal: bool) -> bool:  # type: ignore[no-untyped-def]
    """pySHACL's _compare_lt / _compare_ltoe for one pair (True: a result)."""
    if isinstance(value, BNode) or isinstance(compare, BNode):
        raise Unsupported("sh:lessThan on a blank node (pySHACL raises)")
    vs = cs = False
    if isinstance(value, URIRef):
        value, vs = str(value), True
    elif isinstance(value, Literal) and isinstance(value.value, str):
        value, vs = value.value, True
    if isinstance(compare, URIRef):
        compare, cs = str(compare), True
    elif isinstance(compare, Literal) and isinstance(compare.value, str):
        compare, cs = compare.value, True
    if vs != cs:
        return True
    return not (value <= compare if or_equal else value < compare)


#: SHACL terms used in the evaluator's inner loop, looked up once (rdflib's namespace attribute lookup costs
#: about 1.5 us, and evaluate() runs hundreds of thousands of times on a 100k graph).
_SH_AND_CONSTRAINT_COMPONENT = SH.AndConstraintComponent
_SH_CLASS_CONSTRAINT_COMPONENT = SH.ClassConstraintComponent
_SH_DATATYPE_CONSTRAINT_COMPONENT = SH.DatatypeConstraintComponent
_SH_IN_CONSTRAINT_COMPONENT = SH.InConstraintComponent
_SH_LANGUAGE_IN_CONSTRAINT_COMPONENT = SH.LanguageInConstraintComponent
_SH_LESS_THAN_CONSTRAINT_COMPONENT = SH.LessThanConstraintComponent
_SH_LESS_THAN_OR_EQUALS_CONSTRAINT_COMPONENT = SH.LessThanOrEqualsConstraintComponent
_SH_MAX_COUNT_CONSTRAINT_COMPONENT = SH.MaxCountConstraintComponent
_SH_MIN_COUNT_CONSTRAINT_COMPONENT = SH.MinCountConstraintComponent
_SH_NODE_KIND_CONSTRAINT_COMPONENT = SH.NodeKindConstraintComponent
_SH_NOT_CONSTRAINT_COMPONENT = SH.NotConstraintComponent
_SH_OR_CONSTRAINT_COMPONENT = SH.OrConstraintComponent
_SH_PATTERN_CONSTRAINT_COMPONENT = SH.PatternConstraintComponent
_SH_QUALIFIED_MAX_COUNT_CONSTRAINT_COMPONENT = SH.QualifiedMaxCountConstraintComponent
_SH_QUALIFIED_MIN_COUNT_CONSTRAINT_COMPONENT = SH.QualifiedMinCountConstraintComponent
_SH_AND = SH["and"]
_SH_CLASS = SH["class"]
_SH_DATATYPE = SH.datatype
_SH_IN = SH["in"]
_SH_LANGUAGE_IN = SH.languageIn
_SH_LESS_THAN = SH.lessThan
_SH_LESS_THAN_OR_EQUALS = SH.lessThanOrEquals
_SH_MAX_COUNT = SH.maxCount
_SH_MIN_COUNT = SH.minCount
_SH_NODE_KIND = SH.nodeKind
_SH_NOT = SH["not"]
_SH_OR = SH["or"]
_SH_PATTERN = SH.pattern
_SH_PROPERTY = SH.property
_SH_QUALIFIED_MAX_COUNT = SH.qualifiedMaxCount
_SH_QUALIFIED_MIN_COUNT = SH.qualifiedMinCount
_SH_QUALIFIED_VALUE_SHAPE = SH.qualifiedValueShape


#: Parameters through which a shape's results can be about other nodes than its focus nodes.
_NESTING = (SH.property, SH.node, SH["or"], SH["and"], SH["not"], SH.xone, SH.qualifiedValueShape)


class Evaluator:
    """The Plan's shapes evaluated over ``data`` (an rdflib Graph, or a :class:`StoreView`), SPARQL on ``view``."""

    def __init__(self, plan: Plan, data: DataGraph, view: SparqlView) -> None:
        self.plan, self.data, self.view = plan, data, view
        self._instances: dict = {}
        self._conforms: dict = {}
        self._patterns: dict = {}
        self._in: dict = {}
        self._langs: dict = {}
        self._members: dict = {}
        self._by_path: dict = {}
        #: Index the values of each predicate path once (one scan of the predicate) when the data is an in-memory
        #: rdflib Graph: one dict lookup per focus node instead of an rdflib triple-pattern call. The store route
        #: (StoreView, graphs too large for memory) keeps asking the store.
        self._index_paths = isinstance(data, Graph)

    def values(self, path) -> dict | None:  # type: ignore[no-untyped-def]
        """subject -> objects of ``path`` (a predicate IRI), built on first use; None where not indexed (the store
        route indexes a path only within its memory budget: :meth:`StoreView.index`)."""
        if not isinstance(path, URIRef):
            return None
        if path in self._by_path:
            return self._by_path[path]
        if self._index_paths:
            index: dict | None = {}
            for s, o in self.data.subject_objects(path):
                index.setdefault(s, []).append(o)  # type: ignore[union-attr]
        else:
            index = self.data.index(path) if isinstance(self.data, StoreView) else None
        self._by_path[path] = index
        return index

    def prefill(self, members: set, fvn: dict) -> None:
        """Decide ``conforms(m, v)`` for every member shape and value in one evaluation per shape, where it can.

        A shape whose every result names its own focus node (see :meth:`attributable`) fails, in one call over all
        values, exactly on the values it reports on; other shapes stay one call per value."""
        values = list(dict.fromkeys(v for vs in fvn.values() for v in vs))
        for m in members:
            shape = self.plan.shapes[m]
            if not self.attributable(shape):
                continue
            todo = [v for v in values if (m, v) not in self._conforms]
            if len(todo) < 2:
                continue
            failing = {r.focus for r in self.evaluate(shape, todo)}
            for v in todo:
                self._conforms[(m, v)] = v not in failing

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

    def members(self, lst) -> set:  # type: ignore[no-untyped-def]
        """The shapes of an sh:or / sh:and list, read once."""
        got = self._members.get(lst)
        if got is None:
            got = self._members[lst] = set(_list(self.plan.sg, lst))
        return got

    def instances(self, cls) -> set:  # type: ignore[no-untyped-def]
        got = self._instances.get(cls)
        if got is None:
            got = set(self.data.subjects(RDF.type, cls))
            for sub in self.data.transitive_subjects(RDFS.subClassOf, cls):
                if sub != cls:
                    got.update(self.data.subjects(RDF.type, sub))
            self._instances[cls] = got
        return got

    def focus_nodes(self, shape: Shape) -> set:
        out = set(shape.targets[SH.targetNode])
        for c in shape.targets[SH.targetClass]:
            out |= self.instances(c)
        for p in shape.targets[SH.targetSubjectsOf]:
            out.update(s for s, _ in self.data.subject_objects(p))
        for p in shape.targets[SH.targetObjectsOf]:
            out.update(o for _, o in self.data.subject_objects(p))
        return out

    def conforms(self, node, v) -> bool:  # type: ignore[no-untyped-def]
        key = (node, v)
        got = self._conforms.get(key)
        if got is None:
            got = self._conforms[key] = not self.evaluate(self.plan.shapes[node], [v])
        return got

    def evaluate(self, shape: Shape, focus: Iterable) -> list[Raw]:
        if shape.deactivated:
            return []
        data, sg = self.data, self.plan.sg
        path = shape.path
        if path is None:
            fvn = {f: (f,) for f in focus}
        else:
            index = self.values(path)
            # a subject's objects through one predicate are distinct triples already: no set (rdflib terms hash
            # in Python, and this runs once per focus node)
            fvn = {f: index.get(f, ()) for f in focus} if index is not None else \
                {f: list(data.objects(f, path)) for f in focus}
        if not fvn:
            return []
        out: list[Raw] = []
        pr = shape.params

        def per_value(component, ok) -> None:  # type: ignore[no-untyped-def]
            for f, vs in fvn.items():
                for v in vs:
                    if not ok(v):
                        out.append(Raw(shape, f, component, value=v))

        if _SH_MIN_COUNT in pr:
            n = int(pr[_SH_MIN_COUNT][0])
            if n:
                out += [Raw(shape, f, _SH_MIN_COUNT_CONSTRAINT_COMPONENT) for f, vs in fvn.items() if len(vs) < n]
        if _SH_MAX_COUNT in pr:
            n = int(pr[_SH_MAX_COUNT][0])
            out += [Raw(shape, f, _SH_MAX_COUNT_CONSTRAINT_COMPONENT) for f, vs in fvn.items() if len(vs) > n]
        for c in pr.get(_SH_CLASS, []):
            inst = self.instances(c)
            per_value(_SH_CLASS_CONSTRAINT_COMPONENT, lambda v, inst=inst: not isinstance(v, Literal) and v in inst)
        if _SH_DATATYPE in pr:
            rule = pr[_SH_DATATYPE][0]
            per_value(_SH_DATATYPE_CONSTRAINT_COMPONENT, lambda v: _datatype_ok(v, rule))
        if _SH_NODE_KIND in pr:
            rule = pr[_SH_NODE_KIND][0]
            per_value(_SH_NODE_KIND_CONSTRAINT_COMPONENT, lambda v: _nodekind_ok(v, rule))
        for p in pr.get(_SH_PATTERN, []):
            rx = self._pattern(shape, p)
            per_value(_SH_PATTERN_CONSTRAINT_COMPONENT,
                      lambda v, rx=rx: not isinstance(v, BNode) and bool(rx.match(_string(v)) or rx.search(_string(v))))
        if _SH_LANGUAGE_IN in pr:
            langs = self._languages(pr[_SH_LANGUAGE_IN][0])
            per_value(_SH_LANGUAGE_IN_CONSTRAINT_COMPONENT, lambda v: _lang_ok(v, langs))
        if _SH_IN in pr:
            lst = pr[_SH_IN][0]
            allowed = self._in.get(lst)
            if allowed is None:
                allowed = self._in[lst] = _list(sg, lst)
            per_value(_SH_IN_CONSTRAINT_COMPONENT, lambda v: v in allowed)
        for param, comp, eq in ((_SH_LESS_THAN, _SH_LESS_THAN_CONSTRAINT_COMPONENT, False),
                                (_SH_LESS_THAN_OR_EQUALS, _SH_LESS_THAN_OR_EQUALS_CONSTRAINT_COMPONENT, True)):
            for other in set(pr.get(param, [])):
                other_index = self.values(other)
                for f, vs in fvn.items():
                    compare = set(other_index.get(f, ())) if other_index is not None else set(data.objects(f, other))
                    for v in vs:
                        out += [Raw(shape, f, comp, value=v) for c in compare if _pair_fails(v, c, eq)]
        for lst in pr.get(_SH_OR, []):
            members = self.members(lst)
            self.prefill(members, fvn)
            per_value(_SH_OR_CONSTRAINT_COMPONENT, lambda v, m=members: any(self.conforms(s, v) for s in m))
        for lst in pr.get(_SH_AND, []):
            members = self.members(lst)
            self.prefill(members, fvn)
            per_value(_SH_AND_CONSTRAINT_COMPONENT, lambda v, m=members: all(self.conforms(s, v) for s in m))
        for n in pr.get(_SH_NOT, []):
            self.prefill({n}, fvn)
            per_value(_SH_NOT_CONSTRAINT_COMPONENT, lambda v, n=n: not self.conforms(n, v))
        if _SH_QUALIFIED_VALUE_SHAPE in pr:
            q = pr[_SH_QUALIFIED_VALUE_SHAPE][0]
            qmin, qmax = self.qualified(shape)
            self.prefill({q}, fvn)
            for f, vs in fvn.items():
                n = sum(1 for v in vs if self.conforms(q, v))
                if qmax is not None and n > int(qmax):
                    out.append(Raw(shape, f, _SH_QUALIFIED_MAX_COUNT_CONSTRAINT_COMPONENT))
                if qmin is not None and n < int(qmin):
                    out.append(Raw(shape, f, _SH_QUALIFIED_MIN_COUNT_CONSTRAINT_COMPONENT))
        if _SH_PROPERTY in pr and any(fvn.values()):
            reached = Counter(v for vs in fvn.values() for v in vs)
            for p in pr[_SH_PROPERTY]:
                # one call for all values (a child's results on a value do not depend on the other values); a
                # value reached from k focus nodes is reported k times, as one call per reach would report it
                for r in self.evaluate(self.plan.shapes[p], list(reached)):
                    out += [r] * reached[r.focus]
        for c in shape.sparql:
            out += self._sparql(shape, c, fvn)
        return out

    def _pattern(self, shape: Shape, p) -> re.Pattern:  # type: ignore[no-untyped-def]
        key = (shape.node, p)
        if key not in self._patterns:
            flags_node = self.plan.sg.value(shape.node, SH.flags)
            flags = 0
            if flags_node is not None:
                text = str(flags_node.value).lower()
                flags |= (re.I if "i" in text else 0) | (re.M if "m" in text else 0)
            self._patterns[key] = re.compile(str(p.value) if p.value is not None and len(p.value) > 1 else str(p),
                                             flags)
        return self._patterns[key]

    def _languages(self, lst) -> set[str]:  # type: ignore[no-untyped-def]
        if lst not in self._langs:
            self._langs[lst] = {str(x.value).lower() for x in _list(self.plan.sg, lst)}
        return self._langs[lst]

    def _sparql(self, shape: Shape, c: SparqlConstraint, fvn: dict) -> list[Raw]:
        focus = list(fvn)
        rows_by_focus: dict = {f: [] for f in focus}
        named = [f for f in focus if not isinstance(f, BNode)]
        if c.joinable and named:
            rows_by_focus.update(self._joined(c, named))
        for f in focus if not c.joinable else [f for f in focus if isinstance(f, BNode)]:
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

    def _pre_bound(self, c: SparqlConstraint, f) -> list[dict]:  # type: ignore[no-untyped-def]
        """One focus node, pre-bound as pySHACL does: ``$this`` replaced by the focus node's IRI in the text.

        Oxigraph's own ``substitutions`` behave like a join at the top (a ``BIND($this AS ?t)`` inside a nested group
        leaves ``?t`` unbound), so they are used only for queries whose join equals pre-binding, where blank-node
        focus nodes (which no query text can name) need them.
        """
        if c.joinable:
            if "this" in c.projection:
                return list(self.view.select(f"{c.prefixes}\n{c.text}", {ox.Variable("this"): self.view.to_ox(f)}))
            text = re.sub(r"\bSELECT(\s+(?:DISTINCT|REDUCED))?", r"SELECT\1 ?this", c.text, count=1, flags=re.I)
            rows = list(self.view.select(f"{c.prefixes}\n{text}", {ox.Variable("this"): self.view.to_ox(f)}))
            for row in rows:
                row.pop("this", None)
            return rows
        if isinstance(f, BNode) or re.search(r"[<>\"{}|^`\\\x00-\x20]", str(f)):
            raise Unsupported("a SPARQL constraint that needs pre-binding, on a focus node no query text can name")
        m = re.search(r"\bSELECT\b(.*?)\bWHERE\s*\{", c.text, re.S | re.I)
        assert m is not None  # checked at compile time
        _projection, body, _rest = _where_body(c.text)
        iri = f"<{f}>"
        projection = re.sub(r"[?$]this\b", f"({iri} AS ?this)", m.group(1))
        body = re.sub(r"[?$]this\b", iri, body)
        query = f"{c.prefixes}\n{c.text[:m.start(1)]}{projection} WHERE {{{body}}}"
        return list(self.view.select(query))

    def _joined(self, c: SparqlConstraint, focus: list) -> dict:
        """All focus nodes in one query: ``VALUES ?__focus`` first in the outer group, ``$this`` renamed to it."""
        _projection, body, _rest = _where_body(c.text)
        body = re.sub(r"[?$]this\b", "?__focus", body)
        names = " ".join(f"?{n}" for n in c.projection if n != "this")
        values = " ".join(f"<{f}>" for f in focus)
        query = f"{c.prefixes}SELECT DISTINCT ?__focus {names} WHERE {{ VALUES ?__focus {{ {values} }}\n{body}\n}}"
        out: dict = {}
        for row in self.view.select(query):
            f = row.pop("__focus")
            if "this" in c.projection:
                row["this"] = f
            out.setdefault(f, []).append(row)
        return out


def _lang_ok(v, langs: set[str]) -> bool:  # type: ignore[no-untyped-def]
    if not isinstance(v, Literal) or not v.language:
        return False
    lang = str(v.language).lower()
    return "*" in langs or lang in langs or lang.split("-")[0] in langs


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


# ------------------------------------------------------------------------------------------------------------ report

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

    def fmt(m):  # type: ignore[no-untyped-def]
        if isinstance(m, Literal) and raw.bound_vars is not None:
            return Literal(_format(str(m.value), raw.bound_vars))
        return m

    if raw.extra_messages:
        out += [fmt(m) for m in raw.extra_messages if m not in messages]
    elif not messages and not generic_ok:
        raise Unsupported(f"no sh:message for a result of {raw.shape.node} (pySHACL writes a generic one)")
    return out + [fmt(m) for m in messages]


def _result(raw: Raw, data: Graph, sg: Graph, generic_ok: bool = False) -> tuple:
    """The (description, node, triples) tuple pySHACL's create_validation_report takes."""
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
    return "", r, triples


def _raws(plan: Plan, ev: Evaluator) -> list[Raw]:
    raws: list[Raw] = []
    for shape in plan.top:
        focus = ev.focus_nodes(shape)
        if focus:
            raws += ev.evaluate(shape, focus)
    return raws


def _report(raws: list[Raw], source: Graph, shapes: Graph, generic_messages: bool) -> tuple[bool, Graph]:
    """pySHACL's report of the results; ``source``: the graph it copies blank focus nodes and values from."""
    from types import SimpleNamespace

    from pyshacl.validator import Validator

    conforms = all(r.shape.severity in (SH.Warning, SH.Info) for r in raws)
    results = [_result(r, source, shapes, generic_messages) for r in raws]
    report, _text = Validator.create_validation_report(SimpleNamespace(graph=shapes), conforms, results)
    return conforms, report


def run(data: Graph, shapes: Graph, *, generic_messages: bool = False) -> tuple[bool, Graph, OxView]:
    """Validate ``data`` against ``shapes`` (inference none): (conforms, sh:ValidationReport graph, the ox view).

    Raises :class:`Unsupported` when the shapes need something only pySHACL implements.
    """
    plan = Plan(shapes, generic_messages=generic_messages)
    view = OxView(data)
    conforms, report = _report(_raws(plan, Evaluator(plan, data, view)), data, shapes, generic_messages)
    return conforms, report, view


def run_store(view: StoreView, shapes: Graph, *, generic_messages: bool = False) -> tuple[bool, Graph, StoreView]:
    """Validate the default graph of ``view``'s store (:meth:`StoreView.load`) as :func:`run` validates an rdflib
    graph, never building one of the data: the route for graphs rdflib cannot hold. Same report as :func:`run` on
    the same triples, except where the store's terms differ from rdflib's (:class:`StoreView`). Raises
    :class:`Unsupported` as :func:`run` does; there is no pySHACL fallback here (it would need the rdflib graph
    this route exists to avoid).
    """
    plan = Plan(shapes, generic_messages=generic_messages)
    raws = _raws(plan, Evaluator(plan, view, view))
    source = view.blank_node_graph(n for r in raws for n in (r.focus, r.value))
    conforms, report = _report(raws, source, shapes, generic_messages)
    return conforms, report, view


def result_keys(report: Graph, *, messages: bool = True, canonical_bnodes: bool = False) -> Counter:
    """Every result of a report as a comparable key (focus, path, value, severity, source shape, component, source
    constraint, messages), counted: two paths agree when these multisets are equal.

    ``canonical_bnodes``: name blank nodes by what the report says about them (a property shape by its path and
    message) instead of by id, so reports made in different processes (fresh blank-node ids) can be compared.
    """

    def term(t):  # type: ignore[no-untyped-def]
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
