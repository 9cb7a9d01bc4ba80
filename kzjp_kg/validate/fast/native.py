"""The store route's evaluation in pyoxigraph's own terms: the data is read, indexed and tested as the store gives
it, and only the terms a result names become rdflib terms, at the end.

Why: on the store route most of the time went into making rdflib terms of every value read (a ``Literal`` casts its
lexical form to a Python value on construction) and into hashing them in Python (``Literal.__hash__``), though
nearly every value only passes a test and is dropped. pyoxigraph's terms hash and compare in Rust, and the tests of
SHACL Core read only their kind, lexical form, datatype and language. At 1M triples this halves validation.

:class:`NativeStore` is the evaluator's data graph and SPARQL view over a :class:`~.views.StoreView`'s store;
:data:`OX` is the value-test kit for its terms (:data:`~.values.RDFLIB` is the rdflib route's). Same semantics as
:mod:`.values` (pySHACL 0.40's): where a test needs the Python value of a typed literal (ill-typed literals fail
``sh:datatype``; ``sh:lessThan`` compares values) it asks :mod:`.values` on the rdflib term, once per distinct
literal.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from functools import lru_cache

import pyoxigraph as ox
from rdflib import Literal, Node, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD

from kzjp_kg import terms
from kzjp_kg.validate.fast import values
from kzjp_kg.validate.fast.model import Raw, Unsupported
from kzjp_kg.validate.fast.views import OxTerm, Selects, StoreView, _from_store, transitive_subjects

_DG = ox.DefaultGraph()
_STRING, _LANG_STRING, _DATE = str(XSD.string), str(RDF.langString), str(XSD.date)
_PLAIN_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_INTEGER = re.compile(r"[+-]?[0-9]+")
#: xsd:integer and its sign-bounded kinds, with the values each allows
_INTEGERS = {str(XSD) + d: ok for d, ok in (
    ("integer", lambda n: True), ("nonNegativeInteger", lambda n: n >= 0), ("positiveInteger", lambda n: n > 0),
    ("nonPositiveInteger", lambda n: n <= 0), ("negativeInteger", lambda n: n < 0))}
_KINDS = {ox.BlankNode: frozenset((SH.BlankNode, SH.BlankNodeOrLiteral, SH.BlankNodeOrIRI)),
          ox.Literal: frozenset((SH.Literal, SH.BlankNodeOrLiteral, SH.IRIOrLiteral)),
          ox.NamedNode: frozenset((SH.IRI, SH.IRIOrLiteral, SH.BlankNodeOrIRI))}


class OxTests:
    """SHACL Core's value tests on pyoxigraph terms (the interface of :class:`~.values.RdflibTests`): each factory
    takes a shape's parameter once and gives the test of one value node."""

    def __init__(self) -> None:
        self._terms: dict = {}
        self._typed: dict = {}
        self._nodes: dict = {}

    def term(self, t: object) -> OxTerm:
        """A term of the shapes graph (an rdflib term) as the data's terms are here."""
        if isinstance(t, OxTerm):
            return t
        got = self._terms.get(t)
        if got is None:
            got = self._terms[t] = terms.to_ox(t)
        return got

    @staticmethod
    def is_literal(v: object) -> bool:
        return isinstance(v, ox.Literal)

    @staticmethod
    def is_blank(v: object) -> bool:
        return isinstance(v, ox.BlankNode)

    def datatype(self, rule: Node) -> Callable[[object], bool]:
        """:func:`.values.datatype_ok` on the store's terms: a plain literal is ``xsd:string`` here (the store merges
        ``"a"`` with ``"a"^^xsd:string``, and the rdflib route reads it back plain), a language-tagged one
        ``rdf:langString``; a literal of the rule's own datatype is decided on its rdflib term (ill-typed lexical
        forms fail), once per distinct literal."""
        lit = ox.Literal
        if rule == RDFS.Literal:
            return lambda v: isinstance(v, lit)
        if rule == RDFS.Datatype:
            return lambda v: isinstance(v, lit) and v.language is None and v.datatype.value != _STRING
        r = str(rule)
        if r == _LANG_STRING:
            return lambda v: isinstance(v, lit) and v.language is not None
        if r == _STRING:
            return lambda v: isinstance(v, lit) and v.language is None and v.datatype.value == _STRING
        typed, dt, plain_date = self._typed, URIRef(r), r == _DATE

        def ok(v: object) -> bool:
            if not isinstance(v, lit) or v.datatype.value != r:
                return False
            got = typed.get(v)
            if got is None:
                if plain_date and _valid_date(v.value):  # most dates: no rdflib Literal needed
                    got = typed[v] = True
                else:
                    got = typed[v] = values.datatype_ok(Literal(v.value, datatype=dt), rule)
            return got

        return ok

    @staticmethod
    def nodekind(rule: Node) -> Callable[[object], bool]:
        kinds = frozenset(cls for cls, rules in _KINDS.items() if rule in rules)
        return lambda v: type(v) in kinds

    @staticmethod
    def string_of(v: object) -> str:
        """pySHACL's value_node_to_string: the lexical form, the IRI, the blank node's id."""
        return v.value  # type: ignore[attr-defined]

    @staticmethod
    def language(langs: set[str]) -> Callable[[object], bool]:
        """:func:`.values.lang_ok` (tags are stored lower-case)."""
        every = "*" in langs
        verdicts: dict[str, bool] = {}  # tag -> verdict: a few tags, a million labels

        def ok(v: object) -> bool:
            if not isinstance(v, ox.Literal):
                return False
            tag = v.language
            if not tag:
                return False
            got = verdicts.get(tag)
            if got is None:
                got = verdicts[tag] = every or tag in langs or tag.split("-")[0] in langs
            return got

        return ok

    def pair_fails(self, value: object, compare: object, or_equal: bool) -> bool:
        """:func:`.values.pair_fails`, with two shortcuts that order as rdflib orders the values: two valid
        ``xsd:date`` literals without time zone (``2004-08-29``) compare as text; two valid literals of
        ``xsd:integer`` or its sign-bounded kinds (``"5"^^xsd:nonNegativeInteger``) compare as numbers.
        Everything else goes to rdflib, which has its own ways with ill-typed literals (and cannot order an
        ill-typed date beside a valid one, nor two ``xsd:gYear`` by ``<=``: pySHACL raises there)."""
        if isinstance(value, ox.Literal) and isinstance(compare, ox.Literal):
            a, b, dt = value.value, compare.value, value.datatype.value
            if dt == _DATE and compare.datatype.value == _DATE and _valid_date(a) and _valid_date(b):
                return not (a <= b if or_equal else a < b)
            x, y = _integer(a, dt), _integer(b, compare.datatype.value)
            if x is not None and y is not None:
                return not (x <= y if or_equal else x < y)
        return values.pair_fails(self.node(value), self.node(compare), or_equal)

    def node(self, t: object) -> object:
        """The rdflib term of ``t`` (remembered: values are compared again and again)."""
        got = self._nodes.get(t)
        if got is None:
            got = self._nodes[t] = _from_store(t)  # type: ignore[arg-type]
        return got


