"""One store interface, three kinds: in-memory, embedded pyoxigraph on disk (the default), remote SPARQL server.

Why a small Protocol: the web layer, the benchmarks and the publish step only ever need to load a graph, run a
query against a chosen dataset, list the named graphs and count quads. Keeping the interface that small lets a
remote SPARQL 1.1 server (:mod:`kzjp_kg.store.remote`) stand in for the embedded store unchanged. Results are
pyoxigraph's own objects (``QuerySolutions``, ``QueryBoolean``, an iterator of ``Triple``) whatever the kind.

The endpoint does not call :meth:`Store.query` of an in-process kind directly: pyoxigraph cannot interrupt a
running query from Python, so :class:`kzjp_kg.store.pool.QueryPool` runs queries in worker processes that it
kills and replaces when a query outlives its time limit.
"""

from __future__ import annotations

from kzjp_kg.store.base import QueryResult, QueryTimeout, Store
from kzjp_kg.store.embedded import MemoryStore, OxigraphStore

__all__ = ["MemoryStore", "OxigraphStore", "QueryResult", "QueryTimeout", "Store"]
