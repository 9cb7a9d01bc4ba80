"""The ontology documents every term in kk and en, tags match scripts, dates are typed, and it stays in OWL 2 RL."""

from __future__ import annotations

import re

import pytest
from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal
from rdflib.namespace import SKOS

from kzjp_kg import config
from kzjp_kg.load import load_dataset
from kzjp_kg.profile import rl_violations

DS = load_dataset()
ONTO = DS.graph(config.GRAPH_ONTOLOGY)
NS = str(config.KZJP)
TERMS = sorted({s for s, o in ONTO.subject_objects(RDF.type)
                if str(s).startswith(NS) and o in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)})
CYR = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")


def test_the_ontology_has_its_terms() -> None:
    assert len(TERMS) > 150


@pytest.mark.parametrize("prop", [RDFS.label, SKOS.definition])
@pytest.mark.parametrize("lang", ["kk", "en"])
def test_every_term_has_label_and_definition_in_kk_and_en(prop, lang) -> None:  # type: ignore[no-untyped-def]
    missing = [t for t in TERMS
               if not any(isinstance(o, Literal) and o.language == lang for o in ONTO.objects(t, prop))]
    assert missing == []


def test_language_tags_match_scripts_everywhere() -> None:
    bad = []
    for g in DS.graphs():
        for s, p, o in g:
            if not isinstance(o, Literal) or not o.language or p not in (RDFS.label, SKOS.definition, SKOS.altLabel):
                continue
            lang, text = o.language.lower(), str(o)
            if (lang in ("kk", "ru") and (not CYR.search(text) or (re.search(r"[A-Za-z]", text) and p == RDFS.label))) \
                    or (lang in ("en", "kk-latn") and p == RDFS.label and CYR.search(text)) \
                    or (lang == "ja" and not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text)):
                bad.append((s, p, text, lang))
    assert bad == []


def test_every_date_like_literal_is_typed() -> None:
    untyped = [(s, p, o) for g in DS.graphs() for s, p, o in g
               if isinstance(o, Literal) and o.datatype is None and not o.language
               and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", str(o))]
    assert untyped == []
    dates = [o for g in DS.graphs() for o in g.objects() if isinstance(o, Literal) and o.datatype == XSD.date]
    assert len(dates) > 20


def test_ontology_header_has_version_licence_and_dates() -> None:
    from rdflib import URIRef
    from rdflib.namespace import DCTERMS

    o = URIRef(config.NS.ontology_iri)
    assert (o, RDF.type, OWL.Ontology) in ONTO
    assert ONTO.value(o, OWL.versionIRI) is not None
    assert ONTO.value(o, DCTERMS.license) is not None and ONTO.value(o, DCTERMS.created) is not None


def test_the_ontology_is_inside_owl2_rl() -> None:
    assert rl_violations(ONTO) == []


def test_the_profile_check_catches_constructs_outside_rl() -> None:
    g = Graph().parse(data="""@prefix : <http://ex/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        :Visit rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :visitor ; owl:someValuesFrom :Person ] .
        :Doc rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :party ;
            owl:maxCardinality "2"^^xsd:nonNegativeInteger ] .
        :P a owl:ReflexiveProperty .""", format="turtle")
    found = rl_violations(g)
    assert any("someValuesFrom" in f for f in found) and any("max cardinality 2" in f for f in found)
    assert any("ReflexiveProperty" in f for f in found)
