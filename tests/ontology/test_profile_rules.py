"""The project's own fast profile check (kzjp_kg.profile) also encodes the rules OWL API enforced on this ontology."""

from __future__ import annotations

from rdflib import Graph

from kzjp_kg import config
from kzjp_kg.load import load_dataset
from kzjp_kg.profile import rl_violations, undeclared

BAD = """@prefix : <http://example.org/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
    @prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix dcterms: <http://purl.org/dc/terms/> .
    <http://example.org/o> a owl:Ontology ; dcterms:creator "someone" .
    dcterms:creator a owl:ObjectProperty .
    :yearMonth a owl:DatatypeProperty ; rdfs:range xsd:gYearMonth ; skos:definition "a month"@en .
    :text a owl:DatatypeProperty ; rdfs:range rdf:langString .
    :count a owl:DatatypeProperty ; rdfs:range xsd:nonNegativeInteger .
    :levels a skos:ConceptScheme ."""


def test_the_fast_check_catches_what_owlapi_reported() -> None:
    g = Graph().parse(data=BAD, format="turtle")
    found = "\n".join(rl_violations(g) + undeclared(g))
    assert "yearMonth: rdfs:range http://www.w3.org/2001/XMLSchema#gYearMonth is outside" in found
    assert "text: rdfs:range http://www.w3.org/1999/02/22-rdf-syntax-ns#langString is outside" in found
    assert "nonNegativeInteger" not in found                       # in the OWL 2 RL datatype map
    assert "terms/creator: an object property used with a literal" in found
    assert "skos/core#definition: used but not declared" in found
    assert "typed http://www.w3.org/2004/02/skos/core#ConceptScheme, a class the ontology does not declare" in found


def test_the_ontology_declares_every_property_and_class_it_uses() -> None:
    assert undeclared(load_dataset().graph(config.GRAPH_ONTOLOGY)) == []
