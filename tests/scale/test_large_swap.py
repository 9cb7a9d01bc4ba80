"""Regression: publishing a graph too large for one Virtuoso transaction (the 1M-triple benchmark's failure).

What failed: ``kzjp-kg publish`` of the 1,000,017-triple synthetic graph into a default Virtuoso uploaded it into
the staging graph, then the one-request swap (``MOVE staging TO graph ; DELETE WHERE … ; INSERT DATA …`` for the
bookkeeping) was rolled back with ``SR325: Transaction aborted because it's log after image size went above the
limit``. The error quoted the bookkeeping ``INSERT`` (it is in the same request) but the cause is the ``MOVE``:
it deletes and inserts every triple, and one transaction may log at most ``TransactionAfterImageLimit`` bytes
(50 MB by default). Measured here: the same happens with a 30,000-triple graph when that limit is 1 MB, so this
test runs a Virtuoso with a 1 MB limit instead of moving a million triples.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kzjp_kg import config
from kzjp_kg.publish import GRAPH_PUBLICATION, SWAP_ATOMIC, SWAP_ROWS, local_graphs, publish
from kzjp_kg.store.remote import RemoteStore, TransactionTooLarge
from kzjp_kg.synth import generate

from .conftest import running_virtuoso

LIMIT = 1_000_000  # bytes of roll-forward log per transaction (Virtuoso's default: 50 000 000)
BIG = 30_000  # triples: a swap of this many passes a 1 MB log (measured: about 30 bytes per moved triple)


@pytest.fixture(scope="module")
def small_log_server() -> Iterator[object]:
    with running_virtuoso(after_image_limit=LIMIT) as server:
        yield server


def _synthetic(path: Path, triples: int, seed: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        generate(triples, seed, out)
    return path


def _writer(server) -> RemoteStore:  # type: ignore[no-untyped-def]
    return RemoteStore(server.update_url, gsp_url=server.gsp_url, auth=server.auth, timeout=300)


def _refuses_one_transaction_swaps(store: RemoteStore, data: Path, attempts: int = 4) -> None:
    """The failure itself, at a cheap size: the old swap request is rolled back whole, nothing is half-written.

    Tried several times because Virtuoso's HTTP threads keep per-session state: a row-by-row pragma that leaked
    into a session (see publish.py) would let one of these through."""
    staging, live = "urn:x-test:staging", "urn:x-test:live"
    store.load(data, graph=staging)
    n = store.count(staging)
    assert n >= BIG
    for _ in range(attempts):
        with pytest.raises(TransactionTooLarge, match="SR325"):
            store.update(f"MOVE GRAPH <{staging}> TO <{live}> ;\n"
                         f"INSERT DATA {{ GRAPH <urn:x-test:pub> {{ <{live}> <urn:x-test:n> {BIG} }} }}")
        assert store.count(live) == 0 and store.count("urn:x-test:pub") == 0
        assert store.count(staging) == n  # rolled back: the staging graph is still whole
    store.update(f"DROP SILENT GRAPH <{staging}>")


def test_this_server_refuses_the_one_transaction_swap(small_log_server, tmp_path: Path) -> None:
    _refuses_one_transaction_swaps(_writer(small_log_server), _synthetic(tmp_path / "g.nt", BIG, seed=1))


def test_publish_swaps_row_by_row_when_one_transaction_is_too_large(small_log_server, tmp_path: Path) -> None:
    store = _writer(small_log_server)
    dumps = tmp_path / "dumps"
    dumps.mkdir()
    _synthetic(dumps / "synthetic-a.ttl", BIG, seed=1)  # N-Triples is Turtle
    _synthetic(dumps / "synthetic-b.ttl", BIG + 5_000, seed=2)  # larger than a: straight to row-by-row
    _synthetic(dumps / "tiny.ttl", 200, seed=3)  # small enough for one transaction even on this server
    want = {g.iri: g.triples for g in local_graphs(dumps)}

    first = {o.graph: o for o in publish(dumps, store, quiet=True)}
    assert {k: (o.status, o.swap) for k, o in first.items()} == {
        str(config.KZG["synthetic-a"]): ("created", SWAP_ROWS),
        str(config.KZG["synthetic-b"]): ("created", SWAP_ROWS),
        str(config.KZG["tiny"]): ("created", SWAP_ATOMIC)}
    assert {g: store.count(g) for g in want} == want

    # Replace a with other content of another size: the live graph then holds exactly the new triples.
    _synthetic(dumps / "synthetic-a.ttl", BIG + 2_000, seed=4)
    want = {g.iri: g.triples for g in local_graphs(dumps)}
    second = {o.graph: (o.status, o.swap) for o in publish(dumps, store, quiet=True)}
    assert second == {str(config.KZG["synthetic-a"]): ("replaced", SWAP_ROWS),
                      str(config.KZG["synthetic-b"]): ("unchanged", ""),
                      str(config.KZG["tiny"]): ("unchanged", "")}
    assert {g: store.count(g) for g in want} == want
    assert not [g for g in store.named_graphs() if g.startswith("urn:kzjp-kg:staging:")]

    # The bookkeeping was written after the row-by-row MOVE: re-running changes nothing.
    rows = store.select(f"SELECT ?g ?n WHERE {{ GRAPH <{GRAPH_PUBLICATION}> {{ ?g <http://rdfs.org/ns/void#triples> ?n }} }}")
    assert {r["g"].value: int(r["n"].value) for r in rows if r["g"].value in want} == want
    assert {o.status for o in publish(dumps, store, quiet=True)} == {"unchanged"}
    # …and the row-by-row mode stayed in its own requests: later ones are still one transaction each.
    _refuses_one_transaction_swaps(store, dumps / "synthetic-b.ttl")


def test_a_cut_short_swap_is_redone_on_the_next_run(small_log_server, tmp_path: Path) -> None:
    """If the row-by-row swap stops part-way (server killed, disk full), the live count no longer matches the
    record: the next publish sees the graph as changed and writes it again."""
    store = _writer(small_log_server)
    dumps = tmp_path / "dumps"
    dumps.mkdir()
    _synthetic(dumps / "synthetic-c.ttl", BIG, seed=5)
    (g,) = local_graphs(dumps)
    assert publish(dumps, store, quiet=True)[0].swap == SWAP_ROWS
    store.update(f"DELETE WHERE {{ GRAPH <{g.iri}> {{ ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o }} }}")
    assert store.count(g.iri) < g.triples  # what a swap cut short leaves
    (again,) = publish(dumps, store, quiet=True)
    assert (again.status, again.swap) == ("replaced", SWAP_ROWS)
    assert store.count(g.iri) == g.triples
