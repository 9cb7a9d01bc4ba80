"""Where the evaluator reads the data: an rdflib Graph with its copy in pyoxigraph for SPARQL (:class:`OxView`), or a
pyoxigraph store alone (:class:`StoreView`, the store route for graphs too large for rdflib).

Why two views behind two small protocols (:class:`DataGraph`, :class:`SparqlView`): the constraint components read
the data through four rdflib-style calls, and SPARQL constraints and QC queries run on pyoxigraph either way; the
views are where terms cross between the two libraries, and where the routes can differ (see :class:`StoreView`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Node, URIRef
from rdflib.namespace import XSD

from kzjp_kg import terms
from kzjp_kg.terms import bcp47_case
from kzjp_kg.validate.fast.model import Unsupported

#: A term as pyoxigraph gives it (the data graphs hold no RDF-star triple terms, which the store may type).
OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
OxAny = OxTerm | ox.Triple


def to_ox(term: object, cache: dict) -> OxTerm:
    """:func:`kzjp_kg.terms.to_ox`, remembered in ``cache`` (the way back for :class:`OxView`)."""
    out = cache.get(term)
    if out is None:
        out = cache[term] = terms.to_ox(term)
    return out


from_ox = terms.from_ox


class Selects:
    """SELECT queries on a pyoxigraph store (``self.store``), each row's terms given by ``self.term``: rdflib terms
    (:class:`OxView`, :class:`StoreView`) or the store's own (:class:`~kzjp_kg.validate.fast.native.NativeStore`)."""

    store: ox.Store

    def term(self, t: OxTerm) -> object:
        raise NotImplementedError

    def rows(self, query: str, substitutions: dict | None = None) -> tuple[list[str], Iterable[list]]:
        """Variable names and rows (lists in variable order, None where unbound) of a SELECT query."""
        try:
            res = self.store.query(query, substitutions=substitutions) if substitutions else self.store.query(query)
        except SyntaxError as e:  # e.g. a prefix pySHACL finds elsewhere: leave the query to the reference
            raise Unsupported(f"oxigraph cannot parse a query: {e}") from e
        if not isinstance(res, ox.QuerySolutions):
            raise Unsupported("not a SELECT query")
        names = [v.value for v in res.variables]
        term = self.term
        return names, ([None if row[i] is None else term(row[i]) for i in range(len(names))]
                       for row in res)

    def select(self, query: str, substitutions: dict | None = None) -> Iterable[dict]:
        """Rows as dicts of the bound variables only (as rdflib's ResultRow.asdict gives them)."""
        names, rows = self.rows(query, substitutions)
        for row in rows:
            yield {n: v for n, v in zip(names, row, strict=True) if v is not None}


def transitive_subjects(subjects: Callable[[object, object], Iterable], predicate: object,
                        start: object) -> Iterator:
    """``start`` first, then everything reaching it through ``predicate`` (``subjects(predicate, object)``), each
    once (as rdflib's Graph.transitive_subjects)."""
    seen, todo = {start}, [start]
    yield start
    while todo:
        for s in subjects(predicate, todo.pop()):
            if s not in seen:
                seen.add(s)
                todo.append(s)
                yield s


class OxView(Selects):
    """The data graph copied once into an in-memory pyoxigraph store, with the way back to the original rdflib terms
    (oxigraph lower-cases language tags and merges ``"a"`` with ``"a"^^xsd:string``; reports must name the data's
    own terms)."""

    def __init__(self, data: Graph) -> None:
        cache: dict = {}
        self.store = ox.Store()
        self.store.bulk_extend(ox.Quad(to_ox(s, cache), to_ox(p, cache), to_ox(o, cache))  # type: ignore[arg-type]
                               for s, p, o in data)
        self.back = {v: k for k, v in cache.items()}

    def term(self, t: OxTerm) -> Node:
        got = self.back.get(t)
        return got if got is not None else from_ox(t)

    def to_ox(self, t: object) -> OxTerm:
        return to_ox(t, {})



#: a term of the data as the route gives it: an rdflib term, or a pyoxigraph term on the store route
Term = Any


