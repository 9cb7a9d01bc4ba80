"""The store route's value tests on pyoxigraph terms (``fast.native.OxTests``) decide as the rdflib route's
(``fast.values``, pySHACL's semantics) on the same terms, value by value: datatypes (ill-typed and time-zoned dates,
plain and language-tagged strings), node kinds, languages and the ``sh:lessThan`` order, including the shortcuts
the native kit takes (dates checked without an rdflib Literal, fixed-width dates compared as text).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import SH

from kzjp_kg.terms import from_ox
from kzjp_kg.validate.fast import values
from kzjp_kg.validate.fast.native import OxTests

_X = "http://www.w3.org/2001/XMLSchema#"
UNKNOWN = URIRef(_X + "unknownType")


def _typed(lexical: str, dt: str) -> ox.Literal:
    return ox.Literal(lexical, datatype=ox.NamedNode(_X + dt))


DATES = ["2004-08-29", "2004-08-30", "1994-04-09", "2020-13-01", "2020-02-30", "0000-01-01", "20200-01-01",
         "2020-1-1", "2020-01-01Z", "2020-01-01+05:00", "-0044-03-15", " 2020-01-01"]
TERMS = [ox.NamedNode("http://example.org/a"), ox.BlankNode("b0"), ox.Literal("Астана"), ox.Literal("x", language="kk"),
         ox.Literal("Astana", language="kk-latn"), ox.Literal("Tokyo", language="en"),
         *(_typed(d, "date") for d in DATES), _typed("2004", "gYear"), _typed("2004-08", "gYearMonth"),
         _typed("1", "integer"), _typed("abc", "integer"), _typed("5", "nonNegativeInteger"),
         _typed("-1", "nonNegativeInteger"), _typed("true", "boolean"), _typed("maybe", "boolean"),
         _typed("1.5", "decimal"), _typed("2004-08-29T10:00:00", "dateTime"), _typed("x", "unknownType")]
RULES = [XSD.string, RDF.langString, XSD.date, XSD.gYear, XSD.gYearMonth, XSD.integer, XSD.nonNegativeInteger,
         XSD.boolean, XSD.decimal, XSD.dateTime, RDFS.Literal, RDFS.Datatype, UNKNOWN]


def _rdflib(t: object) -> object:
    return from_ox(t)  # type: ignore[arg-type]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: str(r).rsplit("#", 1)[-1])
def test_datatype_agrees_with_the_rdflib_route(rule: object) -> None:
    ok = OxTests().datatype(rule)  # type: ignore[arg-type]
    got = {str(t): ok(t) for t in TERMS}
    want = {str(t): values.datatype_ok(_rdflib(t), rule) for t in TERMS}  # type: ignore[arg-type]
    assert got == want
    assert any(want.values())  # the rule accepts something here: the test is not vacuous


def test_a_valid_date_passes_and_ill_typed_ones_fail() -> None:
    ok = OxTests().datatype(XSD.date)
    assert ok(_typed("2004-08-29", "date")) and ok(_typed("2020-01-01Z", "date"))
    assert not any(ok(_typed(d, "date")) for d in ("2020-13-01", "2020-02-30", "0000-01-01", "2020-1-1"))


@pytest.mark.parametrize("kind", [SH.IRI, SH.BlankNode, SH.Literal, SH.BlankNodeOrIRI, SH.BlankNodeOrLiteral,
                                  SH.IRIOrLiteral])
def test_node_kind_agrees(kind: object) -> None:
    ok = OxTests.nodekind(kind)  # type: ignore[arg-type]
    assert [ok(t) for t in TERMS] == [values.nodekind_ok(_rdflib(t), kind) for t in TERMS]  # type: ignore[arg-type]


@pytest.mark.parametrize("langs", [{"kk"}, {"en", "ru"}, {"*"}, {"kk-latn"}, {"ja"}])
def test_language_agrees(langs: set[str]) -> None:
    ok = OxTests.language(langs)
    assert [ok(t) for t in TERMS] == [values.lang_ok(_rdflib(t), langs) for t in TERMS]


ORDERED = [_typed(d, "date") for d in ("2004-08-29", "2004-08-30", "1994-04-09", "2004-08-29", "2020-13-01",
                                         "2020-02-30", "2004-8-29")] + \
          [_typed(y, "gYear") for y in ("2004", "1994", "2004", "0999")] + \
          [_typed(m, "gYearMonth") for m in ("2004-08", "2004-12", "1994-04", "2004-13")] + \
          [_typed(n, dt) for n, dt in (("5", "nonNegativeInteger"), ("7", "integer"), ("-1", "nonNegativeInteger"),
                                       ("+5", "integer"), ("05", "int"), ("1.0", "integer"), ("0", "positiveInteger"),
                                       ("12", "nonNegativeInteger"), ("1.5", "decimal"))]


def _outcome(call: Callable[[], bool]) -> object:
    """The answer, or the kind of error (rdflib cannot order some pairs of datatypes: pySHACL raises there too)."""
    try:
        return call()
    except TypeError as e:
        return type(e)


@pytest.mark.parametrize("or_equal", [False, True])
def test_less_than_order_agrees(or_equal: bool) -> None:
    """Every pair, same datatype or not, including ill-typed and not fixed-width forms (which go to rdflib)."""
    kit = OxTests()
    for a, b in itertools.product(ORDERED, repeat=2):
        want = _outcome(lambda: values.pair_fails(_rdflib(a), _rdflib(b), or_equal))  # noqa: B023
        assert _outcome(lambda: kit.pair_fails(a, b, or_equal)) == want, (a, b, or_equal)  # noqa: B023
    assert kit.pair_fails(_typed("2004-08-30", "date"), _typed("2004-08-29", "date"), or_equal)
    assert not kit.pair_fails(_typed("1994-04-09", "date"), _typed("2004-08-29", "date"), or_equal)


def test_shapes_terms_become_store_terms() -> None:
    kit = OxTests()
    assert kit.term(XSD.date) == ox.NamedNode(_X + "date")
    assert kit.term(Literal("a", lang="kk-Latn")) == ox.Literal("a", language="kk-latn")
    assert kit.term(ox.NamedNode(_X + "date")) == ox.NamedNode(_X + "date")  # already a store term
