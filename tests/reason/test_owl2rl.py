"""The OWL 2 RL cases of the W3C OWL 2 test suite, run from the exported manifest with both OWL 2 RL engines.

Read in place from ../shared/conformance/owl2rl/w3c-owl2-test-cases/all.rdf (never copied). Selected: every test
case tagged ``test:profile test:RL`` with ``test:semantics test:RDF-BASED`` (92). For each, with the fast path
(:class:`kzjp_kg.reason.rl.RLEngine`) and with owlrl, on the full closure of the premise (imports resolved from the
test's own ``test:importedOntology``, never fetched):

* PositiveEntailmentTest: every conclusion triple is in the closure, blank nodes of the conclusion being
  existential variables (the conclusion's ontology header is not part of what is entailed);
* NegativeEntailmentTest: the non-conclusion is not entailed that way;
* ConsistencyTest / InconsistencyTest: the engine reports no inconsistency / at least one (a ``false``-headed rule
  fired: owlrl writes error messages into the graph, the fast path returns them);
* ProfileIdentificationTest: the premise passes the project's RL profile check (kzjp_kg.profile).

Cases that exist only in Functional Syntax are skipped (rdflib reads RDF/XML only here). What the engines cannot
do is listed below with the reason (RL_LIMITS: beyond the OWL 2 RL/RDF rules, so both engines; ENGINE_LIMITS: one
engine only), as strict expected failures: if an engine improves, the test XPASSes and fails, and the list must
be updated.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from rdflib import OWL, RDF, BNode, Graph, Literal, Namespace, URIRef

from kzjp_kg import config
from kzjp_kg.reason.engines import owlrl_closure
from kzjp_kg.reason.rl import RLEngine
from kzjp_kg.terms import to_ox

SUITE = config.SHARED_DIR / "conformance" / "owl2rl" / "w3c-owl2-test-cases" / "all.rdf"
T = Namespace("http://www.w3.org/2007/OWL/testOntology#")
ERR = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")
KINDS = ("ConsistencyTest", "InconsistencyTest", "PositiveEntailmentTest", "NegativeEntailmentTest")

_COMPLEMENT = ("the conclusion types an individual with an anonymous owl:complementOf class; OWL 2 RL/RDF has no "
               "rule concluding membership of a complement (owl:complementOf occurs only in cls-com, a clash check)")
_DIFFERENT = ("the conclusion is owl:differentFrom / owl:AllDifferent; no OWL 2 RL/RDF rule concludes it (eq-diff*, "
              "prp-pdw and prp-adp only detect clashes), not even its symmetry")
_NEW_CLASS = ("the conclusion asserts that a class expression exists (a restriction or a union as a blank node); "
              "no OWL 2 RL/RDF rule creates blank nodes, so rule engines never entail such a triple pattern")
_DATATYPES = ("needs the XSD datatype hierarchy and datatype intersections as schema axioms (xsd:byte ⊑ xsd:short, "
              "short ∩ unsignedInt = unsignedShort); the RL/RDF datatype rules only type literals (dt-type2)")
#: identifier -> why neither OWL 2 RL engine passes it (measured with owlrl 7.6.2 and this repository's fast path).
RL_LIMITS: dict[str, str] = {
    "DisjointClasses-001": _COMPLEMENT,
    "DisjointClasses-003": _COMPLEMENT,
    "New-Feature-ObjectQCR-002": _COMPLEMENT,
    "New-Feature-DisjointObjectProperties-001": _DIFFERENT,
    "New-Feature-DisjointObjectProperties-002": _DIFFERENT,
    "New-Feature-DisjointDataProperties-002": _DIFFERENT,
    "WebOnt-differentFrom-001": _DIFFERENT,
    "owl2-rl-rules-fp-differentFrom": _DIFFERENT,
    "owl2-rl-rules-ifp-differentFrom": _DIFFERENT,
    "WebOnt-I5.26-010": _NEW_CLASS,
    "WebOnt-I5.5-005": _NEW_CLASS,
    "WebOnt-I5.8-006": _DATATYPES,
    "WebOnt-I5.8-008": _DATATYPES,
    "WebOnt-I5.8-009": _DATATYPES,
    "chain2trans1": ("p ∘ p ⊑ p makes p transitive, a schema-level entailment that no OWL 2 RL/RDF rule "
                     "draws (prp-spo2 applies the chain to data only)"),
    "New-Feature-ReflexiveProperty-001": ("owl:ReflexiveProperty is outside OWL 2 RL (the RL grammar has no "
                                          "ReflexiveObjectProperty axiom and no RL/RDF rule reads it), although the "
                                          "export tags this case RL"),
}
#: (identifier, engine) -> why only that engine fails it.
ENGINE_LIMITS: dict[tuple[str, str], str] = {
    ("New-Feature-Keys-006", "owlrl"): ("a functional data property with two different literals: owlrl infers "
                                        "\"Peter\" owl:sameAs \"Kichwa-Tembo\" but does not see that two "
                                        "different data values cannot be equal (dt-diff); the fast path does"),
}
#: cases the project's profile check (kzjp_kg.profile) rejects, and why that is right.
PROFILE_LIMITS: dict[str, str] = {"New-Feature-ReflexiveProperty-001": RL_LIMITS["New-Feature-ReflexiveProperty-001"]}


@dataclass
class Case:
    ident: str
    kinds: set[str]
    premise: str | None
    conclusion: str | None = None
    nonconclusion: str | None = None
    imports: dict[str, str] = field(default_factory=dict)
    iri: str = ""


def _load_cases() -> list[Case]:
    if not SUITE.is_file():
        return []
    g = Graph().parse(SUITE, format="xml")
    cases = []
    for tc in set(g.subjects(T.profile, T.RL)):
        if (tc, T.semantics, T["RDF-BASED"]) not in g:
            continue

        def text(p: URIRef, tc: URIRef = tc) -> str | None:
            v = g.value(tc, p)
            return str(v) if v is not None else None

        kinds = {k for k in KINDS if (tc, RDF.type, T[k]) in g}
        imports = {}
        for node in g.objects(tc, T.importedOntology):
            iri, doc = g.value(node, T.importedOntologyIRI), g.value(node, T.rdfXmlInputOntology)
            if iri is not None and doc is not None:
                imports[str(iri)] = str(doc)
        cases.append(Case(str(g.value(tc, T.identifier)), kinds, text(T.rdfXmlPremiseOntology),
                          text(T.rdfXmlConclusionOntology), text(T.rdfXmlNonConclusionOntology), imports, str(tc)))
    return sorted(cases, key=lambda c: c.ident)


CASES = _load_cases()


def _parse(doc: str, base: str) -> Graph:
    return Graph().parse(data=doc, format="xml", publicID=base)


def _premise(case: Case) -> Graph:
    g = _parse(case.premise or "", case.iri)
    todo, done = [str(o) for o in g.objects(None, OWL.imports)], set()
    while todo:
        iri = todo.pop()
        if iri in done:
            continue
        done.add(iri)
        if iri not in case.imports:
            pytest.fail(f"{case.ident}: imports {iri}, which the test does not supply")
        imp = _parse(case.imports[iri], iri)
        g += imp
        todo += [str(o) for o in imp.objects(None, OWL.imports)]
    return g


def _closure(engine: str, g: Graph) -> tuple[Graph, list[str]]:
    """The full closure (premise included) and the inconsistencies the engine found."""
    if engine == "owlrl":
        full = owlrl_closure(g)
        errors = [str(m) for e in full.subjects(RDF.type, ERR.ErrorMessage) for m in full.objects(e, ERR.error)]
        return full, errors
    back: dict[str, object] = {}

    def key(t: object) -> str:
        k = str(to_ox(t))
        back[k] = t
        return k

    engine_ = RLEngine()
    engine_.add([(key(s), key(p), key(o)) for s, p, o in g], derived=False)
    engine_.run()
    full = Graph()
    for t in engine_.triples:
        if all(k in back or k[0] == "<" for k in t):
            full.add(tuple(back.get(k) or URIRef(k[1:-1]) for k in t))  # type: ignore[arg-type]
    return full, engine_.check()


def _entailed(full: Graph, conclusion: Graph) -> bool:
    """Simple entailment of ``conclusion`` by ``full``: its blank nodes are existential variables."""
    headers = set(conclusion.subjects(RDF.type, OWL.Ontology))
    pattern = [t for t in conclusion if t[0] not in headers]
    if not pattern:
        return True

    def n3(term: object) -> str:
        if isinstance(term, BNode):
            return f"?b{term}"
        assert isinstance(term, URIRef | Literal)
        return term.n3()

    query = "ASK { " + " .\n".join(" ".join(n3(x) for x in t) for t in pattern) + " }"
    return bool(full.query(query).askAnswer)


def _params() -> list:
    out = []
    for case in CASES:
        for engine in ("fast", "owlrl"):
            marks = []
            reason = RL_LIMITS.get(case.ident) or ENGINE_LIMITS.get((case.ident, engine))
            if reason:
                marks.append(pytest.mark.xfail(reason=reason, strict=True))
            out.append(pytest.param(case, engine, id=f"{case.ident}-{engine}", marks=marks))
    return out


def test_the_suite_is_there() -> None:
    if not SUITE.is_file():
        pytest.skip(f"{SUITE} missing: the shared folder is not beside the clone")
    assert len(CASES) == 92
    assert sum(1 for c in CASES if c.premise) >= 80


@pytest.mark.slow
@pytest.mark.parametrize(("case", "engine"), _params())
def test_w3c_owl2_rl_case(case: Case, engine: str) -> None:
    if case.premise is None:
        pytest.skip("only in Functional Syntax (no RDF/XML premise), which rdflib cannot read")
    premise = _premise(case)
    full, errors = _closure(engine, premise)
    checked = False
    if "InconsistencyTest" in case.kinds:
        assert errors, "inconsistent premise, but no false-headed rule fired"
        checked = True
    if "ConsistencyTest" in case.kinds:
        assert not errors, errors[:3]
        checked = True
    if "PositiveEntailmentTest" in case.kinds:
        if case.conclusion is None:
            pytest.skip("conclusion only in Functional Syntax")
        assert _entailed(full, _parse(case.conclusion, case.iri)), "conclusion not entailed"
        checked = True
    if "NegativeEntailmentTest" in case.kinds:
        if case.nonconclusion is None:
            pytest.skip("non-conclusion only in Functional Syntax")
        assert not _entailed(full, _parse(case.nonconclusion, case.iri)), "non-conclusion entailed"
        checked = True
    assert checked, f"no known test kind in {case.kinds}"


@pytest.mark.parametrize("case", [
    pytest.param(c, id=c.ident, marks=[pytest.mark.xfail(reason=PROFILE_LIMITS[c.ident], strict=True)]
                 if c.ident in PROFILE_LIMITS else []) for c in CASES if c.premise])
def test_w3c_rl_premise_is_in_the_rl_profile(case: Case) -> None:
    from kzjp_kg.profile import rl_violations

    assert rl_violations(_premise(case)) == []
