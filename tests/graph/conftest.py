"""The built graph in an embedded store, queried as users query it (union of asserted and inferred graphs)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

PREFIXES = """PREFIX kzjp: <https://w3id.org/kzjp-kg/ontology#>
PREFIX kzr: <https://w3id.org/kzjp-kg/resource/>
PREFIX kzs: <https://w3id.org/kzjp-kg/source/article-kk/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


class Kg:
    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def select(self, q: str, *, asserted_only: bool = False) -> list[tuple[str, ...]]:
        kwargs = {"use_default_graph_as_union": True}
        if asserted_only:
            graphs = [g for g in self.store.named_graphs() if not g.value.endswith("/graph/inferred")]
            kwargs = {"default_graph": graphs}
        res = self.store.query(PREFIXES + q, **kwargs)
        names = [v.value for v in res.variables]
        return [tuple(_short(row[n]) for n in names) for row in res]

    def ask(self, q: str, *, asserted_only: bool = False) -> bool:
        kwargs = {"use_default_graph_as_union": True}
        if asserted_only:
            kwargs = {"default_graph": [g for g in self.store.named_graphs()
                                        if not g.value.endswith("/graph/inferred")]}
        return bool(self.store.query(PREFIXES + q, **kwargs))


def _short(term) -> str:  # type: ignore[no-untyped-def]
    if term is None:
        return ""
    v = term.value
    for p, ns in (("kzr:", "https://w3id.org/kzjp-kg/resource/"), ("kzs:", "https://w3id.org/kzjp-kg/source/article-kk/"),
                  ("kzjp:", "https://w3id.org/kzjp-kg/ontology#")):
        if v.startswith(ns):
            return p + v[len(ns):]
    return v


@pytest.fixture(scope="session")
def kg(built: Path) -> Kg:
    store = ox.Store()
    store.bulk_load(path=str(built / "dumps" / "kzjp-kg.nq"), format=ox.RdfFormat.N_QUADS)
    return Kg(store)
