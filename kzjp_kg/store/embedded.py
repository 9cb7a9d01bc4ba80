"""The embedded kinds: pyoxigraph in memory and pyoxigraph persisted on disk.

Why pyoxigraph for both: the same engine answers tests (in memory, nothing to clean up) and the server (on disk,
so a restart opens the store in milliseconds instead of re-parsing Turtle).

>>> s = MemoryStore()
>>> s.load_quads([ox.Quad(ox.NamedNode("http://ex/a"), ox.NamedNode("http://ex/p"), ox.Literal("x"),
...                       ox.NamedNode("http://ex/g"))])
1
>>> bool(s.query("ASK { <http://ex/a> ?p ?o }"))
True
>>> bool(s.query("ASK { <http://ex/a> ?p ?o }", default_graph_union=False))
False
>>> s.named_graphs()
['http://ex/g']
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kzjp_kg.errors import InputError, StorageError
from kzjp_kg.store.base import QueryResult, QueryTimeout
from kzjp_kg.terms import rdf_format, to_ox


def dataset_args(default_graph_union: bool, default_graphs: Sequence[str] | None,
                 named_graphs: Sequence[str] | None) -> dict:
    """pyoxigraph ``query()`` keyword arguments for a SPARQL 1.1 Protocol dataset description."""
    kwargs: dict = {}
    if default_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    elif named_graphs:
        kwargs["default_graph"] = []  # Protocol §2.1.4: named-graph-uri alone leaves an empty default graph
    else:
        kwargs["use_default_graph_as_union"] = default_graph_union
    if named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    elif default_graphs:
        kwargs["named_graphs"] = []
    return kwargs


class _PyoxigraphStore:
    """Shared implementation of the two embedded kinds (they differ only in where pyoxigraph keeps its data)."""

    def __init__(self, store: ox.Store) -> None:
        self._store: ox.Store | None = store

    @property
    def ox_store(self) -> ox.Store:
        if self._store is None:
            raise StorageError("the store is closed. Open it again.")
        return self._store

    def load(self, source: str | Path | Graph, graph: str | None = None) -> int:
        to_graph = ox.NamedNode(graph) if graph else None
        if isinstance(source, Graph):
            g = to_graph or ox.DefaultGraph()
            self.ox_store.bulk_extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), g)  # type: ignore[arg-type]
                                      for s, p, o in source)
        else:
            path = Path(source)
            fmt = rdf_format(path)
            try:
                self.ox_store.bulk_load(path=str(path), format=fmt,
                                        to_graph=to_graph if to_graph and not fmt.supports_datasets else None)
            except SyntaxError as exc:
                raise InputError(f"{path}: {exc}. Fix the file or rebuild it with `kzjp-kg build`.") from exc
        self.ox_store.flush()
        return len(self)

    def load_quads(self, quads: Iterable[ox.Quad]) -> int:
        self.ox_store.bulk_extend(quads)
        return len(self)

    def query(self, sparql: str, *, default_graph_union: bool = True, default_graphs: Sequence[str] | None = None,
              named_graphs: Sequence[str] | None = None, timeout: float | None = None) -> QueryResult:
        started = time.monotonic()
        result = self.ox_store.query(sparql, **dataset_args(default_graph_union, default_graphs, named_graphs))
        if isinstance(result, ox.QueryBoolean):
            out: QueryResult = result
        elif isinstance(result, ox.QuerySolutions):
            out = result
        else:
            out = iter(list(result))
        if timeout is not None and time.monotonic() - started > timeout:
            raise QueryTimeout(f"the query took longer than its {timeout:g} s limit.")
        return out

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self.ox_store.named_graphs() if isinstance(g, ox.NamedNode))

    def __len__(self) -> int:
        return len(self.ox_store)

    def close(self) -> None:
        self._store = None


class MemoryStore(_PyoxigraphStore):
    """pyoxigraph in memory: for tests and small graphs; gone when the process ends."""

    def __init__(self) -> None:
        super().__init__(ox.Store())


class OxigraphStore(_PyoxigraphStore):
    """pyoxigraph persisted in a folder (``build/store/``). ``read_only=True`` lets many processes share it."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        try:
            store = ox.Store.read_only(str(self.path)) if read_only else ox.Store(str(self.path))
        except OSError as exc:
            raise StorageError(f"{self.path}: cannot open the store ({exc}). Check the folder exists and no other "
                               "process holds it for writing, or delete it and run `kzjp-kg serve` again.") from exc
        super().__init__(store)
