"""Questions users ask, answered by SPARQL over the built graph; the expected answers are read off the article."""

from __future__ import annotations

from tests.conftest import Kg


def test_all_visits_in_date_order_with_visitor_and_host(kg: Kg) -> None:
    rows = kg.select("""SELECT ?v ?who ?from ?to WHERE {
        ?v a kzjp:Visit ; kzjp:visitor ?who ; kzjp:visitingState ?from ; kzjp:hostState ?to .
        OPTIONAL { ?v kzjp:startDate ?s } OPTIONAL { ?v kzjp:yearMonth ?ym }
        FILTER EXISTS { ?v kzjp:statedIn ?sent FILTER(STRSTARTS(STR(?sent), STR(kzs:))) }
      } ORDER BY COALESCE(STR(?s), STR(?ym))""")  # the article's visits (the official pages add later ones)
    assert rows == [
        ("kzr:visit-1994-04-nazarbayev-japan", "kzr:nazarbayev", "kzr:kazakhstan", "kzr:japan"),
        ("kzr:visit-1999-12-nazarbayev-japan", "kzr:nazarbayev", "kzr:kazakhstan", "kzr:japan"),
        ("kzr:visit-2004-08-kawaguchi-kazakhstan", "kzr:kawaguchi", "kzr:japan", "kzr:kazakhstan"),
        ("kzr:visit-2006-08-koizumi-kazakhstan", "kzr:koizumi", "kzr:japan", "kzr:kazakhstan"),
        ("kzr:visit-2008-06-nazarbayev-japan", "kzr:nazarbayev", "kzr:kazakhstan", "kzr:japan"),
    ]


def test_documents_signed_or_adopted_during_each_visit(kg: Kg) -> None:
    rows = set(kg.select("""SELECT ?v ?d WHERE { ?v a kzjp:Visit . ?d kzjp:signedAt|kzjp:adoptedAt ?v
        FILTER EXISTS { ?d kzjp:statedIn ?sent FILTER(STRSTARTS(STR(?sent), STR(kzs:))) } }"""))  # the article's
    assert rows == {
        ("kzr:visit-1994-04-nazarbayev-japan", "kzr:doc-1994-joint-statement"),
        ("kzr:visit-1994-04-nazarbayev-japan", "kzr:doc-1994-exchange-of-notes"),
        ("kzr:visit-1999-12-nazarbayev-japan", "kzr:doc-1999-joint-statement"),
        ("kzr:visit-2006-08-koizumi-kazakhstan", "kzr:doc-2006-joint-statement"),
        ("kzr:visit-2006-08-koizumi-kazakhstan", "kzr:doc-2006-memorandum-nuclear"),
    }


def test_who_proposed_eurasian_diplomacy_when_on_whose_report_and_whom_it_targets(kg: Kg) -> None:
    [(who, when, author, sentence)] = kg.select("""SELECT ?who ?when ?author ?s WHERE {
        kzr:eurasian-diplomacy kzjp:proposedBy ?who ; kzjp:proposedAt ?p ; kzjp:basedOn ?report .
        ?p kzjp:date ?when ; kzjp:statedIn ?s . ?report kzjp:author ?author }""")
    assert (who, when, author, sentence) == ("kzr:hashimoto", "1997-07-24", "kzr:obuchi", "kzs:s025")
    q = "SELECT ?t WHERE { kzr:eurasian-diplomacy kzjp:targetsRegion|kzjp:targetsState ?t }"
    targets = {t for (t,) in kg.select(q)}
    assert {"kzr:central-asia", "kzr:russia", "kzr:china", "kzr:caucasus"} <= targets
    assert kg.select("SELECT ?i WHERE { kzr:eurasian-diplomacy kzjp:initiatedBy ?i }") == [("kzr:suzuki-muneo",)]


def test_which_sentence_states_the_1994_joint_statement(kg: Kg) -> None:
    rows = kg.select("""SELECT ?s ?text WHERE { kzr:doc-1994-joint-statement kzjp:statedIn ?s .
        ?s kzjp:text ?text ; kzjp:order ?o FILTER(STRSTARTS(STR(?s), STR(kzs:))) } ORDER BY ?o LIMIT 1""")
    assert rows[0][0] == "kzs:s019"
    assert "Біріккен мәлімдемеге қол қойылып" in rows[0][1]


