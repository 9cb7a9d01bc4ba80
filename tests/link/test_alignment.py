"""Queries written in Wikidata's vocabulary return this graph's facts after reasoning — and only then."""

from __future__ import annotations

import pytest

from kzjp_kg import config
from kzjp_kg.load import load_dataset
from kzjp_kg.profile import rl_violations
from tests.conftest import Kg

WD = """PREFIX wd: <http://www.wikidata.org/entity/> PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX p: <http://www.wikidata.org/prop/> PREFIX ps: <http://www.wikidata.org/prop/statement/>
PREFIX pq: <http://www.wikidata.org/prop/qualifier/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


@pytest.mark.parametrize(("name", "query"), [
    ("participant: the visits Nazarbayev took part in", "ASK { kzr:visit-1994-04-nazarbayev-japan wdt:P710 wd:Q57394 }"),
    ("participant via a sub-property (head of delegation)", "ASK { kzr:consultations-kz-jp wdt:P710 wd:Q1775487 }"),
    ("participant: a state taking part", "ASK { kzr:visit-2006-08-koizumi-kazakhstan wdt:P710 wd:Q232 }"),
    ("country of a visit", "ASK { kzr:visit-2006-08-koizumi-kazakhstan wdt:P17 wd:Q232 }"),
    ("location", "ASK { kzr:visit-2004-08-kawaguchi-kazakhstan wdt:P276 wd:Q1520 }"),
    ("signatory", "ASK { kzr:doc-1994-joint-statement wdt:P1891 wd:Q17 }"),
    ("part of, transitive and from a QID", "ASK { ?x skos:exactMatch wd:Q1520 ; wdt:P361 wd:Q27275 }"),
    ("instance of: human", "ASK { ?x skos:exactMatch wd:Q130852 ; wdt:P31 wd:Q5 }"),
    ("instance of: country", "ASK { kzr:kazakhstan wdt:P31 wd:Q6256 }"),
    ("position held, truthy", "ASK { kzr:fukuda wdt:P39 wd:Q274948 }"),
    ("point in time", 'ASK { kzr:diplomatic-relations-1992 wdt:P585 "1992-01-26"^^xsd:date }'),
    ("start time", 'ASK { kzr:visit-1994-04-nazarbayev-japan wdt:P580 "1994-04-06"^^xsd:date }'),
])
def test_wikidata_vocabulary_answers_only_after_reasoning(kg: Kg, name: str, query: str) -> None:
    assert kg.ask(WD + query), name
    assert not kg.ask(WD + query, asserted_only=True), f"{name}: asserted already, so it shows no reasoning"


def test_position_held_as_statements_with_qualifiers_like_on_wikidata(kg: Kg) -> None:
    """The query one would send to Wikidata's service: who was Prime Minister of Japan on 2008-06-20?"""
    q = WD + """SELECT DISTINCT ?who WHERE {
      ?who p:P39 ?st . ?st ps:P39 wd:Q274948 ; pq:P580 ?s ; pq:P582 ?e .
      FILTER(STR(?s) <= "2008-06-20" && "2008-06-20" <= STR(?e)) } ORDER BY ?who"""
    # our holding (kzr:) and Wikidata's own statement (wd:, from the snapshot graph) answer alike
    assert kg.select(q) == [("http://www.wikidata.org/entity/Q101137",), ("kzr:fukuda",)]


def test_the_snapshot_does_not_leak_into_our_model(kg: Kg) -> None:
    # one-directional alignment: Wikidata's items are never typed with our classes or given our properties
    assert not kg.ask("""ASK { ?x ?p ?o FILTER(STRSTARTS(STR(?x), "http://www.wikidata.org/"))
        FILTER(STRSTARTS(STR(?p), "https://w3id.org/kzjp-kg/ontology#")) }""")
    assert not kg.ask("""ASK { ?x a ?c FILTER(STRSTARTS(STR(?x), "http://www.wikidata.org/"))
        FILTER(STRSTARTS(STR(?c), "https://w3id.org/kzjp-kg/ontology#")) }""")
    # and what the reasoner writes in Wikidata's vocabulary is always about our resources
    assert not kg.ask(WD + """ASK { GRAPH <https://w3id.org/kzjp-kg/graph/inferred> { ?x ?p ?o
        FILTER(STRSTARTS(STR(?x), "http://www.wikidata.org/") && STRSTARTS(STR(?p), "http://www.wikidata.org/")) } }""")


def test_the_alignment_is_owl2_rl_and_one_directional() -> None:
    from rdflib import OWL, Graph

    g = Graph().parse(config.ROOT / "ontology" / "wikidata-alignment.ttl", format="turtle")
    assert rl_violations(g) == []
    assert not list(g.triples((None, OWL.equivalentProperty, None)))
    assert not list(g.triples((None, OWL.equivalentClass, None)))
    onto = load_dataset().graph(config.GRAPH_ONTOLOGY)
    assert len(onto) > len(g)  # loaded into the ontology graph with the other modules
