"""Serving from a remote SPARQL server: ``kzjp-kg serve --store-url URL`` puts the endpoint in front of it.

Why a pool look-alike (a :class:`~kzjp_kg.store.pool.Runner`, as the embedded store's worker pool is) and not a
change to the endpoint: :mod:`kzjp_kg.web.sparql` asks its pool to ``run`` a
:class:`~kzjp_kg.store.pool.QueryRequest` and gets a :class:`~kzjp_kg.store.pool.QueryAnswer` (bytes in the
client's format, the row count, whether it was cut). :class:`RemoteQueryPool` keeps that contract over a
:class:`~kzjp_kg.store.remote.RemoteStore`, so everything the endpoint does before and after the pool — the
update refusal, the SERVICE allow-list and FROM checks (all before anything is forwarded), the body limit,
content negotiation, the pages and the UI — is the same code whichever store answers. What the pool itself
guarantees, as the worker pool does for the embedded store:

* **Time limit.** One deadline for the whole exchange (connect, server work, every read of the answer); past it
  the connection is dropped and :class:`~kzjp_kg.store.base.QueryTimeout` raised (the endpoint answers 503 and
  goes on serving). The remote server may go on computing: give it a limit of its own too (Virtuoso:
  ``MaxQueryExecutionTime``; its partial "anytime" answers are refused, never passed on as complete).
* **Row cap.** The answer is parsed as it arrives and reading stops after ``row_cap + 1`` rows (or triples):
  memory stays bounded whatever the server sends, and a cut answer is flagged as with the embedded store.
* **Concurrency.** At most ``workers`` queries at once go to the server; a request that waits ``wait``
  seconds for a slot gets :class:`~kzjp_kg.store.pool.PoolBusy` (503).
* **Same dataset.** The default graph is the union of the project's graphs (those ``kzjp-kg publish``
  recorded in ``kzg:publication``, or the ones given), named graphs are those graphs: the embedded store's view,
  and it hides the server's own graphs (Virtuoso's ``virtrdf:``). A query's own ``FROM`` keeps its meaning.
* **Syntax errors** are found locally (pyoxigraph's parser, on an empty store) with their line and column, so a
  client gets the same 400 as from the embedded store — except for queries with ``SERVICE``, which pyoxigraph
  would start calling even on an empty store: those are judged by the server.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from itertools import islice

import pyoxigraph as ox

from kzjp_kg import config as kconfig
from kzjp_kg.errors import InputError, StorageError
from kzjp_kg.store.base import QueryTimeout
from kzjp_kg.store.pool import NotAcceptable, PoolBusy, QueryAnswer, QueryRequest, QuerySyntaxError
from kzjp_kg.store.remote import N_TRIPLES, RESULTS_XML, RemoteStore, _ask_from_table
from kzjp_kg.store.results import GRAPH_FORMATS, RESULT_FORMATS, write_boolean, write_rows, write_triples
from kzjp_kg.store.sparqltext import inspect_query, query_form
from kzjp_kg.store.stream import QueryStream

_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
_MEDIA = {f.name: f.media_type for f in (*RESULT_FORMATS, *GRAPH_FORMATS)}
_POSITION = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.DOTALL)  # pyoxigraph's "error at LINE:COL: what"
#: The graph ``kzjp-kg publish`` keeps its bookkeeping in; never part of the served dataset.
PUBLICATION_GRAPH = str(kconfig.KZG.publication)  # the same IRI as kzjp_kg.publish.GRAPH_PUBLICATION


def published_graphs(store: RemoteStore, publication_graph: str = PUBLICATION_GRAPH) -> list[str]:
    """The graphs ``kzjp-kg publish`` wrote to ``store`` (from its bookkeeping graph), sorted."""
    rows = store.select(f"SELECT DISTINCT ?g WHERE {{ GRAPH <{publication_graph}> {{ ?g "
                        "<http://rdfs.org/ns/void#triples> ?n } }")
    return sorted(r["g"].value for r in rows)


def remote_pool(config: dict, prefixes: dict[str, str], truncated_link: str) -> tuple[RemoteQueryPool, str]:
    """The pool ``create_app`` uses when ``KZJP_STORE_URL`` is set, and the generation naming what it serves.

    Keys: ``KZJP_STORE_URL`` (the SPARQL query endpoint), ``KZJP_STORE_AUTH`` (``user:password`` or ``user``
    with ``KZJP_REMOTE_PASSWORD``; usually none, reading is anonymous), ``KZJP_STORE_GRAPHS`` (graph IRIs; default
    the graphs in ``kzg:publication``), plus the endpoint's own ``KZJP_TIMEOUT``, ``KZJP_ROW_CAP``,
    ``KZJP_WORKERS``. The generation is the URL and the published digests: a re-publish while serving is not
    seen by it, so answer caching is off by default for a remote store (``serve --cache-mb`` turns it on)."""
    url = config["KZJP_STORE_URL"]
    timeout = float(config["KZJP_TIMEOUT"])
    store = RemoteStore(url, auth=config.get("KZJP_STORE_AUTH"), timeout=max(timeout, 30.0))
    try:
        records = store.select(f"SELECT ?g ?d WHERE {{ GRAPH <{PUBLICATION_GRAPH}> {{ ?g "
                               "<http://www.w3.org/2002/07/owl#versionInfo> ?d } }")
    except StorageError as exc:
        raise StorageError(f"the remote store at {url} does not answer: {exc}") from exc
    graphs = list(config.get("KZJP_STORE_GRAPHS") or sorted({r["g"].value for r in records}))
    digest = hashlib.sha256("\n".join(sorted(f"{r['g'].value} {r['d'].value}" for r in records)).encode())
    pool = RemoteQueryPool(store, graphs, workers=int(config["KZJP_WORKERS"]), timeout=timeout,
                           row_cap=int(config["KZJP_ROW_CAP"]), truncated_link=truncated_link, prefixes=prefixes)
    return pool, f"remote:{url}@{digest.hexdigest()[:16]}"


class RemoteQueryPool:
    """The endpoint's query runner over a remote SPARQL 1.1 server; same ``run`` contract as QueryPool."""

    kind = "remote"

    def __init__(self, store: RemoteStore, graphs: list[str], *, workers: int = 4, timeout: float = 10.0,
                 row_cap: int = 10_000, wait: float = 30.0, truncated_link: str = "urn:kzjp-kg:truncated",
                 prefixes: dict[str, str] | None = None) -> None:
        if not graphs:
            raise InputError(f"{store.query_url} holds no graphs published by kzjp-kg (nothing in "
                             f"<{PUBLICATION_GRAPH}>). Run `kzjp-kg publish --to …` first, or name the graphs "
                             "to serve with --store-graph IRI.")
        self.store = store
        self.graphs = list(graphs)
        self.size = workers
        self.timeout = timeout
        self.row_cap = row_cap
        self.wait = wait
        self.restarts = 0  # nothing to restart: kept for the pool's interface
        self._link = truncated_link
        self._prefixes = dict(prefixes or {})
        self._slots = threading.BoundedSemaphore(workers)
        self._syntax = ox.Store()  # empty: parses queries, never holds data

    # -- the pool's contract ----------------------------------------------------------------------------------

    def run(self, req: QueryRequest) -> QueryAnswer:
        """Answer ``req``; raise QuerySyntaxError, QueryTimeout, NotAcceptable, PoolBusy, InputError (a query
        the server rejects) or StorageError (the server is down or broke off)."""
        timeout = req.timeout if req.timeout is not None else self.timeout
        started = time.monotonic()
        if not self._slots.acquire(timeout=self.wait):
            raise PoolBusy(f"all {self.size} connections to the remote store stayed busy for {self.wait:g} s. "
                           "Retry later.")
        try:
            self._check_syntax(req)
            left = timeout - (time.monotonic() - started)
            if left <= 0:
                raise QueryTimeout(f"the query waited past its {timeout:g} s limit. Retry later.")
            return self._answer(req, left, req.row_cap or self.row_cap, started)
        finally:
            self._slots.release()

    def close(self) -> None:
        """Nothing held open: every query has its own connection."""

    # -- steps --------------------------------------------------------------------------------------------------

    def _check_syntax(self, req: QueryRequest) -> None:
        if _SERVICE.search(req.sparql):
            return
        try:
            self._syntax.query(req.sparql, base_iri=req.base_iri)
        except SyntaxError as exc:
            m = _POSITION.match(str(exc))
            if m:
                raise QuerySyntaxError(m.group(3).strip(), int(m.group(1)), int(m.group(2))) from exc
            raise QuerySyntaxError(str(exc), None, None) from exc
        except (OSError, ValueError):
            return  # an evaluation problem on the empty store says nothing about the query: the server decides

    def _params(self, req: QueryRequest) -> list[tuple[str, str]]:
        """The Protocol's dataset parameters: the request's own, else the project's graphs (unless FROM)."""
        defaults, named = req.default_graphs, req.named_graphs
        if defaults is None and named is None:
            if inspect_query(req.sparql, base=req.base_iri or "").from_graphs:
                return []  # the query's FROM / FROM NAMED choose (the endpoint checked they are our graphs)
            defaults = self.graphs if req.default_graph_union else ["urn:kzjp-kg:empty-default-graph"]
            named = self.graphs
        if defaults is None:
            defaults = ["urn:kzjp-kg:empty-default-graph"]  # named-graph-uri alone: an empty default graph
        if named is None:
            named = ["urn:kzjp-kg:no-named-graph"]  # default-graph-uri alone: no named graphs (Protocol §2.1.4)
        return [("default-graph-uri", g) for g in defaults] + [("named-graph-uri", g) for g in named]

    def _answer(self, req: QueryRequest, timeout: float, cap: int, started: float) -> QueryAnswer:
        form = query_form(req.sparql)
        wants = req.results_format if form in ("SELECT", "ASK") else req.graph_format
        if wants is None:
            raise NotAcceptable("graph" if form in ("CONSTRUCT", "DESCRIBE") else form.lower())
        text = f"BASE <{req.base_iri}>\n{req.sparql}" if req.base_iri else req.sparql
        try:
            stream = self.store.open_query(text, params=self._params(req), timeout=timeout,
                                           accept=RESULTS_XML if form in ("SELECT", "ASK") else N_TRIPLES)
        except QueryTimeout as exc:
            raise self._timeout(req) from exc
        try:
            if form == "SELECT":
                variables, rows, truncated = self._rows(stream, cap)
            elif form == "ASK":
                value = self._boolean(stream)
            else:
                triples = self._triples(stream, cap + 1)
                truncated = len(triples) > cap
                triples = triples[:cap]
        except QueryTimeout as exc:
            raise self._timeout(req) from exc
        except (SyntaxError, OSError, ValueError) as exc:
            if stream.timed_out:
                raise self._timeout(req) from exc
            if isinstance(exc, StorageError):
                raise
            raise StorageError(f"{self.store.query_url} sent an answer that does not parse: {exc}") from exc
        finally:
            stream.close()
        elapsed = time.monotonic() - started
        if form == "ASK":
            if wants == "python":
                return QueryAnswer("ask", "", b"", 1, False, elapsed, value)
            return QueryAnswer("ask", _MEDIA[wants], write_boolean(value, wants), 1, False, elapsed)
        if form == "SELECT":
            if wants == "python":
                py = [{v: r[i] for i, v in enumerate(variables) if r[i] is not None} for r in rows]
                return QueryAnswer("select", "", b"", len(rows), truncated, elapsed, (variables, py))
            body = write_rows(variables, rows, wants, self._link if truncated else None)
            return QueryAnswer("select", _MEDIA[wants], body, len(rows), truncated, elapsed)
        if wants == "python":
            return QueryAnswer("graph", "", b"", len(triples), truncated, elapsed, triples)
        body = write_triples(triples, wants, self._prefixes)  # a cut graph says so in the header, as embedded
        return QueryAnswer("graph", _MEDIA[wants], body, len(triples), truncated, elapsed)

    def _timeout(self, req: QueryRequest) -> QueryTimeout:
        limit = req.timeout if req.timeout is not None else self.timeout
        return QueryTimeout(f"the query ran longer than the {limit:g} s limit and was stopped (the remote store "
                            "did not answer in time). Make it more selective (add a LIMIT, bind a subject or a "
                            "type, avoid unbounded paths).")

    @staticmethod
    def _rows(stream: QueryStream, cap: int) -> tuple[list[str], list[tuple], bool]:
        res = ox.parse_query_results(stream, ox.QueryResultsFormat.XML)  # type: ignore[arg-type]  # a binary stream
        if not isinstance(res, ox.QuerySolutions):
            raise StorageError("the remote store answered a SELECT query with a boolean.")
        variables = [v.value for v in res.variables]
        rows = [tuple(r[v] for v in variables) for r in islice(res, cap + 1)]
        return variables, rows[:cap], len(rows) > cap

    @staticmethod
    def _boolean(stream: QueryStream) -> bool:
        res = ox.parse_query_results(stream, ox.QueryResultsFormat.XML)  # type: ignore[arg-type]  # a binary stream
        if isinstance(res, ox.QuerySolutions):  # Virtuoso 7: a one-cell table
            res = _ask_from_table(res)
        return bool(res)

    @staticmethod
    def _triples(stream: QueryStream, most: int) -> list[ox.Triple]:
        fmt = ox.RdfFormat.from_media_type(stream.ctype) or ox.RdfFormat.N_TRIPLES
        return [q.triple if isinstance(q, ox.Quad) else q for q in islice(ox.parse(stream, fmt), most)]  # type: ignore[arg-type]


__all__ = ["PUBLICATION_GRAPH", "RemoteQueryPool", "published_graphs", "remote_pool"]
