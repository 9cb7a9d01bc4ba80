"""The store Protocol every kind implements (embedded, in-memory, remote).

Why a Protocol and not a base class: the remote kind shares no code with the embedded ones; a structural type
states the contract without forcing an inheritance tree on it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import pyoxigraph as ox
from rdflib import Graph

from kzjp_kg.errors import KzjpError

#: What a query returns: rows (SELECT), a boolean (ASK) or triples (CONSTRUCT/DESCRIBE), as pyoxigraph gives them.
QueryResult = ox.QuerySolutions | ox.QueryBoolean | Iterator[ox.Triple]


class QueryTimeout(KzjpError, TimeoutError):  # noqa: N818 - reads as the HTTP status it maps to
    """A query ran longer than its time limit. The endpoint answers it with 503."""


@runtime_checkable
class Store(Protocol):
    """A quad store answering SPARQL 1.1 queries over named graphs.

    ``query`` arguments:

    * ``default_graph_union`` — the default graph is the union of every named graph (the endpoint's default: asserted
      and inferred together). Ignored when ``default_graphs`` is given.
    * ``default_graphs`` / ``named_graphs`` — the SPARQL 1.1 Protocol's ``default-graph-uri`` and
      ``named-graph-uri``: they replace the dataset the query would otherwise see (including its FROM clauses).
    * ``timeout`` — seconds; in-process kinds cannot stop pyoxigraph mid-query and raise :class:`QueryTimeout`
      once the answer comes too late; :class:`kzjp_kg.store.pool.QueryPool` really stops it.
    """

    def load(self, source: str | Path | Graph, graph: str | None = None) -> int:
        """Add an RDF file (format from its extension) or an rdflib graph; ``graph`` names the target graph
        (quad formats keep their own graphs). Return the number of quads now in the store."""
        ...

    def query(self, sparql: str, *, default_graph_union: bool = True, default_graphs: Sequence[str] | None = None,
              named_graphs: Sequence[str] | None = None, timeout: float | None = None) -> QueryResult:
        ...

    def named_graphs(self) -> list[str]:
        """IRIs of the named graphs, sorted."""
        ...

    def __len__(self) -> int:
        """Number of quads (triples in every graph)."""
        ...

    def close(self) -> None:
        ...
