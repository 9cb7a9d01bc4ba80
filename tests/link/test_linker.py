"""The linker against a real SPARQL endpoint on loopback loaded with the snapshot: right links, no guesses."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from kzjp_kg import config
from kzjp_kg.cli import main
from kzjp_kg.link.client import SparqlClient
from kzjp_kg.link.reconcile import Entity, LinkResult, entities, reconcile
from kzjp_kg.link.reference import qid_rows
from kzjp_kg.load import asserted_graph, load_dataset
from tests.link.conftest import server_with
from tests.link.endpoint import SparqlServer

KZR = config.KZR


@pytest.fixture(scope="module")
def ents() -> list[Entity]:
    ds = load_dataset()
    return entities(asserted_graph(ds), ds.graph(config.GRAPH_LINKS))


def _run(url: str, ents: list[Entity]) -> dict[str, LinkResult]:
    return {r.entity.key: r for r in reconcile(SparqlClient(url, min_interval=0, cache_dir=None), ents)}


def _blind(ents: list[Entity]) -> list[Entity]:
    """The same entities without their verified QIDs, so the linker cannot lean on them."""
    return [Entity(e.iri, e.kind, e.names, e.dates, e.country_qid, None) for e in ents]


def test_links_the_articles_people_states_and_organisations_correctly(wikidata: SparqlServer,
                                                                      ents: list[Entity]) -> None:
    verified = {r.iri: r.qid for r in qid_rows() if r.verified}
    res = _run(wikidata.url, _blind(ents))
    confirmed = {KZR[k]: r.qid for k, r in res.items() if r.status == "confirmed"}
    wrong = {k: (q, verified.get(k)) for k, q in confirmed.items() if verified.get(k) != q}
    assert wrong == {}, "a confirmed link that is not the verified QID is a wrong link"
    kinds = {res[k.rsplit("/", 1)[-1]].entity.kind for k in confirmed}
    assert {"Person", "State", "Organisation", "City", "Region", "HistoricalEvent"} <= kinds
    people = [e for e in ents if e.kind == "Person" and e.verified_qid]
    assert all(res[e.key].status == "confirmed" for e in people), [e.key for e in people
                                                                  if res[e.key].status != "confirmed"]
    assert len(confirmed) >= 30
    # entities with no item in the endpoint stay unmatched: no guess
    for key in ("kanehara", "keizai-doyukai", "caucasus", "mofa-japan", "itochu"):
        assert res[key].status == "unmatched" and res[key].qid is None


@pytest.mark.parametrize(("key", "names", "kind", "qid"), [
    ("hashimoto", [("Рютаро Хасимото", "kk")], "Person", "Q309374"),   # Kazakh Cyrillic against Hepburn "Ryutaro"
    ("obuchi", [("Кейдзо Обучи", "kk")], "Person", "Q313339"),           # «Обучи» for Obuchi, «Кейдзо» for Keizō
    ("kawaguchi", [("Ёрико Кавагути", "ru")], "Person", "Q444899"),      # Russian Polivanov spelling
    ("koizumi", [("Дзюнъитиро Коидзуми", "ru")], "Person", "Q130852"),
    ("nazarbayev", [("Нұрсұлтан Назарбаев", "kk")], "Person", "Q57394"),  # Kazakh label in Wikidata
    ("yermekbayev", [("Нұрлан Ермекбаев", "kk")], "Person", "Q1775487"),  # against the Russian label
    ("kazakhstan", [("Қазақстан", "kk")], "State", "Q232"),
    ("japan", [("Япония", "ru")], "State", "Q17"),
    ("toshiba", [("Тосиба", "ru")], "Organisation", "Q49125"),
])
def test_links_from_kazakh_and_russian_spellings(wikidata: SparqlServer, key: str, names: list[tuple[str, str]],
                                                 kind: str, qid: str) -> None:
    ent = Entity(KZR[key], kind, names)
    res = _run(wikidata.url, [ent])[key]
    assert (res.status, res.qid) == ("confirmed", qid), res.candidates


NAMESAKE = """
wd:Q999999001 a wikibase:Item ; rdfs:label "Akira Amari"@en ; wdt:P31 wd:Q5 .
wd:Q999999002 a wikibase:Item ; rdfs:label "Yoriko Kawaguchi"@en ; wdt:P31 wd:Q5 ;
    wdt:P569 "1990-05-01T00:00:00Z"^^xsd:dateTime ;
    p:P569 <http://www.wikidata.org/entity/statement/Q999999002-b> .