def test_the_two_claims_about_the_2008_visit_dates_are_kept_with_their_sentences(kg: Kg) -> None:
    rows = kg.select("""SELECT ?start ?end ?s WHERE { ?c kzjp:claimAbout kzr:visit-2008-06-nazarbayev-japan ;
        kzjp:claimedStartDate ?start ; kzjp:claimedEndDate ?end ; kzjp:statedIn ?s } ORDER BY ?s""")
    assert [r for r in rows if r[2].startswith("kzs:")] == [
        ("2008-06-19", "2008-06-20", "kzs:s008"), ("2008-06-18", "2008-06-22", "kzs:s066"),
        ("2008-06-18", "2008-06-22", "kzs:s075")]
    sf = "https://w3id.org/kzjp-kg/source/secondary-facts/"
    assert [r for r in rows if not r[2].startswith("kzs:")] == [  # the official sources' datings, kept beside them
        ("2008-06-18", "2008-06-22", sf + "F014"), ("2008-06-18", "2008-06-23", sf + "F015")]
    assert kg.ask("""ASK { ?c a kzjp:Conflict ; kzjp:conflictingClaim ?a, ?b .
        ?a kzjp:statedIn kzs:s008 . ?b kzjp:statedIn kzs:s066 }""")
    # never silently picked: the visit itself has no day-precise dates
    assert not kg.ask("ASK { kzr:visit-2008-06-nazarbayev-japan kzjp:startDate|kzjp:endDate ?d }")


def test_kawaguchis_title_is_kept_as_the_article_says_and_flagged(kg: Kg) -> None:
    """Kept as a deprecated statement with its sentence and reason, never as a plain triple."""
    assert kg.ask("""PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> PREFIX prov: <http://www.w3.org/ns/prov#>
        ASK { ?st rdf:subject ?h ; rdf:predicate kzjp:office ; rdf:object kzr:pos-pm-japan ;
                  kzjp:rank kzjp:DeprecatedRank ; kzjp:rankReason ?d ; prov:wasDerivedFrom kzs:s043 .
              ?h kzjp:statedIn kzs:s043 ; kzjp:doubtedBy ?d . ?d a kzjp:WrongTitle }""")
    assert not kg.ask("ASK { ?h kzjp:holder kzr:kawaguchi ; kzjp:office kzr:pos-pm-japan }")


def test_who_was_japans_prime_minister_on_2008_06_20(kg: Kg) -> None:
    rows = kg.select("""SELECT ?who WHERE { ?h kzjp:office kzr:pos-pm-japan ; kzjp:holder ?who ;
        kzjp:startDate ?s ; kzjp:endDate ?e . FILTER(?s <= "2008-06-20"^^xsd:date && "2008-06-20"^^xsd:date <= ?e) }""")
    assert rows == [("kzr:fukuda",)]


def test_every_fact_cites_an_existing_sentence_and_every_sentence_is_accounted_for(kg: Kg) -> None:
    dangling = kg.select("SELECT ?x ?s WHERE { ?x kzjp:statedIn ?s FILTER NOT EXISTS { ?s kzjp:text ?t } }")
    assert dangling == []
    unaccounted = kg.select("""SELECT ?s WHERE { ?s a kzjp:Sentence
        FILTER NOT EXISTS { ?x kzjp:statedIn ?s } FILTER NOT EXISTS { ?s kzjp:statesNoFact ?r } }""")
    assert unaccounted == []
    n_facts = kg.select("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?x kzjp:statedIn ?s . ?s a kzjp:Sentence }")
    assert int(n_facts[0][0]) >= 65


def test_citation_markers_point_to_missing_references(kg: Kg) -> None:
    rows = kg.select("""SELECT ?m WHERE { ?s kzjp:hasCitation ?c . ?c kzjp:marker ?m ; kzjp:citesReference ?r .
        ?r a kzjp:MissingReference } ORDER BY ?m""")
    assert [int(m) for (m,) in rows] == [1, 2, 3, 4, 5, 6, 7]
    assert kg.select("SELECT ?n WHERE { kzs:bibliography kzjp:entryCount ?n }") == [("0",)]


def test_labels_in_five_languages_for_people_states_and_organisations(kg: Kg) -> None:
    rows = kg.select("""SELECT ?x (GROUP_CONCAT(DISTINCT LCASE(LANG(?l)); separator=" ") AS ?langs) WHERE {
        { ?x a kzjp:Person } UNION { ?x a kzjp:State } UNION { ?x a kzjp:Organisation }
        ?x rdfs:label ?l } GROUP BY ?x""")
    assert len(rows) > 35
    for x, langs in rows:
        assert set(langs.split()) >= {"kk", "kk-latn", "en", "ru", "ja"}, (x, langs)