def _integer(lexical: str, datatype: str) -> int | None:
    """The value of a valid literal of :data:`_INTEGERS`, else None (rdflib orders ill-typed ones its own way)."""
    allowed = _INTEGERS.get(datatype)
    if allowed is None or not _INTEGER.fullmatch(lexical):
        return None
    n = int(lexical)
    return n if allowed(n) else None


@lru_cache(maxsize=65536)
def _valid_date(lexical: str) -> bool:
    """Whether rdflib reads ``lexical`` as an ``xsd:date`` without a time zone (a ``datetime.date``)."""
    if not _PLAIN_DATE.fullmatch(lexical):
        return False
    try:
        date.fromisoformat(lexical)
    except ValueError:
        return False
    return True


class NativeStore(Selects):
    """A :class:`~.views.StoreView`'s store as the evaluator's data graph and SPARQL view, in pyoxigraph terms
    (rdflib terms of the shapes graph are accepted as arguments); :meth:`result` makes a raw result's terms rdflib
    terms for the report.

    Objects read through a predicate get back the derived datatype the files wrote
    (:meth:`.views.StoreView.restored`).
    """

    #: How many values the path indexes of :meth:`index` may hold together (pyoxigraph terms, about 0.1 KB each,
    #: less than rdflib's): every path of a 1M-triple graph fits; at 10M the largest paths are read per focus node
    #: instead (10M: 943 s and 6.17 GB with this budget, on disk; the budget the rdflib-term indexes had).
    INDEX_BUDGET = 4_000_000

    def __init__(self, view: StoreView, tests: OxTests) -> None:
        self.view, self.store, self.tests = view, view.store, tests
        self._indexed = 0

    def _pred(self, p: object) -> ox.NamedNode:
        if isinstance(p, ox.NamedNode):
            return p
        if not isinstance(p, URIRef):
            raise Unsupported(f"the store route reads predicate paths only, not {p!r}")
        return self.tests.term(p)  # type: ignore[return-value]

    def index(self, path: Node) -> dict | None:
        """subject -> objects of the predicate ``path``, from one scan of the store, or None if it would take the
        indexes past :attr:`INDEX_BUDGET` values.

        Why: a shape reads its path for every focus node; one store lookup per focus node costs more than the scan."""
        pred = self._pred(path)
        quads = self.store.quads_for_pattern(None, pred, None, _DG)
        found = list(quads)
        if self._indexed + len(found) > self.INDEX_BUDGET:
            return None
        self._indexed += len(found)
        out: dict = {}
        restore = any(k[0] == pred.value for k in self.view.census)
        for q in found:
            o = q.object
            if restore:
                o = self.view.restored(q.subject, pred, o)
            got = out.get(q.subject)
            if got is None:
                out[q.subject] = [o]
            else:
                got.append(o)
        return out

    # --- DataGraph, in pyoxigraph terms
    def subjects(self, predicate: object, object: object | None = None) -> Iterator[OxTerm]:
        obj = None if object is None else self.tests.term(object)
        for q in self.store.quads_for_pattern(None, self._pred(predicate), obj, _DG):
            yield q.subject  # type: ignore[misc]  # no triple terms in the data graph

    def transitive_subjects(self, predicate: object, object: object) -> Iterator[OxTerm]:
        return transitive_subjects(self.subjects, predicate, self.tests.term(object))

    def subject_objects(self, predicate: object) -> Iterator[tuple[OxTerm, OxTerm]]:
        pred = self._pred(predicate)
        for q in self.store.quads_for_pattern(None, pred, None, _DG):
            yield q.subject, self.view.restored(q.subject, pred, q.object)  # type: ignore[misc]  # no triple terms

    def objects(self, subject: object, predicate: object) -> Iterator[OxTerm]:
        if isinstance(subject, ox.Literal):
            return
        pred = self._pred(predicate)
        subj = self.tests.term(subject)
        for q in self.store.quads_for_pattern(subj, pred, None, _DG):  # type: ignore[arg-type]
            yield self.view.restored(subj, pred, q.object)  # type: ignore[misc]  # no triple terms in the data

    # --- SparqlView, in pyoxigraph terms
    def to_ox(self, t: object) -> OxTerm:
        return self.tests.term(t)

    @staticmethod
    def term(t: OxTerm) -> OxTerm:
        """Rows of SELECT queries (:class:`~.views.Selects`) keep the store's terms."""
        return t

    # --- back to rdflib for the report
    @staticmethod
    def node(t: object) -> object:
        """A term of a result as the rdflib term the data most likely wrote (language tags in BCP 47 case)."""
        return _from_store(t) if isinstance(t, (ox.NamedNode, ox.BlankNode, ox.Literal)) else t

    def result(self, raw: Raw) -> Raw:
        """``raw`` with rdflib terms (focus, value, path and a SPARQL constraint's bindings)."""
        n = self.node
        raw.focus, raw.value, raw.path = n(raw.focus), n(raw.value), n(raw.path)
        if raw.bound_vars is not None:
            t, p, v, extra = raw.bound_vars
            raw.bound_vars = (n(t), n(p), n(v), {k: n(x) for k, x in extra.items()})
        return raw
