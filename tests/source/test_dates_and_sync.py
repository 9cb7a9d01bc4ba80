"""Every date of the article is found, and each is in the graph or listed with a reason; sentences.ttl is in sync."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kzjp_kg import config
from kzjp_kg.sources.dates import find_dates
from kzjp_kg.sources.segment import segment
from kzjp_kg.sources.sentences import source_graph

TEXT = config.ARTICLE.read_text(encoding="utf-8")


def test_article_checksum_is_the_seed() -> None:
    import hashlib

    assert hashlib.sha256(config.ARTICLE.read_bytes()).hexdigest() == (
        "c2f0b0bb6a11f34feea612e1baca51a6d398b8fc537984865f8b0f1b6bd842c8")


def test_committed_sentences_ttl_is_what_the_segmenter_makes() -> None:
    committed = Graph().parse(config.SOURCE_DIR / "article-kk.sentences.ttl", format="turtle")
    assert isomorphic(committed, source_graph())


@pytest.mark.parametrize(("text", "kind", "value"), [
    ("2008 жылдың 19-20 маусымы аралығындағы", "day-range", "2008-06-19/2008-06-20"),
    ("2008 жылғы маусымның 18-22-сі күндері", "day-range", "2008-06-18/2008-06-22"),
    ("1991 жылы 28 желтоқсанда", "day", "1991-12-28"),
    ("2004 жылы тамыздағы", "month", "2004-08"),
    ("1991-1997 жылдар аралығын", "year-range", "1991/1997"),
    ("2001 жылдан бастап", "year", "2001"),
    ("ХІХ-ХХ ғасырларға", "century-range", "19C/20C"),
])
def test_each_kind_of_date_expression(text: str, kind: str, value: str) -> None:
    [d] = find_dates(text)
    assert (d.kind, d.value) == (kind, value)


def test_ordinals_are_not_dates() -> None:
    assert find_dates("БҰҰ-ның Бас Ассамблеясының 50-інші мерейтойлық сессиясында") == []


def test_all_twenty_date_mentions_of_the_article_are_found() -> None:
    assert len(find_dates(TEXT)) == 20


def _graph_dates(built: Path) -> set[tuple[str, str]]:
    """(sentence local name, date value) for every dated resource or claim that cites its sentence."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=str(built / "dumps" / "kzjp-kg.nq"), format=ox.RdfFormat.N_QUADS)
    q = """PREFIX kzjp: <https://w3id.org/kzjp-kg/ontology#>
    SELECT ?s ?v WHERE { ?r kzjp:statedIn ?s ; ?p ?v . FILTER(isLiteral(?v) && DATATYPE(?v) IN
      (<http://www.w3.org/2001/XMLSchema#date>, <http://www.w3.org/2001/XMLSchema#gYearMonth>,
       <http://www.w3.org/2001/XMLSchema#gYear>)) }"""
    return {(r[0].value.rsplit("/", 1)[-1], r[1].value)
            for r in store.query(q, use_default_graph_as_union=True)}


def test_every_date_is_in_the_graph_or_listed_as_not_a_fact(built: Path) -> None:
    have = _graph_dates(built)
    with (config.SOURCE_DIR / "dates-not-facts.tsv").open(encoding="utf-8") as fh:
        listed = {(r["sentence"], r["surface"]) for r in csv.DictReader(fh, delimiter="\t") if r["reason"].strip()}
    segs = segment(TEXT)
    missing = []
    for d in find_dates(TEXT):
        sent = next(s.local_name for s in segs if s.start <= d.start < s.end)
        if (sent, d.text) in listed:
            continue
        values = d.value.split("/")
        if not all((sent, v) in have for v in values):
            missing.append(f"{sent}: {d.text} ({d.value})")
    assert not missing, "dates neither in the graph nor listed as not a fact:\n" + "\n".join(missing)
