"""QuickStatements for what Wikidata lacks, each statement sourced to its sentence; the format is checked."""

from __future__ import annotations

import re

import pytest

from kzjp_kg import config
from kzjp_kg.link.client import SparqlClient
from kzjp_kg.link.crosscheck import SnapshotSource
from kzjp_kg.link.quickstatements import Batch, check_format, export
from kzjp_kg.load import asserted_graph, load_dataset
from tests.link.conftest import server_with


@pytest.fixture(scope="module")
def graph():  # type: ignore[no-untyped-def]
    return asserted_graph(load_dataset())


@pytest.fixture(scope="module")
def batch(graph) -> Batch:  # type: ignore[no-untyped-def]
    return export(graph, SnapshotSource(), today="2025-01-02")


def test_every_line_is_valid_quickstatements(batch: Batch) -> None:
    assert batch.lines and check_format(batch.lines) == []


def test_the_format_check_catches_bad_lines() -> None:
    bad = ["Q232\tP530\tQ17\tP580\t1992-01-26", 'LAST\tLen\t"unclosed', "Q232 P530 Q17", "LAST\tP585\t+2004-08-01T00:00:00Z/12"]
    assert check_format(bad) == bad


def test_diplomatic_relations_both_ways_with_their_start_and_source(batch: Batch) -> None:
    ref = '\tS854\t"https://w3id.org/kzjp-kg/source/article-kk/s017"\tS813\t+2025-01-02T00:00:00Z/11'
    assert f"Q232\tP530\tQ17\tP580\t+1992-01-26T00:00:00Z/11{ref}" in batch.lines
    assert f"Q17\tP530\tQ232\tP580\t+1992-01-26T00:00:00Z/11{ref}" in batch.lines


def test_the_visits_become_items_with_participants_country_and_dates(batch: Batch, graph) -> None:  # type: ignore[no-untyped-def]
    # the article's five visits and the two of the official pages whose visitor has a verified QID (2016, 2019)
    assert batch.lines.count("CREATE") == 7
    assert "LAST\tP710\tQ130852" in "\n".join(batch.lines) and "LAST\tP585\t+2004-08-01T00:00:00Z/10" in "\n".join(batch.lines)
    # every statement cites a sentence of the article, or the page a row of a table source was read on
    sentences = {str(s) for s in graph.subjects(config.KZJP.text, None)}
    pages = {str(p) for p in graph.objects(None, config.KZJP.onPage)}
    for line in batch.lines:
        if re.match(r"^(Q\d+|LAST)\tP\d+", line):
            url = re.search(r'\tS854\t"([^"]+)"', line)
            assert url and (url.group(1) in sentences or url.group(1) in pages), line


def test_new_statements_cite_the_official_page_and_need_verified_qids(batch: Batch) -> None:
    text = "\n".join(batch.lines)
    visit_2016 = text.split('"Nazarbayev\'s visit to Japan (November 2016)"', 1)[1].split("CREATE", 1)[0]
    assert 'LAST\tP580\t+2016-11-06T00:00:00Z/11\tS854\t"https://' in visit_2016
    enthronement = text.split('"Nazarbayev in Japan for the enthronement (October 2019)"', 1)[1].split("CREATE", 1)[0]
    assert '\tS854\t"https://www.mofa.go.jp/' in enthronement  # the official page, not the news one
    assert "Tokayev" not in text  # his QID is not verified: nothing is exported about him
    assert any("visit-2025-12-tokayev-japan: no linked visitor" in s for s in batch.skipped)


def test_only_what_wikidata_lacks(graph) -> None:  # type: ignore[no-untyped-def]
    present = "wd:Q232 wdt:P530 wd:Q17 ."
    with server_with(present) as srv:
        b = export(graph, SparqlClient(srv.url, min_interval=0, cache_dir=None), today="2025-01-02")
    assert not any(line.startswith("Q232\tP530\tQ17") for line in b.lines)
    assert any(line.startswith("Q17\tP530\tQ232") for line in b.lines)
    assert "Q232 P530 Q17: already in Wikidata" in b.skipped