class DataGraph(Protocol):
    """The four reads the evaluator makes of the data graph, as rdflib's Graph names them (terms of the route in
    and out; terms of the shapes graph accepted as arguments).

    Why a protocol: the build hands the evaluator an rdflib Graph; large graphs are validated from a pyoxigraph store
    (:class:`~kzjp_kg.validate.fast.native.NativeStore`) that never becomes one. Only predicate paths are asked for
    (the Plan rejects others).
    """

    def subjects(self, predicate: Term, object: Term | None) -> Iterator[Term]:
        ...

    def transitive_subjects(self, predicate: Term, object: Term) -> Iterator[Term]:
        ...

    def subject_objects(self, predicate: Term) -> Iterator[tuple[Term, Term]]:
        ...

    def objects(self, subject: Term, predicate: Term) -> Iterator[Term]:
        ...


class SparqlView(Protocol):
    """Where the evaluator runs SPARQL constraints and QC queries: a pyoxigraph store, rows given in the route's
    terms."""

    def to_ox(self, t: object) -> OxTerm:
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


#: an N-Triples line whose object is a literal of a datatype the store collapses, or of a base type it collapses to
_FAMILY = re.compile(rb"\^\^<" + re.escape(_XSD.encode()) + rb"(?:" +
                     b"|".join(sorted({d.removeprefix(_XSD).encode() for d in (*_COLLAPSED, *_BASES)})) + rb")>")
_ESCAPED_DATATYPE = re.compile(rb"\^\^<[^>\n]*\\")


def _census_triples(path: Path, fmt: ox.RdfFormat, chunk: int = 1 << 24) -> Iterator:
    """The triples :meth:`StoreView.load`'s census needs: those whose object is a literal of the integer or
    date-time family (others may come too).

    Why not simply parse the file: at 1M triples the Python-side parse took 6 s of a 15 s load, for some
    thousands of such literals. An N-Triples file is one triple per line, and its datatype IRIs are written out in
    full: the lines that name one of these datatypes are found in the bytes and only they are parsed. Any other
    syntax, a datatype IRI written with escapes, or a line that does not parse on its own: the whole file is
    parsed (and a syntax error is reported at its place in the file)."""
    if fmt != ox.RdfFormat.N_TRIPLES:
        yield from _parse(path, fmt)
        return
    lines: list[bytes] = []
    with open(path, "rb") as f:
        rest = b""
        while True:
            block = f.read(chunk)
            data = rest + block
            cut = data.rfind(b"\n") + 1 if block else len(data)
            data, rest = data[:cut], data[cut:]
            if _ESCAPED_DATATYPE.search(data):
                yield from _parse(path, fmt)
                return
            for m in _FAMILY.finditer(data):
                start = data.rfind(b"\n", 0, m.start()) + 1
                end = data.find(b"\n", m.end())
                lines.append(data[start:len(data) if end < 0 else end + 1])
            if not block:
                break
    try:
        triples = list(ox.parse(b"\n".join(lines), format=fmt))
    except SyntaxError:
        triples = list(_parse(path, fmt))
    yield from triples


def _from_store(term: OxAny) -> Node:
    """A pyoxigraph term as the rdflib term the data most likely wrote (see :class:`StoreView` for where not)."""
    return from_ox(term, bcp47_case)  # type: ignore[arg-type]  # never a triple term


