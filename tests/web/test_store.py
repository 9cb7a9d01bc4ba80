"""The store kinds and the result writers, in process (no server): what the endpoint builds on."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from kzjp_kg.store import MemoryStore, OxigraphStore, Store
from kzjp_kg.store.pool import QueryPool, QueryRequest, QuerySyntaxError
from kzjp_kg.store.results import write_rows

MINI = Path(__file__).parent / "data" / "kzjp-mini.trig"
INFERRED = "https://w3id.org/kzjp-kg/graph/inferred"


@pytest.mark.parametrize("kind", ["memory", "disk"])
def test_store_kinds_share_the_protocol(kind: str, tmp_path: Path) -> None:
    store = MemoryStore() if kind == "memory" else OxigraphStore(tmp_path / "s")
    assert isinstance(store, Store)
    n = store.load(MINI)
    assert n == len(store) > 50
    assert INFERRED in store.named_graphs() and len(store.named_graphs()) == 6
    ask = ("PREFIX kzr: <https://w3id.org/kzjp-kg/resource/> "
           "ASK { kzr:nazarbayev ?p kzr:visit-2008-06-nazarbayev-japan }")
    assert bool(store.query(ask))
    asserted = [g for g in store.named_graphs() if g != INFERRED]
    assert not bool(store.query(ask, default_graphs=asserted))
    assert not bool(store.query(ask, default_graph_union=False))
    g = rdflib.Graph()
    g.add((rdflib.URIRef("http://ex/a"), rdflib.RDFS.label, rdflib.Literal("a", lang="kk")))
    store.load(g, graph="http://ex/g")
    assert "http://ex/g" in store.named_graphs()
    store.close()


def test_read_only_store_opens_beside_a_writer_free_folder(tmp_path: Path) -> None:
    OxigraphStore(tmp_path / "s").load(MINI)
    a, b = OxigraphStore(tmp_path / "s", read_only=True), OxigraphStore(tmp_path / "s", read_only=True)
    assert len(a) == len(b) > 0


@pytest.mark.parametrize("fmt", [ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML, ox.QueryResultsFormat.TSV])
def test_our_writers_agree_with_pyoxigraphs(fmt: ox.QueryResultsFormat) -> None:
    store = MemoryStore()
    store.load(MINI)
    query = "SELECT ?s ?p ?o ?missing WHERE { ?s ?p ?o OPTIONAL { ?s <urn:none> ?missing } } ORDER BY ?s ?p ?o"
    expected = store.query(query).serialize(format=fmt)
    res = store.query(query)
    variables = [v.value for v in res.variables]
    name = {ox.QueryResultsFormat.JSON: "json", ox.QueryResultsFormat.XML: "xml", ox.QueryResultsFormat.TSV: "tsv"}
    ours = write_rows(variables, list(res), name[fmt], None)

    def rows(data: bytes) -> list[tuple]:
        parsed = ox.parse_query_results(data, fmt)
        return [tuple(r) for r in parsed]

    assert rows(ours) == rows(expected)
    assert len(rows(ours)) > 50


@pytest.mark.parametrize("memory_quads", [0, 1_000_000], ids=["disk", "memory-copy"])
def test_pool_stops_a_runaway_query_and_recovers(tmp_path: Path, memory_quads: int) -> None:
    OxigraphStore(tmp_path / "s").load(MINI)
    pool = QueryPool(tmp_path / "s", workers=1, timeout=0.5, memory_quads=memory_quads)
    try:
        from kzjp_kg.store import QueryTimeout

        with pytest.raises(QueryTimeout):
            pool.run(QueryRequest("SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o }"))
        assert pool.restarts == 1
        ans = pool.run(QueryRequest("ASK { ?s ?p ?o }", timeout=30))
        assert ans.body == b'{"head": {}, "boolean": true}'
        with pytest.raises(QuerySyntaxError) as exc:
            pool.run(QueryRequest("SELECT * {\n ?s ?p }", timeout=30))
        assert exc.value.lineno == 2
    finally:
        pool.close()
