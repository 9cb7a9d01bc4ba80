"""The fast OWL 2 RL engine on small graphs: the cases reasonable got wrong, incrementality, and schema from data.

Each graph is tiny and written in Turtle here; the closure is compared with owlrl's (after the noise filter), so
these tests pin agreement on exactly the features where a hand-written engine is most likely to slip.
"""

from __future__ import annotations

import random

import pytest
from rdflib import Graph, Literal, URIRef

from kzjp_kg.reason import closure
from kzjp_kg.reason.rl import RLEngine
from kzjp_kg.terms import to_ox

EX = "http://example.org/"
HEAD = """@prefix : <http://example.org/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

CASES = {
    "chain over inferred links (inverse, then chain)": """
        :holdsPosition owl:inverseOf :holder . :holdsOffice owl:propertyChainAxiom ( :holdsPosition :office ) .
        :h1 :holder :ann ; :office :pm .""",
    "chain over a transitive link": """
        :partOf a owl:TransitiveProperty . :inRegionOf owl:propertyChainAxiom ( :partOf :regionOf ) .
        :a :partOf :b . :b :partOf :c . :c :regionOf :r .""",
    "schema entailments (scm-dom2, scm-rng1, scm-spo)": """
        :p rdfs:subPropertyOf :q . :q rdfs:subPropertyOf :r . :r rdfs:domain :D ; rdfs:range :R .
        :R rdfs:subClassOf :S . :x :p :y .""",
    "sameAs from a functional property, then replication": """
        :hasMayor a owl:FunctionalProperty . :astana :hasMayor :m1 , :m2 . :m1 :bornIn :almaty . :m2 a :Person .""",
    "someValuesFrom and intersection (LUBM's Chair)": """
        :Chair owl:equivalentClass [ owl:intersectionOf ( :Person
            [ a owl:Restriction ; owl:onProperty :headOf ; owl:someValuesFrom :Department ] ) ] .
        :x a :Person ; :headOf :d . :d a :Department .""",
    "hasValue both ways, allValuesFrom": """
        :Kazakh owl:equivalentClass [ a owl:Restriction ; owl:onProperty :citizenOf ; owl:hasValue :kz ] .
        :Diplomat rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :posted ; owl:allValuesFrom :Embassy ] .
        :a :citizenOf :kz . :b a :Kazakh . :b a :Diplomat ; :posted :e .""",
    "a property made transitive by equality with one (schema from data)": """
        :partOf a owl:TransitiveProperty . :isPartOf owl:sameAs :partOf . :a :isPartOf :b . :b :isPartOf :c .""",
}


def _graph(body: str) -> Graph:
    return Graph().parse(data=HEAD + body, format="turtle")


@pytest.mark.parametrize("name", list(CASES))
def test_same_closure_as_owlrl(name: str) -> None:
    g = _graph(CASES[name])
    fast, ref = closure(g, "fast", use_rules=False), closure(g, "owlrl", use_rules=False)
    assert set(fast.inferred) == set(ref.inferred), (set(fast.inferred) ^ set(ref.inferred))
    assert len(fast.inferred) > 0


def test_the_chain_reasonable_misses_is_there() -> None:
    g = _graph(CASES["chain over inferred links (inverse, then chain)"])
    assert (URIRef(EX + "ann"), URIRef(EX + "holdsOffice"), URIRef(EX + "pm")) in closure(g, "fast").inferred


@pytest.mark.parametrize("name", list(CASES))
def test_adding_later_gives_the_same_closure_as_adding_at_once(name: str) -> None:
    """Incremental runs (as the rules feed the engine) must not depend on what arrived first — including a list
    of a chain or an intersection whose triples arrive in two parts."""
    keys = sorted(tuple(str(to_ox(x)) for x in t) for t in _graph(CASES[name]))
    once = RLEngine()
    once.add(keys, derived=False)
    once.run()
    for seed in range(40):
        order = list(keys)
        random.Random(seed).shuffle(order)
        cut = 1 + seed % (len(order) - 1)
        step = RLEngine()
        step.add(order[:cut], derived=False)
        step.run()
        step.add(order[cut:], derived=False)
        step.run()
        assert step.triples == once.triples, (seed, cut, step.triples ^ once.triples)


def test_literals_come_back_unchanged() -> None:
    url = "see https://www.mofa.go.jp/region/europe/kazakhstan/ (1994)"
    g = _graph(f':p rdfs:subPropertyOf :q . :x :p "{url}" , "plain" , "сөз"@kk , "1994"^^xsd:gYear .')
    objs = {o for _, p, o in closure(g, "fast").inferred if p == URIRef(EX + "q")}
    assert objs == {Literal(url), Literal("plain"), Literal("сөз", lang="kk"), Literal("1994", datatype=URIRef(
        "http://www.w3.org/2001/XMLSchema#gYear"))}
    assert all(o.datatype is None for o in objs if o.language is None and str(o) in (url, "plain"))


@pytest.mark.parametrize(("body", "rule"), [
    (":A owl:disjointWith :B . :x a :A , :B .", "cax-dw"),
    (":p a owl:IrreflexiveProperty . :x :p :x .", "prp-irp"),
    (":a owl:sameAs :b . :a owl:differentFrom :b .", "eq-diff1"),
    (':p a owl:FunctionalProperty . :x :p "a" , "b" .', "dt-diff"),
    (':x :age "twelve"^^xsd:integer .', "dt-not-type"),
])
def test_inconsistencies_are_reported(body: str, rule: str) -> None:
    res = closure(_graph(body), "fast", use_rules=False)
    assert any(m.startswith(rule) for m in res.inconsistencies), res.inconsistencies
    assert not closure(_graph(":x a :A ."), "fast").inconsistencies