class StoreView(Selects):
    """A pyoxigraph store (default graph) loaded from files, with no rdflib Graph of the data ever built: the store
    route for graphs too large for rdflib (10M triples). The evaluator reads it in pyoxigraph terms
    (:class:`~kzjp_kg.validate.fast.native.NativeStore`); reports and QC queries read it here, in rdflib terms.

    Terms are converted to rdflib on the way out, lazily, one pattern at a time; nothing keeps a map of every term
    (unlike :class:`OxView`, whose map back to the data's own terms is what the store route must not afford). This
    is where the two routes can differ, because the store keeps terms its own way:

    * ``"a"`` and ``"a"^^xsd:string`` are one term (RDF 1.1), both read back as the plain ``"a"``: one value where
      rdflib counts two (``sh:maxCount``); ``sh:datatype xsd:string`` accepts it either way;
    * language tags are stored lower-cased and read back in BCP 47 case (:func:`bcp47_case`): a tag the data wrote
      in another case (``KK-latn``) is reported as ``kk-Latn``;
    * lexical forms of numbers, booleans and date-times are stored canonical (``"01"^^xsd:integer`` reads back as
      ``"1"``, ``"1"^^xsd:boolean`` as ``"true"``): same value, other text in a report;
    * derived integer datatypes (and ``xsd:dateTimeStamp``) are stored as their base type; :meth:`load` takes a
      census so that objects read through a predicate get their datatype back, but values that SPARQL constraints
      and QC queries return carry the base type (no shape of the project returns such a value).
    """

    def __init__(self, store: ox.Store, census: dict | None = None) -> None:
        self.store = store
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
        through a predicate that had one derived datatype get it back (:meth:`restored`). Only for a predicate with
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
            for t in _census_triples(path, fmt):
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
                for t in _census_triples(path, fmt):
                    o = t.object
                    if not isinstance(o, ox.Literal):
                        continue
                    key = (t.predicate.value, _COLLAPSED.get(o.datatype.value, o.datatype.value))
                    if key not in mixed:
                        continue
                    subject = None if isinstance(t.subject, ox.BlankNode) else t.subject.value
                    census[key].setdefault((subject, _value(o.value, key[1])), set()).add(o.datatype.value)
        return cls(store, census)

    def restored(self, subject: OxAny, predicate: ox.NamedNode, term: OxAny) -> OxAny:
        """An object of ``subject`` read through ``predicate``, with the datatype the files wrote restored (a
        pyoxigraph term: the store route's evaluator works on these, :mod:`.native`)."""
        if isinstance(term, ox.Literal) and self.census and term.datatype.value in _BASES:
            got = self.census.get((predicate.value, term.datatype.value))
            if isinstance(got, dict):  # several datatypes for this predicate: per (subject, value)
                where = None if isinstance(subject, ox.BlankNode) else subject.value  # type: ignore[union-attr]
                dts = got.get((where, _value(term.value, term.datatype.value)), set())
                if where is None or len(dts) > 1:
                    raise Unsupported(f"{predicate.value} has values of several datatypes the store keeps as "
                                      f"{term.datatype.value}, and cannot tell {term} of {subject} apart")
                got = next(iter(dts)) if dts else None
            if got is not None:
                return ox.Literal(term.value, datatype=ox.NamedNode(got))
        return term

    def _object(self, subject: OxAny, predicate: ox.NamedNode, term: OxAny) -> Node:
        """:meth:`restored`, as an rdflib term."""
        return _from_store(self.restored(subject, predicate, term))

    # --- DataGraph
    def _node(self, t: object) -> OxTerm:
        return to_ox(t, {})

    def _pred(self, p: Node) -> ox.NamedNode:
        if not isinstance(p, URIRef):
            raise Unsupported(f"the store route reads predicate paths only, not {p!r}")
        return ox.NamedNode(str(p))

    def subjects(self, predicate: Node, object: Node | None = None) -> Iterator[Node]:
        """Subjects with ``predicate`` to ``object`` (any object when None, as rdflib's; repeated once per triple)."""
        obj = None if object is None else self._node(object)
        for q in self.store.quads_for_pattern(None, self._pred(predicate), obj, ox.DefaultGraph()):
            yield _from_store(q.subject)

    def transitive_subjects(self, predicate: Node, object: Node) -> Iterator[Node]:
        return transitive_subjects(self.subjects, predicate, object)  # type: ignore[arg-type]

    def subject_objects(self, predicate: Node) -> Iterator[tuple[Node, Node]]:
        for q in self.store.quads_for_pattern(None, self._pred(predicate), None, ox.DefaultGraph()):
            yield _from_store(q.subject), self._object(q.subject, q.predicate, q.object)

    def objects(self, subject: Node, predicate: Node) -> Iterator[Node]:
        if isinstance(subject, Literal):
            return
        subj = self._node(subject)
        assert not isinstance(subj, ox.Literal)  # returned above
        for q in self.store.quads_for_pattern(subj, self._pred(predicate), None, ox.DefaultGraph()):
            yield self._object(q.subject, q.predicate, q.object)

    def value(self, subject: Node, predicate: Node) -> Node | None:
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
    def to_ox(self, t: object) -> OxTerm:
        return to_ox(t, {})

    def term(self, t: OxTerm) -> Node:
        return _from_store(t)
