"""Value tests of SHACL Core as pySHACL 0.40 decides them: datatypes (ill-typed literals fail), node kinds, pattern
text, ``sh:languageIn`` (langMatches-style) and the ``sh:lessThan`` comparisons.

Why copied so closely: the fast path must give pySHACL's report, the reference, including its edge cases.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from rdflib import RDF, RDFS, BNode, Literal, Node, URIRef
from rdflib.namespace import SH, XSD

from kzjp_kg.validate.fast.model import Unsupported

_TEXT = (None, RDF.langString, XSD.string)
#: the Python type rdflib casts a valid lexical form of these datatypes to
_CHECKS: dict[Node, type | tuple[type, ...]] = {
    XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int, XSD.float: float,
    XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date, XSD.time: time, XSD.dateTime: datetime}
_KINDS = {BNode: (SH.BlankNode, SH.BlankNodeOrLiteral, SH.BlankNodeOrIRI),
          Literal: (SH.Literal, SH.BlankNodeOrLiteral, SH.IRIOrLiteral),
          URIRef: (SH.IRI, SH.IRIOrLiteral, SH.BlankNodeOrIRI)}


def string_of(v: object) -> str:
    """pySHACL's value_node_to_string."""
    if isinstance(v, Literal) and v.value is not None and v.datatype in _TEXT:
        return str(v.value)
    return str(v)


def actual_datatype(v: Literal, rule: Node) -> bool:
    check = _CHECKS.get(rule)
    return True if check is None else isinstance(v.value, check)


def datatype_ok(v: object, rule: Node) -> bool:
    if not isinstance(v, Literal):
        return False
    if v.datatype == rule:
        return False if getattr(v, "ill_typed", None) is True else actual_datatype(v, rule)
    if rule == RDFS.Literal or (rule == RDFS.Datatype and v.datatype):
        return True
    if v.datatype is None and v.language is None and rule == XSD.string:
        return actual_datatype(v, rule)
    if rule == RDF.langString and v.language:
        return actual_datatype(v, rule)
    return False


def nodekind_ok(v: object, rule: Node) -> bool:
    return rule in _KINDS[BNode if isinstance(v, BNode) else Literal if isinstance(v, Literal) else URIRef]


def pair_fails(value: Any, compare: Any, or_equal: bool) -> bool:  # terms, then their Python values
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


def lang_ok(v: object, langs: set[str]) -> bool:
    if not isinstance(v, Literal) or not v.language:
        return False
    lang = str(v.language).lower()
    return "*" in langs or lang in langs or lang.split("-")[0] in langs


class RdflibTests:
    """The value tests on rdflib terms, as the components ask for them: each factory takes a shape's parameter once
    and gives the test of one value node. (The store route's kit, on pyoxigraph terms, is
    :class:`~kzjp_kg.validate.fast.native.OxTests`.)"""

    @staticmethod
    def term(t: object) -> object:
        """A term of the shapes graph as the data's terms are here: itself."""
        return t

    @staticmethod
    def is_literal(v: object) -> bool:
        return isinstance(v, Literal)

    @staticmethod
    def is_blank(v: object) -> bool:
        return isinstance(v, BNode)

    @staticmethod
    def datatype(rule: Node) -> Callable[[object], bool]:
        return lambda v: datatype_ok(v, rule)

    @staticmethod
    def nodekind(rule: Node) -> Callable[[object], bool]:
        return lambda v: nodekind_ok(v, rule)

    string_of = staticmethod(string_of)

    @staticmethod
    def language(langs: set[str]) -> Callable[[object], bool]:
        return lambda v: lang_ok(v, langs)

    pair_fails = staticmethod(pair_fails)
