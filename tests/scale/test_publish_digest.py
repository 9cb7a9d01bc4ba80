"""The content digest that makes ``publish`` idempotent: same triples, same digest; any change, another one.

No server needed: these run everywhere, so the skip of the Virtuoso tests never hides a broken digest.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kzjp_kg import config
from kzjp_kg.errors import InputError
from kzjp_kg.publish import local_graphs

from .conftest import FIXTURE_TRIG


def _by_graph(graphs) -> dict[str, tuple[int, str, bool]]:  # type: ignore[no-untyped-def]
    return {g.iri: (g.triples, g.digest, g.has_bnodes) for g in graphs}


def test_same_content_in_another_order_and_format_gives_the_same_digest(tmp_path: Path) -> None:
    quads = list(ox.parse(path=FIXTURE_TRIG))
    assert quads, "the fixture is empty"
    dumps = tmp_path / "dumps"
    dumps.mkdir()
    for iri in {q.graph_name.value for q in quads}:
        triples = [q.triple for q in reversed(quads) if q.graph_name.value == iri]
        ox.serialize(triples, dumps / f"{iri.rsplit('/', 1)[-1]}.ttl", format=ox.RdfFormat.TURTLE)
    nq = tmp_path / "all.nq"
    ox.serialize(sorted(quads, key=str), nq, format=ox.RdfFormat.N_QUADS)
    from_trig = _by_graph(local_graphs(FIXTURE_TRIG))
    assert from_trig == _by_graph(local_graphs(dumps)) == _by_graph(local_graphs(nq))
    assert from_trig[str(config.GRAPH_ONTOLOGY)][2] is True  # the OWL list: blank nodes, sent in one request
    assert from_trig[str(config.GRAPH_FACTS)][2] is False
    assert sum(n for n, _, _ in from_trig.values()) == len(quads)


def test_one_changed_literal_changes_only_that_graphs_digest(tmp_path: Path) -> None:
    quads = list(ox.parse(path=FIXTURE_TRIG))
    facts = str(config.GRAPH_FACTS)
    i = next(k for k, q in enumerate(quads)
             if q.graph_name.value == facts and isinstance(q.object, ox.Literal) and q.object.language)
    q = quads[i]
    quads[i] = ox.Quad(q.subject, q.predicate, ox.Literal(q.object.value + ".", language=q.object.language),
                       q.graph_name)
    changed = tmp_path / "changed.trig"
    ox.serialize(quads, changed, format=ox.RdfFormat.TRIG)
    before, after = _by_graph(local_graphs(FIXTURE_TRIG)), _by_graph(local_graphs(changed))
    assert before.keys() == after.keys()
    differing = {g for g in before if before[g][1] != after[g][1]}
    assert differing == {str(config.GRAPH_FACTS)}
    assert before[str(config.GRAPH_FACTS)][0] == after[str(config.GRAPH_FACTS)][0]  # same count: the digest decides


def test_missing_or_wrong_source_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="kzjp-kg build"):
        local_graphs(tmp_path / "nope")
    with pytest.raises(InputError, match=r"no <graph>\.ttl files"):
        local_graphs(tmp_path)
    bad = tmp_path / "bad.trig"
    bad.write_text("<http://ex/g> { <http://ex/a> <http://ex/b> . }\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.trig"):
        local_graphs(bad)
