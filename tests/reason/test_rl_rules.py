"""The OWL 2 RL rule tables against the engine: every rule is accounted for, and the rules fire one by one.

The full list of rule ids is written out here from the specification (OWL 2 Profiles, section 4.3, tables 4-9),
independently of the engine, so that a rule dropped from the registry or a misspelt id shows up as a difference.
Then each rule gets one tiny input graph and the triple (or inconsistency) it must produce, run on
:class:`~kzjp_kg.reason.rl.RLEngine` directly (no owlrl, no SPARQL rules, no noise filter).
"""

from __future__ import annotations

from dataclasses import fields

import pytest
from rdflib import Graph

from kzjp_kg.reason.rl import IMPLEMENTED, NOT_IMPLEMENTED, RLEngine, coverage
from kzjp_kg.reason.rl.plans import ClassPlan, PropertyPlan
from kzjp_kg.reason.rl.registry import BY_KIND, CLASS_RULES, KINDS, PROPERTY_RULES
from kzjp_kg.terms import to_ox

SPEC_RULE_IDS = {
    # Table 4: equality
    "eq-ref", "eq-sym", "eq-trans", "eq-rep-s", "eq-rep-p", "eq-rep-o", "eq-diff1", "eq-diff2", "eq-diff3",
    # Table 5: axioms about properties
    "prp-ap", "prp-dom", "prp-rng", "prp-fp", "prp-ifp", "prp-irp", "prp-symp", "prp-asyp", "prp-trp", "prp-spo1",
    "prp-spo2", "prp-eqp1", "prp-eqp2", "prp-pdw", "prp-adp", "prp-inv1", "prp-inv2", "prp-key", "prp-npa1",
    "prp-npa2",
    # Table 6: classes
    "cls-thing", "cls-nothing1", "cls-nothing2", "cls-int1", "cls-int2", "cls-uni", "cls-com", "cls-svf1",
    "cls-svf2", "cls-avf", "cls-hv1", "cls-hv2", "cls-maxc1", "cls-maxc2", "cls-maxqc1", "cls-maxqc2", "cls-maxqc3",
    "cls-maxqc4", "cls-oo",
    # Table 7: class axioms
    "cax-sco", "cax-eqc1", "cax-eqc2", "cax-dw", "cax-adc",
    # Table 8: datatypes
    "dt-type1", "dt-type2", "dt-eq", "dt-diff", "dt-not-type",
    # Table 9: schema vocabulary
    "scm-cls", "scm-sco", "scm-eqc1", "scm-eqc2", "scm-op", "scm-dp", "scm-spo", "scm-eqp1", "scm-eqp2", "scm-dom1",
    "scm-dom2", "scm-rng1", "scm-rng2", "scm-hv", "scm-svf1", "scm-svf2", "scm-avf1", "scm-avf2", "scm-int",
    "scm-uni",
}

