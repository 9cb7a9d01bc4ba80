"""The Wikidata projection: Wikidata's statement model with ranks, references and time precision; the doubted
Kawaguchi holding has no consequence, and month-precise or contested dates are kept, each with its reference."""

from __future__ import annotations

WB = """PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX p: <http://www.wikidata.org/prop/>
PREFIX ps: <http://www.wikidata.org/prop/statement/>
PREFIX psv: <http://www.wikidata.org/prop/statement/value/>
PREFIX pq: <http://www.wikidata.org/prop/qualifier/>
PREFIX pr: <http://www.wikidata.org/prop/reference/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX wikibase: <http://wikiba.se/ontology#>
"""
INFERRED = "https://w3id.org/kzjp-kg/graph/inferred"


def test_the_doubted_holding_has_no_consequence_in_the_inferred_graph(kg) -> None:
    # its sentence link stays a fact (the article does say it), so only its DCMI alignment is inferred from it
    rows = kg.select(f"SELECT ?p ?o WHERE {{ GRAPH <{INFERRED}> {{ kzr:holding-kawaguchi-pm-2004 ?p ?o }} }}")
    assert rows == [("http://purl.org/dc/terms/source", "kzs:s043")]
    assert not kg.ask(f"ASK {{ GRAPH <{INFERRED}> {{ ?s ?p kzr:holding-kawaguchi-pm-2004 }} }}")
    assert not kg.ask("ASK { kzr:kawaguchi kzjp:holdsOffice kzr:pos-pm-japan }")
    assert kg.ask("ASK { kzr:kawaguchi kzjp:holdsOffice kzr:pos-mofa-minister-japan }")  # what she was


def test_position_held_prime_minister_lists_only_rightful_holders(kg) -> None:
    holders = {r[0] for r in kg.select(WB + "SELECT DISTINCT ?s WHERE { ?s wdt:P39 wd:Q274948 FILTER(isIRI(?s) && STRSTARTS(STR(?s), STR(kzr:))) }")}
    assert "kzr:kawaguchi" not in holders
    assert holders == {"kzr:obuchi", "kzr:koizumi", "kzr:hashimoto", "kzr:fukuda", "kzr:aso", "kzr:abe"}
    for who in holders:  # each backed by a normal-rank holding with dated evidence
        assert kg.ask(WB + f"ASK {{ {who} p:P39 ?st . ?st ps:P39 wd:Q274948 ; wikibase:rank wikibase:NormalRank ; pq:P580 ?start }}"), who


def test_the_doubted_claim_is_found_with_its_rank_reason_and_quote(kg) -> None:
    rows = kg.select(WB + """SELECT ?st ?reason ?url ?quote WHERE {
        kzr:kawaguchi p:P39 ?st . ?st ps:P39 wd:Q274948 ; wikibase:rank wikibase:DeprecatedRank ;
            wikibase:reasonForDeprecatedRank ?reason ; pq:P2241 ?reason ; prov:wasDerivedFrom ?ref .
        ?ref pr:P854 ?url ; pr:P1683 ?quote }""")
    assert len(rows) == 1
    st, reason, url, quote = rows[0]
    assert st == "kzr:holding-kawaguchi-pm-2004" and reason == "kzr:defect-kawaguchi-title" and url == "kzs:s043"
    assert "премьер-" in quote and "Кавагучи" in quote


def test_the_2004_visit_has_a_month_precision_start(kg) -> None:
    rows = kg.select(WB + """SELECT ?t ?prec ?url ?truthy WHERE {
        kzr:visit-2004-08-kawaguchi-kazakhstan p:P580 ?st . ?st ps:P580 ?t ; psv:P580/wikibase:timePrecision ?prec ;
            prov:wasDerivedFrom/pr:P854 ?url . kzr:visit-2004-08-kawaguchi-kazakhstan wdt:P580 ?truthy }""")
    f050 = "https://w3id.org/kzjp-kg/source/secondary-facts/F050"  # MOFA's page dates it to the month too
    assert set(rows) == {("2004-08-01T00:00:00Z", "10", "kzs:s043", "2004-08-01T00:00:00Z"),
                         ("2004-08-01T00:00:00Z", "10", f050, "2004-08-01T00:00:00Z")}


def test_the_2008_visit_has_both_datings_each_with_its_references(kg) -> None:
    rows = kg.select(WB + """SELECT ?t ?url ?rank WHERE {
        kzr:visit-2008-06-nazarbayev-japan p:P580 ?st . ?st ps:P580 ?t ; wikibase:rank ?rank ;
            psv:P580/wikibase:timePrecision 11 ; prov:wasDerivedFrom/pr:P854 ?url }""")
    normal = "http://wikiba.se/ontology#NormalRank"
    sf = "https://w3id.org/kzjp-kg/source/secondary-facts/"
    assert set(rows) == {("2008-06-19T00:00:00Z", "kzs:s008", normal), ("2008-06-18T00:00:00Z", "kzs:s066", normal),
                         ("2008-06-18T00:00:00Z", "kzs:s075", normal), ("2008-06-18T00:00:00Z", sf + "F014", normal),
                         ("2008-06-18T00:00:00Z", sf + "F015", normal)}
    truthy = {r[0] for r in kg.select(WB + "SELECT ?t WHERE { kzr:visit-2008-06-nazarbayev-japan wdt:P580 ?t }")}
    assert truthy == {"2008-06-18T00:00:00Z", "2008-06-19T00:00:00Z"}  # two normal ranks: both best, as on Wikidata
    ends = {r[0] for r in kg.select(WB + "SELECT ?t WHERE { kzr:visit-2008-06-nazarbayev-japan p:P582/ps:P582 ?t }")}
    assert ends == {"2008-06-20T00:00:00Z", "2008-06-22T00:00:00Z", "2008-06-23T00:00:00Z"}


def test_no_deprecated_statement_is_truthy(kg) -> None:
    assert not kg.ask(WB + """ASK { ?s ?p ?st . ?st wikibase:rank wikibase:DeprecatedRank ; ?ps ?v .
        FILTER(STRSTARTS(STR(?p), STR(p:)) && STRSTARTS(STR(?ps), STR(ps:))
               && STRAFTER(STR(?p), STR(p:)) = STRAFTER(STR(?ps), STR(ps:)))
        BIND(IRI(CONCAT(STR(wdt:), STRAFTER(STR(?p), STR(p:)))) AS ?wdt)
        ?s ?wdt ?v . ?s ?p ?other . ?other wikibase:rank ?r FILTER(?r = wikibase:DeprecatedRank && ?other = ?st)
        FILTER NOT EXISTS { ?s ?p ?ok . ?ok ?ps ?v ; wikibase:rank ?good FILTER(?good != wikibase:DeprecatedRank) } }""")


def test_the_reference_query_of_the_readme(kg) -> None:
    rows = kg.select("""PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?sentence WHERE { ?st rdf:subject kzr:visit-1994-04-nazarbayev-japan ; rdf:predicate kzjp:endDate ;
            rdf:object "1994-04-09"^^xsd:date ; prov:wasDerivedFrom ?sentence }""")
    assert sorted(rows) == [("https://w3id.org/kzjp-kg/source/secondary-facts/F007",), ("kzs:s018",)]
