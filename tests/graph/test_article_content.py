"""What the article says in passing, in lists and in its own voice is in the graph, each with its sentence."""

from __future__ import annotations

import re

from tests.conftest import Kg


def test_who_recognised_whom_in_1991(kg: Kg) -> None:
    assert kg.select("""SELECT ?by ?whom ?s WHERE { kzr:recognition-1991 kzjp:recognisingState ?by ;
        kzjp:recognisedState ?whom ; kzjp:statedIn ?s FILTER(STRSTARTS(STR(?s), STR(kzs:))) }""") == [
        ("kzr:japan", "kzr:kazakhstan", "kzs:s016")]  # (the Kazakh MFA's page, row F001, says it too)


def test_what_the_silk_road_programme_provides_for_item_by_item(kg: Kg) -> None:
    rows = kg.select("""SELECT ?item ?s WHERE { kzr:silk-road-diplomacy-programme kzjp:providesFor ?item .
        ?item kzjp:statedIn ?s }""")
    assert sorted(rows) == [("kzr:aim-market-transition-support", "kzs:s035"),
                            ("kzr:aim-strengthen-political-relations", "kzs:s035"),
                            ("kzr:aim-trade-economic-cooperation", "kzs:s035")]


def test_what_the_2001_attacks_led_to(kg: Kg) -> None:
    assert kg.select("SELECT ?x ?s WHERE { kzr:sept11 kzjp:ledTo ?x . ?x kzjp:statedIn ?s }") == [
        ("kzr:need-security-dialogue", "kzs:s040")]


def test_what_koizumi_said_the_2006_visit_showed_is_his_claim(kg: Kg) -> None:
    rows = kg.select("""PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?who ?p ?what ?s WHERE { ?c a kzjp:Claim ; kzjp:claimAbout kzr:visit-2006-08-koizumi-kazakhstan ;
        prov:wasAttributedTo ?who ; kzjp:claimedProperty ?p ; kzjp:claimedValue ?what ; kzjp:statedIn ?s }""")
    assert rows == [("kzr:koizumi", "kzjp:evidenceOf", "kzr:japan-active-position-central-asia", "kzs:s065")]


def test_the_authors_assessments_are_claims_of_the_author_with_their_sentence(kg: Kg) -> None:
    rows = kg.select("""PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?a ?s WHERE { ?a a kzjp:Assessment ; prov:wasAttributedTo kzr:article-author ; kzjp:statedIn ?s ;
        kzjp:claimAbout ?x }""")
    sentences = {s for _, s in rows}
    assert {"kzs:s007", "kzs:s046", "kzs:s062", "kzs:s083", "kzs:s084", "kzs:s085"} <= sentences
    # every assessment is a claim, not a plain fact, and is attributed to the author
    assert not kg.ask("""PREFIX prov: <http://www.w3.org/ns/prov#>
        ASK { ?a a kzjp:Assessment FILTER NOT EXISTS { ?a a kzjp:Claim ; prov:wasAttributedTo kzr:article-author } }""")
    # what still states no fact is a transition, not an assessment
    left = kg.select("SELECT ?s WHERE { ?s kzjp:statesNoFact ?why }")
    assert left == [("kzs:s009",)]


def test_every_item_of_the_articles_lists(kg: Kg) -> None:
    def objects(s: str, p: str) -> set[str]:
        return {o for (o,) in kg.select(f"SELECT ?o WHERE {{ {s} {p} ?o }}")}
    assert {"kzr:aim-balance-of-powers", "kzr:aim-prevent-threats"} <= objects("kzr:multi-vector-policy", "kzjp:aim")
    assert {"kzr:aim-central-asian-integration", "kzr:aim-bilateral-relations-each-state"} <= objects(
        "kzr:central-asia-plus-japan", "kzjp:aim")
    assert {"kzr:topic-oil-gas-production-central-asia", "kzr:topic-gold-central-asia"} <= objects(
        "kzr:speech-2006-aso", "kzjp:discussed")
    assert {"kzr:stance-political-ties-importance-2008", "kzr:stance-politics-economy-2008"} <= objects(
        "kzr:meeting-2008-06-parliament", "kzjp:outcome")
    assert len(objects("kzr:meeting-2008-06-economy", "kzjp:participant")) == 10  # Nazarbayev, Amari, 8 companies


def test_documents_signed_on_a_visit_have_its_month(kg: Kg) -> None:
    rows = dict(kg.select("""SELECT ?d ?m WHERE { ?d a kzjp:Document ; kzjp:yearMonth ?m ; kzjp:statedIn ?s
        FILTER(STRSTARTS(STR(?s), STR(kzs:))) }"""))  # the article's documents (the pages add others)
    assert rows == {"kzr:doc-1994-joint-statement": "1994-04", "kzr:doc-1994-exchange-of-notes": "1994-04",
                    "kzr:doc-1999-joint-statement": "1999-12", "kzr:doc-2006-joint-statement": "2006-08",
                    "kzr:doc-2006-memorandum-nuclear": "2006-08"}


def test_case_forms_are_mentions_in_their_sentence_not_names(kg: Kg) -> None:
    # Kazakh case endings (genitive -ның/-нің/-тың/-тің/-дың/-дің, instrumental -мен/-пен/-бен) on a person's alt label
    case = re.compile(r"(ның|нің|тың|тің|дың|дің|мен|пен|бен)$")
    alts = kg.select("""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?p ?l WHERE { ?p a kzjp:Person ; skos:altLabel ?l FILTER(LANG(?l) = "kk") }""")
    assert [(p, label) for p, label in alts if case.search(label)] == []
    rows = kg.select("""SELECT ?form ?s ?text WHERE { ?m a kzjp:Mention ; kzjp:mentionOf kzr:kono-yohei ;
        kzjp:surfaceForm ?form ; kzjp:statedIn ?s . ?s kzjp:text ?text }""")
    assert [(f, s) for f, s, _ in rows] == [("Кономен", "kzs:s068")]
    assert all(f in text for f, _, text in rows)
    n = kg.select("SELECT (COUNT(?m) AS ?n) WHERE { ?m a kzjp:Mention ; kzjp:mentionOf kzr:nazarbayev }")
    assert int(n[0][0]) == 6  # «Назарбаевтың» in s008, s018, s037, s066, s071, s075
