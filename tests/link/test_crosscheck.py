"""Cross-check of the article against Wikidata: Kawaguchi's office, Amari's name, the unnamed prime minister."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV

from kzjp_kg import config
from kzjp_kg.cli import main
from kzjp_kg.link.client import SparqlClient
from kzjp_kg.link.crosscheck import SUPPLIED, CrossCheck, SnapshotSource, check
from kzjp_kg.link.crosscheck_report import supplied_graph
from kzjp_kg.load import load_dataset
from tests.link.endpoint import SparqlServer

KZR, KZJP = config.KZR, config.KZJP


@pytest.fixture(scope="module")
def res() -> CrossCheck:
    return check(load_dataset(), SnapshotSource())


def _find(res: CrossCheck, kind: str, key: str) -> list:  # type: ignore[type-arg]
    return [f for f in res.findings if f.kind == kind and f.subject == KZR[key]]


def test_kawaguchi_was_foreign_minister_not_prime_minister_in_august_2004(res: CrossCheck) -> None:
    [f] = _find(res, "office-on-date", "kawaguchi")
    assert f.verdict == "differs"
    assert "Prime Minister of Japan in 2004-08" in f.article and "kzs:s043" in f.article
    assert "Minister for Foreign Affairs (Japan) (Q1355043) 2002 – 2004" in f.wikidata
    assert "Junichiro Koizumi (Q130852) 2001-04-26 – 2006-09-26" in f.wikidata  # who was PM then
    assert str(config.KZS.s043) in f.sources and any("/statement/Q444899-" in s for s in f.sources)


def test_offices_the_article_gets_right_agree(res: CrossCheck) -> None:
    assert [f.verdict for f in _find(res, "office-on-date", "koizumi")] == ["agrees"]
    assert [f.verdict for f in _find(res, "office-on-date", "akihito")] == ["agrees"]


def test_what_wikidata_does_not_record_is_a_gap_not_a_contradiction(res: CrossCheck) -> None:
    # the export lacks Aso's term as foreign minister and Kono's as Speaker (../shared/wikidata/facts.tsv)
    for key in ("aso", "kono-yohei", "amari"):
        assert [f.verdict for f in _find(res, "office-on-date", key)] == ["not in Wikidata"], key


def test_the_misspelt_given_name_is_reported_with_both_sources(res: CrossCheck) -> None:
    amari = _find(res, "name", "amari")
    assert [f.verdict for f in amari] == ["differs"]
    assert "«Акиро Амари»" in amari[0].article and "Akira Amari@en" in amari[0].wikidata
    assert "甘利明@ja" in amari[0].wikidata and "kzs:s070" in amari[0].article
    # transliterations and initials are not differences
    differing = {f.subject for f in res.findings if f.kind == "name" and f.verdict == "differs"}
    assert differing == {KZR.amari}
    assert {f.subject for f in res.findings if f.kind == "name"} >= {KZR.hashimoto, KZR.kawaguchi, KZR.koizumi,
                                                                      KZR.nazarbayev, KZR["suzuki-muneo"]}


def test_event_dates_are_compared(res: CrossCheck) -> None:
    assert [f.verdict for f in _find(res, "date", "sept11")] == ["agrees"]


def test_the_unnamed_prime_minister_of_june_2008_is_supplied_from_wikidata(res: CrossCheck) -> None:
    [s] = res.supplied
    assert (s.subject, s.predicate, s.obj) == (KZR["meeting-2008-06-prime-minister"], KZJP.participant, KZR.fukuda)
    assert str(s.statement).startswith("http://www.wikidata.org/entity/statement/Q101137-")
    g = Graph().parse(SUPPLIED, format="turtle")
    assert isomorphic(g, supplied_graph(res.supplied)), "run `kzjp-kg link --cross-check` and commit"
    assert (s.iri, RDF.type, RDF.Statement) in g and (s.iri, PROV.wasDerivedFrom, s.statement) in g
    snapshot = Graph().parse(config.WIKIDATA_DIR / "snapshot.ttl", format="turtle")
    assert (s.statement, URIRef("http://www.wikidata.org/prop/statement/P39"),
            URIRef("http://www.wikidata.org/entity/Q274948")) in snapshot  # the cited statement exists
    # supplied, not asserted: the article's facts do not gain the triple
    assert (s.subject, s.predicate, s.obj) not in load_dataset().graph(config.GRAPH_FACTS)


def test_the_same_queries_run_against_a_live_endpoint(wikidata: SparqlServer, res: CrossCheck) -> None:
    live = check(load_dataset(), SparqlClient(wikidata.url, min_interval=0, cache_dir=None))
    assert [(f.kind, f.subject, f.verdict, f.wikidata) for f in live.findings] == \
        [(f.kind, f.subject, f.verdict, f.wikidata) for f in res.findings]
    assert [s.obj for s in live.supplied] == [KZR.fukuda]


def test_the_command_prints_and_writes_the_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "wd"
    out.mkdir()
    (out / "snapshot.ttl").write_bytes((config.WIKIDATA_DIR / "snapshot.ttl").read_bytes())
    assert main(["link", "--cross-check", "--out-dir", str(out), "--reports-dir", str(tmp_path / "r")]) == 0
    printed = capsys.readouterr().out
    assert "[differs] office-on-date kzr:kawaguchi" in printed and "[differs] name kzr:amari" in printed
    assert "supplied by Wikidata: From Wikidata: the Prime Minister of Japan" in printed
    md = (tmp_path / "r" / "cross-check.md").read_text(encoding="utf-8")
    assert "| differs | kzr:kawaguchi |" in md
    report = Graph().parse(tmp_path / "r" / "cross-check.ttl", format="turtle")
    assert len(set(report.subjects(RDF.type, PROV.Entity))) == len(check(load_dataset(), SnapshotSource()).findings)
    written = Graph().parse(out / "supplied.ttl", format="turtle")
    assert isomorphic(written, Graph().parse(SUPPLIED, format="turtle"))