<http://www.wikidata.org/entity/statement/Q999999002-b> a wikibase:Statement, wikibase:BestRank ;
    wikibase:rank wikibase:NormalRank ; <http://www.wikidata.org/prop/statement/P569> "1990-05-01T00:00:00Z"^^xsd:dateTime .
"""


def test_an_ambiguous_name_is_reported_not_guessed(ents: list[Entity]) -> None:
    with server_with(NAMESAKE) as srv:
        res = _run(srv.url, _blind([e for e in ents if e.key in ("amari", "kawaguchi")]))
    amari = res["amari"]
    assert amari.status == "ambiguous" and amari.qid is None
    assert {c.qid for c in amari.candidates[:2]} == {"Q418675", "Q999999001"}
    # a namesake born in 1990 cannot be the minister of 2004: dates decide, and say why
    kawa = res["kawaguchi"]
    assert (kawa.status, kawa.qid) == ("confirmed", "Q444899")
    assert any("too young" in r for c in kawa.candidates if c.qid == "Q999999002" for r in c.reasons)


def test_verified_links_are_kept_when_the_linker_is_unsure(ents: list[Entity]) -> None:
    with server_with(NAMESAKE) as srv:
        res = _run(srv.url, [e for e in ents if e.key == "amari"])
    assert res["amari"].status == "ambiguous" and res["amari"].agreement == "verified Q418675 kept"


KANEHARA = """wd:Q999999003 a wikibase:Item ; rdfs:label "Nobukatsu Kanehara"@en, "兼原信克"@ja ; wdt:P31 wd:Q5 ."""


def test_the_command_writes_confirmed_links_and_a_report_never_an_ambiguous_one(tmp_path: Path) -> None:
    out, reports = tmp_path / "wikidata", tmp_path / "reports"
    extra = KANEHARA + NAMESAKE.replace("Q999999002", "Q999999004").replace("Yoriko Kawaguchi", "Inpex")
    with server_with(extra) as srv:
        code = main(["link", "--endpoint", srv.url, "--out-dir", str(out), "--reports-dir", str(reports),
                     "--interval", "0", "--no-cache"])
        assert code == 0
        assert all("kzjp-kg" in str(r["ua"]) for r in srv.requests)
    links = Graph().parse(out / "links.ttl", format="turtle")
    skos_exact = URIRef("http://www.w3.org/2004/02/skos/core#exactMatch")
    assert (KZR.kanehara, skos_exact, URIRef("http://www.wikidata.org/entity/Q999999003")) in links
    assert "kanehara\tQ999999003\tkzjp-kg link" in (out / "confirmed.tsv").read_text(encoding="utf-8")
    # the verified links are all still there, none replaced by a namesake
    for r in qid_rows():
        if r.verified and (r.iri, skos_exact, None) in links:
            assert set(links.objects(r.iri, skos_exact)) == {URIRef("http://www.wikidata.org/entity/" + r.qid)}
    assert list(links.objects(KZR.amari, skos_exact)) == [URIRef("http://www.wikidata.org/entity/Q418675")]
    report = (reports / "link-report.md").read_text(encoding="utf-8")
    assert "| amari | Person | ambiguous |" in report and "Q999999001" in report
    assert "| kanehara | Person | confirmed | new |" in report
    assert "| caucasus | Region | unmatched |" in report