HEAD = """@prefix : <http://example.org/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
NS = {":": "http://example.org/", "owl:": "http://www.w3.org/2002/07/owl#",
      "rdfs:": "http://www.w3.org/2000/01/rdf-schema#", "xsd:": "http://www.w3.org/2001/XMLSchema#",
      "a": "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"}


def _term(name: str) -> str:
    if name == "a":
        return f"<{NS['a']}>"
    prefix, local = name.split(":", 1)
    return f"<{NS[prefix + ':']}{local}>"


def _engine(body: str) -> RLEngine:
    g = Graph().parse(data=HEAD + body, format="turtle")
    e = RLEngine()
    e.add((tuple(str(to_ox(x)) for x in t) for t in g), derived=False)
    e.run()
    return e


def test_the_coverage_declares_every_rule_of_the_profile_exactly_once() -> None:
    implemented, excluded = set(IMPLEMENTED), set(NOT_IMPLEMENTED)
    assert implemented | excluded == SPEC_RULE_IDS, (implemented | excluded) ^ SPEC_RULE_IDS
    assert not implemented & excluded
    assert all(len(why) > 40 for why in NOT_IMPLEMENTED.values())  # a reason, not a placeholder
    assert list(coverage()) == sorted(SPEC_RULE_IDS)


def test_every_plan_field_has_its_rule_and_every_rule_its_field() -> None:
    for plan, registry in ((PropertyPlan, PROPERTY_RULES), (ClassPlan, CLASS_RULES)):
        assert {f.name for f in fields(plan)} - {"rules"} == set(registry), plan
    assert set(BY_KIND) == KINDS


FIRES = {  # rule id -> (input, expected triple)
    "eq-sym": (":a owl:sameAs :b .", (":b", "owl:sameAs", ":a")),
    "eq-trans": (":a owl:sameAs :b . :b owl:sameAs :c .", (":a", "owl:sameAs", ":c")),
    "eq-rep-s": (":a owl:sameAs :b . :a :p :o .", (":b", ":p", ":o")),
    "eq-rep-p": (":p owl:sameAs :q . :a :p :o .", (":a", ":q", ":o")),
    "eq-rep-o": (":a owl:sameAs :b . :s :p :a .", (":s", ":p", ":b")),
    "prp-dom": (":p rdfs:domain :C . :x :p :y .", (":x", "a", ":C")),
    "prp-rng": (":p rdfs:range :C . :x :p :y .", (":y", "a", ":C")),
    "prp-fp": (":p a owl:FunctionalProperty . :x :p :a , :b .", (":a", "owl:sameAs", ":b")),
    "prp-ifp": (":p a owl:InverseFunctionalProperty . :a :p :o . :b :p :o .", (":a", "owl:sameAs", ":b")),
    "prp-symp": (":p a owl:SymmetricProperty . :x :p :y .", (":y", ":p", ":x")),
    "prp-trp": (":p a owl:TransitiveProperty . :a :p :b . :b :p :c .", (":a", ":p", ":c")),
    "prp-spo1": (":p rdfs:subPropertyOf :q . :x :p :y .", (":x", ":q", ":y")),
    "prp-spo2": (":q owl:propertyChainAxiom ( :p1 :p2 ) . :a :p1 :b . :b :p2 :c .", (":a", ":q", ":c")),
    "prp-eqp1": (":p owl:equivalentProperty :q . :x :p :y .", (":x", ":q", ":y")),
    "prp-eqp2": (":p owl:equivalentProperty :q . :x :q :y .", (":x", ":p", ":y")),
    "prp-inv1": (":p owl:inverseOf :q . :x :p :y .", (":y", ":q", ":x")),
    "prp-inv2": (":p owl:inverseOf :q . :x :q :y .", (":y", ":p", ":x")),
    "prp-key": (":C owl:hasKey ( :k ) . :a a :C ; :k :v . :b a :C ; :k :v .", (":a", "owl:sameAs", ":b")),
    "cls-thing": ("", ("owl:Thing", "a", "owl:Class")),
    "cls-nothing1": ("", ("owl:Nothing", "a", "owl:Class")),
    "cls-int1": (":C owl:intersectionOf ( :A :B ) . :x a :A , :B .", (":x", "a", ":C")),
    "cls-int2": (":C owl:intersectionOf ( :A :B ) . :x a :C .", (":x", "a", ":B")),
    "cls-uni": (":C owl:unionOf ( :A :B ) . :x a :B .", (":x", "a", ":C")),
    "cls-svf1": (":R owl:onProperty :p ; owl:someValuesFrom :C . :x :p :y . :y a :C .", (":x", "a", ":R")),
    "cls-svf2": (":R owl:onProperty :p ; owl:someValuesFrom owl:Thing . :x :p :y .", (":x", "a", ":R")),
    "cls-avf": (":R owl:onProperty :p ; owl:allValuesFrom :C . :x a :R ; :p :y .", (":y", "a", ":C")),
    "cls-hv1": (":R owl:onProperty :p ; owl:hasValue :v . :x a :R .", (":x", ":p", ":v")),
    "cls-hv2": (":R owl:onProperty :p ; owl:hasValue :v . :x :p :v .", (":x", "a", ":R")),
    "cls-maxc2": (':R owl:onProperty :p ; owl:maxCardinality "1"^^xsd:nonNegativeInteger . :x a :R ; :p :a , :b .',
                  (":a", "owl:sameAs", ":b")),
    "cls-maxqc3": (':R owl:onProperty :p ; owl:maxQualifiedCardinality "1"^^xsd:nonNegativeInteger ; owl:onClass :C .'
                   " :x a :R ; :p :a , :b . :a a :C . :b a :C .", (":a", "owl:sameAs", ":b")),
    "cls-maxqc4": (':R owl:onProperty :p ; owl:maxQualifiedCardinality "1"^^xsd:nonNegativeInteger ; '
                   "owl:onClass owl:Thing . :x a :R ; :p :a , :b .", (":a", "owl:sameAs", ":b")),
    "cls-oo": (":C owl:oneOf ( :a :b ) .", (":b", "a", ":C")),
    "cax-sco": (":A rdfs:subClassOf :B . :x a :A .", (":x", "a", ":B")),
    "cax-eqc1": (":A owl:equivalentClass :B . :x a :A .", (":x", "a", ":B")),
    "cax-eqc2": (":A owl:equivalentClass :B . :x a :B .", (":x", "a", ":A")),
    "dt-type1": ("", ("xsd:integer", "a", "rdfs:Datatype")),
    "scm-cls": (":A a owl:Class .", (":A", "rdfs:subClassOf", "owl:Thing")),
    "scm-sco": (":A rdfs:subClassOf :B . :B rdfs:subClassOf :C .", (":A", "rdfs:subClassOf", ":C")),
    "scm-eqc1": (":A owl:equivalentClass :B .", (":B", "rdfs:subClassOf", ":A")),
    "scm-eqc2": (":A rdfs:subClassOf :B . :B rdfs:subClassOf :A .", (":A", "owl:equivalentClass", ":B")),
    "scm-op": (":p a owl:ObjectProperty .", (":p", "owl:equivalentProperty", ":p")),
    "scm-dp": (":p a owl:DatatypeProperty .", (":p", "rdfs:subPropertyOf", ":p")),
    "scm-spo": (":p rdfs:subPropertyOf :q . :q rdfs:subPropertyOf :r .", (":p", "rdfs:subPropertyOf", ":r")),
    "scm-eqp1": (":p owl:equivalentProperty :q .", (":q", "rdfs:subPropertyOf", ":p")),
    "scm-eqp2": (":p rdfs:subPropertyOf :q . :q rdfs:subPropertyOf :p .", (":p", "owl:equivalentProperty", ":q")),
    "scm-dom1": (":p rdfs:domain :A . :A rdfs:subClassOf :B .", (":p", "rdfs:domain", ":B")),
    "scm-dom2": (":q rdfs:domain :A . :p rdfs:subPropertyOf :q .", (":p", "rdfs:domain", ":A")),
    "scm-rng1": (":p rdfs:range :A . :A rdfs:subClassOf :B .", (":p", "rdfs:range", ":B")),
    "scm-rng2": (":q rdfs:range :A . :p rdfs:subPropertyOf :q .", (":p", "rdfs:range", ":A")),
    "scm-hv": (":R1 owl:onProperty :p ; owl:hasValue :v . :R2 owl:onProperty :q ; owl:hasValue :v . "
               ":p rdfs:subPropertyOf :q .", (":R1", "rdfs:subClassOf", ":R2")),
    "scm-svf1": (":R1 owl:onProperty :p ; owl:someValuesFrom :A . :R2 owl:onProperty :p ; owl:someValuesFrom :B . "
                 ":A rdfs:subClassOf :B .", (":R1", "rdfs:subClassOf", ":R2")),
    "scm-svf2": (":R1 owl:onProperty :p ; owl:someValuesFrom :A . :R2 owl:onProperty :q ; owl:someValuesFrom :A . "
                 ":p rdfs:subPropertyOf :q .", (":R1", "rdfs:subClassOf", ":R2")),
    "scm-avf1": (":R1 owl:onProperty :p ; owl:allValuesFrom :A . :R2 owl:onProperty :p ; owl:allValuesFrom :B . "
                 ":A rdfs:subClassOf :B .", (":R1", "rdfs:subClassOf", ":R2")),
    "scm-avf2": (":R1 owl:onProperty :p ; owl:allValuesFrom :A . :R2 owl:onProperty :q ; owl:allValuesFrom :A . "
                 ":p rdfs:subPropertyOf :q .", (":R2", "rdfs:subClassOf", ":R1")),
    "scm-int": (":C owl:intersectionOf ( :A :B ) .", (":C", "rdfs:subClassOf", ":B")),
    "scm-uni": (":C owl:unionOf ( :A :B ) .", (":A", "rdfs:subClassOf", ":C")),
}

CLASHES = {  # rule id -> (input, the start of the inconsistency message)
    "eq-diff1": (":a owl:sameAs :b . :a owl:differentFrom :b .", "eq-diff1"),
    "eq-diff2": ("[ a owl:AllDifferent ; owl:members ( :a :b ) ] . :a owl:sameAs :b .", "eq-diff2/3"),
    "eq-diff3": ("[ a owl:AllDifferent ; owl:distinctMembers ( :a :b ) ] . :a owl:sameAs :b .", "eq-diff2/3"),
    "prp-irp": (":p a owl:IrreflexiveProperty . :x :p :x .", "prp-irp"),
    "prp-asyp": (":p a owl:AsymmetricProperty . :x :p :y . :y :p :x .", "prp-asyp"),
    "prp-pdw": (":p owl:propertyDisjointWith :q . :x :p :y ; :q :y .", "prp-pdw/adp"),
    "prp-adp": ("[ a owl:AllDisjointProperties ; owl:members ( :p :q ) ] . :x :p :y ; :q :y .", "prp-pdw/adp"),
    "prp-npa1": ("[ owl:sourceIndividual :x ; owl:assertionProperty :p ; owl:targetIndividual :y ] . :x :p :y .",
                 "prp-npa"),
    "prp-npa2": ('[ owl:sourceIndividual :x ; owl:assertionProperty :p ; owl:targetValue "v" ] . :x :p "v" .',
                 "prp-npa"),
    "cls-nothing2": (":x a owl:Nothing .", "cls-nothing2"),
    "cls-com": (":A owl:complementOf :B . :x a :A , :B .", "cax-dw/cls-com"),
    "cls-maxc1": (':R owl:onProperty :p ; owl:maxCardinality "0"^^xsd:nonNegativeInteger . :x a :R ; :p :y .',
                  "cls-maxc1"),
    "cls-maxqc1": (':R owl:onProperty :p ; owl:maxQualifiedCardinality "0"^^xsd:nonNegativeInteger ; owl:onClass :C .'
                   " :x a :R ; :p :y . :y a :C .", "cls-maxc1/maxqc1-2"),
    "cls-maxqc2": (':R owl:onProperty :p ; owl:maxQualifiedCardinality "0"^^xsd:nonNegativeInteger ; '
                   "owl:onClass owl:Thing . :x a :R ; :p :y .", "cls-maxc1/maxqc1-2"),
    "cax-dw": (":A owl:disjointWith :B . :x a :A , :B .", "cax-dw"),
    "cax-adc": ("[ a owl:AllDisjointClasses ; owl:members ( :A :B ) ] . :x a :A , :B .", "cax-adc"),
    "dt-diff": (':p a owl:FunctionalProperty . :x :p "a" , "b" .', "dt-diff"),
    "dt-not-type": (':x :age "twelve"^^xsd:integer .', "dt-not-type"),
}


@pytest.mark.parametrize("rule_id", list(FIRES))
def test_the_rule_fires(rule_id: str) -> None:
    body, expected = FIRES[rule_id]
    assert rule_id in IMPLEMENTED
    e = _engine(body)
    assert tuple(_term(x) for x in expected) in e.triples


@pytest.mark.parametrize("rule_id", list(CLASHES))
def test_the_inconsistency_is_reported(rule_id: str) -> None:
    body, prefix = CLASHES[rule_id]
    assert rule_id in IMPLEMENTED
    msgs = _engine(body).check()
    assert any(m.startswith(prefix) for m in msgs), msgs


def test_every_implemented_rule_has_a_case_here() -> None:
    assert set(FIRES) | set(CLASHES) | {"dt-type2"} == set(IMPLEMENTED)


def test_dt_type2_literals_have_their_datatype_and_its_supertypes_without_stored_triples() -> None:
    e = _engine(':x :p "3"^^xsd:byte .')
    lit = '"3"^^<http://www.w3.org/2001/XMLSchema#byte>'
    assert {_term("xsd:byte"), _term("xsd:short"), _term("xsd:integer")} <= e.types_of(lit)
    assert not any(s == lit for s, _, _ in e.triples)


def test_the_excluded_rules_indeed_add_nothing() -> None:
    e = _engine(':a :p "1"^^xsd:integer , "01"^^xsd:integer .')
    assert not any(p == _term("owl:sameAs") for _, p, _ in e.triples)  # eq-ref, dt-eq
    assert not any(o == _term("owl:AnnotationProperty") for _, _, o in e.triples)  # prp-ap
