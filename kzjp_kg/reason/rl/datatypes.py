"""Table 8 of the OWL 2 RL rules, the semantics of datatypes (dt-*), and the literal helpers they need.

Literals stay N-Triples strings (``"lex"^^<dt>``): the datatype and lexical form are read off the string, and only
the checks convert values (with rdflib / owlrl, so both engines judge literals alike).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .registry import rule
from .vocab import DATATYPE, SAME, TYPE, Triple

if TYPE_CHECKING:
    from .engine import RLEngine
    from .plans import ClassPlan


def _datatype_tables() -> tuple[frozenset[str], dict[str, tuple[str, ...]]]:
    """OWL 2 RL datatypes and their subsumptions, taken from owlrl so both engines type literals alike (dt-type2)."""
    from owlrl.XsdDatatypes import OWL_Datatype_Subsumptions, OWL_RL_Datatypes

    dts = frozenset(f"<{d}>" for d in OWL_RL_Datatypes)
    subs = {f"<{d}>": tuple(f"<{x}>" for x in sup) for d, sup in OWL_Datatype_Subsumptions.items()}
    return dts, subs


RL_DATATYPES, DT_SUBSUMPTIONS = _datatype_tables()


def literal_datatype(term: str) -> str | None:
    """``<dt>`` of a typed literal in N-Triples form, else None (IRIs, blank nodes, plain and tagged literals)."""
    if term[0] == '"' and term[-1] == ">":
        i = term.rfind('"^^<')
        if i > 0:
            return term[i + 3:]
    return None


def literal_lexical(term: str) -> str:
    """The lexical form of a literal in N-Triples form (escapes undone for the common cases)."""
    end = term.rfind('"')
    lex = term[1:end]
    if "\\" in lex:
        lex = lex.encode("latin-1", "backslashreplace").decode("unicode_escape")
    return lex


@rule("dt-type1", kind="axiom")
def dt_type1() -> list[Triple]:
    """Every OWL 2 RL datatype is an rdfs:Datatype (sorted, so the derived triples come in a stable order)."""
    return [(dt, TYPE, DATATYPE) for dt in sorted(RL_DATATYPES)]


@rule("dt-type2", kind="lookup")
def dt_type2(term: str, classes: set[str], class_plans: dict[str, ClassPlan]) -> set[str]:
    """A literal's classes with its datatype and the datatypes subsuming it added (and their superclasses).

    Why a lookup and not triples: ``"lit" rdf:type xsd:…`` for every literal would be a quarter of the output and
    is noise; the rules that need a literal's type (cls-svf1, cls-int1, cls-maxqc, the clash checks) ask here."""
    dt = literal_datatype(term)
    if dt in RL_DATATYPES:
        classes = classes | {dt, *DT_SUBSUMPTIONS.get(dt, ())}
        for d in list(classes):
            plan = class_plans.get(d)
            if plan is not None:
                classes.update(plan.supers)
    return classes


def same_value(a: str, b: str) -> bool:
    """Whether two literals in N-Triples form denote the same data value (rdflib's value comparison)."""
    from rdflib.util import from_n3

    la, lb = from_n3(a), from_n3(b)
    try:
        return bool(la.eq(lb))  # type: ignore[union-attr]  # from_n3 of a literal gives a Literal
    except TypeError:
        return False


@rule("dt-diff", kind="check")
def dt_diff(e: RLEngine) -> list[str]:
    """dt-diff with eq-diff1: two literals with different data values made owl:sameAs. The rule itself (``l1
    owl:differentFrom l2`` for every pair of different literals) is quadratic and says nothing else."""
    errs: list[str] = []
    for x, ys in e._spo[SAME].items():
        if x[0] == '"':
            errs.extend(f"dt-diff: {x} and {y} are different values but are the same" for y in ys
                        if y[0] == '"' and not same_value(x, y))
    return errs


@rule("dt-not-type", kind="check")
def dt_not_type(e: RLEngine) -> list[str]:
    """Literals whose lexical form is not in their datatype's lexical space (as owlrl checks)."""
    return ill_typed(e._literals)


def ill_typed(literals: Iterable[str]) -> list[str]:
    """dt-not-type over ``literals``, converting as owlrl does."""
    from owlrl.DatatypeHandling import AltXSDToPYTHON

    conv = {f"<{k}>": f for k, f in AltXSDToPYTHON.items()}
    errs = []
    for lit in literals:
        dt = literal_datatype(lit)
        f = conv.get(dt) if dt in RL_DATATYPES else None
        if f is not None:
            try:
                f(literal_lexical(lit))
            except ValueError:
                errs.append(f"dt-not-type: {lit} is not in the lexical space of {dt}")
    return errs
