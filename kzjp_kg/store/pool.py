"""Queries run in worker processes that are killed and replaced when they outlive their time limit.

Why processes: pyoxigraph evaluates a query in Rust without checking for Python signals, so a thread running a
runaway query can be neither interrupted nor reclaimed. A worker process can: the pool sends it one query, waits
at most ``timeout`` seconds, and on silence kills it (SIGKILL) and starts a fresh one, so the time limit really
stops the work and frees the slot. Each worker opens the on-disk store read-only (``pyoxigraph.Store.read_only``),
so any number of them share one store folder. Answers are serialised inside the worker (capped at ``row_cap``
rows), so only bytes cross the pipe.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import queue
import re
import threading
import time
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import pyoxigraph as ox

from kzjp_kg.errors import InputError, KzjpError, StorageError
from kzjp_kg.store.base import QueryTimeout
from kzjp_kg.store.embedded import dataset_args
from kzjp_kg.store.results import (
    GRAPH_FORMATS,
    OX_GRAPH_FORMAT,
    OX_RESULTS_FORMAT,
    RESULT_FORMATS,
    add_link,
    capped_lines,
    write_boolean,
    write_rows,
    write_triples,
)

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.context import SpawnContext

_MEDIA = {f.name: f.media_type for f in (*RESULT_FORMATS, *GRAPH_FORMATS)}
_POSITION = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.DOTALL)


class QuerySyntaxError(InputError, SyntaxError):
    """The query does not parse; carries ``lineno``/``offset`` (1-based) and the parser's message."""

    def __init__(self, message: str, line: int | None, column: int | None) -> None:
        where = f"line {line}, column {column}: " if line else ""
        InputError.__init__(self, f"{where}{message}")
        self.msg = message
        self.lineno = line
        self.offset = column


class NotAcceptable(KzjpError):  # noqa: N818 - named after the HTTP status it maps to
    """The client accepts no format this kind of answer can be written in (HTTP 406)."""


class PoolBusy(KzjpError):  # noqa: N818
    """Every worker stayed busy for the whole wait (HTTP 503)."""


@dataclass
class QueryRequest:
    """One query with its dataset and the formats the client accepts for each answer kind (None: none fits)."""

    sparql: str
    results_format: str | None = "json"  # json/xml/csv/tsv, or "python" for a list of row dicts of pyoxigraph terms
    graph_format: str | None = "turtle"
    default_graph_union: bool = True
    default_graphs: list[str] | None = None
    named_graphs: list[str] | None = None
    timeout: float | None = None
    row_cap: int | None = None
    base_iri: str | None = None  # resolves relative IRIs of the query (the Protocol lets it be the endpoint's URL)


@dataclass
class QueryAnswer:
    form: str  # "select", "ask" or "graph"
    media_type: str
    body: bytes
    rows: int
    truncated: bool
    elapsed: float
    python: Any = field(default=None, repr=False)  # results_format "python": (variables, rows) or a bool


def _fast_select(result: ox.QuerySolutions, fmt: str, cap: int, link: str) -> tuple[bytes, int, bool] | None:
    """SELECT answer written by pyoxigraph: TSV capped by lines, re-read and written in ``fmt``; None if the
    round trip fails (the caller then uses the Python writer)."""
    data, truncated = capped_lines(lambda sink: result.serialize(sink, format=ox.QueryResultsFormat.TSV), cap + 1)
    rows = data.count(b"\n") - 1
    if fmt == "tsv":
        return data, rows, truncated
    try:
        body = ox.parse_query_results(data, ox.QueryResultsFormat.TSV).serialize(format=OX_RESULTS_FORMAT[fmt]) or b""
    except (SyntaxError, ValueError):
        return None
    return (add_link(body, fmt, link) if truncated else body), rows, truncated


def _execute(store: ox.Store, req: QueryRequest, cap: int, truncated_link: str, prefixes: dict[str, str]) -> tuple:
    started = time.perf_counter()
    try:
        result = store.query(req.sparql, base_iri=req.base_iri,
                             **dataset_args(req.default_graph_union, req.default_graphs, req.named_graphs))
        if isinstance(result, ox.QueryBoolean):
            fmt = req.results_format
            if fmt is None:
                return ("notacceptable", "ask")
            value = bool(result)
            if fmt == "python":
                return ("ok", "ask", "", b"", 1, False, time.perf_counter() - started, value)
            return ("ok", "ask", _MEDIA[fmt], write_boolean(value, fmt), 1, False, time.perf_counter() - started, None)
        if isinstance(result, ox.QuerySolutions):
            fmt = req.results_format
            if fmt is None:
                return ("notacceptable", "select")
            variables = [v.value for v in result.variables]
            if fmt != "python" and variables:
                fast = _fast_select(result, fmt, cap, truncated_link)
                if fast is not None:
                    body, rows_n, truncated = fast
                    return ("ok", "select", _MEDIA[fmt], body, rows_n, truncated, time.perf_counter() - started, None)
                result = store.query(req.sparql, base_iri=req.base_iri,  # the fast path failed: run it again
                                     **dataset_args(req.default_graph_union, req.default_graphs, req.named_graphs))
            rows = list(islice(result, cap + 1))  # type: ignore[arg-type]  # the same SELECT query again
            truncated = len(rows) > cap
            rows = rows[:cap]
            if fmt == "python":
                py = [{v: r[v] for v in variables if r[v] is not None} for r in rows]
                return ("ok", "select", "", b"", len(rows), truncated, time.perf_counter() - started, (variables, py))
            body = write_rows(variables, rows, fmt, truncated_link if truncated else None)
            return ("ok", "select", _MEDIA[fmt], body, len(rows), truncated, time.perf_counter() - started, None)
        fmt = req.graph_format
        if fmt is None:
            return ("notacceptable", "graph")
        if fmt != "python":
            data, truncated = capped_lines(lambda sink: result.serialize(sink, format=ox.RdfFormat.N_TRIPLES), cap)
            n = data.count(b"\n")
            if fmt != "ntriples":
                quads = list(ox.parse(data, ox.RdfFormat.N_TRIPLES))
                kwargs: dict[str, Any] = {"prefixes": prefixes} if prefixes and fmt in ("turtle", "trig") else {}
                data = ox.serialize(quads, format=OX_GRAPH_FORMAT[fmt], **kwargs) or b""
            return ("ok", "graph", _MEDIA[fmt], data, n, truncated, time.perf_counter() - started, None)
        triples = list(islice(result, cap + 1))
        truncated = len(triples) > cap
        triples = triples[:cap]
        if fmt == "python":
            return ("ok", "graph", "", b"", len(triples), truncated, time.perf_counter() - started, triples)
        body = write_triples(triples, fmt, prefixes)
        return ("ok", "graph", _MEDIA[fmt], body, len(triples), truncated, time.perf_counter() - started, None)
    except SyntaxError as exc:
        text = str(exc)
        m = _POSITION.match(text)
        if m:
            return ("syntax", m.group(3).strip(), int(m.group(1)), int(m.group(2)))
        return ("syntax", text, None, None)
    except OSError as exc:
        return ("oserror", str(exc))
    except Exception as exc:  # an evaluation error of pyoxigraph's: report it, keep the worker alive
        return ("error", f"{type(exc).__name__}: {exc}")


def open_for_queries(path: str, memory_quads: int) -> ox.Store:
    """The store a worker queries: the on-disk store opened read-only, copied into memory when it holds at most
    ``memory_quads`` quads (RocksDB reads cost 3-8× more than memory on the example queries; the copy is a Rust
    N-Quads dump and load, no Turtle parsing)."""
    disk = ox.Store.read_only(path)
    if len(disk) > memory_quads:
        return disk
    mem = ox.Store()
    mem.load(disk.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    return mem


def _worker_main(conn: Connection, path: str, cap: int, truncated_link: str, prefixes: dict[str, str],
                 memory_quads: int = 0) -> None:
    store = open_for_queries(path, memory_quads)
    conn.send(("ready",))
    while True:
        try:
            req = conn.recv()
        except EOFError:
            return
        if req is None:
            return
        conn.send(_execute(store, req, req.row_cap or cap, truncated_link, prefixes))


class _Worker:
    def __init__(self, ctx: SpawnContext, path: str, cap: int, link: str, prefixes: dict[str, str],
                 memory_quads: int) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, path, cap, link, prefixes, memory_quads),
                                daemon=True)
        self.proc.start()
        child.close()
        try:
            ready = self.conn.poll(300) and self.conn.recv() == ("ready",)
        except (EOFError, OSError):
            ready = False
        if not ready:
            self.kill()
            raise StorageError(f"a query worker could not open the store {path!r}. Check the folder exists and is "
                               "a pyoxigraph store (run `kzjp-kg serve` to rebuild it).")

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


@runtime_checkable
class Runner(Protocol):
    """What the endpoint needs of a query runner: run one request under its limits, and stop. The embedded store's
    :class:`QueryPool` (worker processes) and the remote server's
    :class:`~kzjp_kg.store.remotepool.RemoteQueryPool` both are one; the web layer never asks which."""

    def run(self, req: QueryRequest) -> QueryAnswer: ...

    def close(self) -> None: ...


class QueryPool:
    """``workers`` processes answering queries on the store at ``path``, each query stopped after ``timeout`` s.

    ``row_cap`` bounds rows (SELECT) or triples (CONSTRUCT/DESCRIBE) per answer; a longer answer is cut and
    flagged (``QueryAnswer.truncated``). ``wait`` bounds how long a request waits for a free worker. Each worker
    keeps a private in-memory copy of a store of at most ``memory_quads`` quads (0: always read from disk).
    """

    def __init__(self, path: str | Path, *, workers: int = 4, timeout: float = 10.0, row_cap: int = 10_000,
                 wait: float = 30.0, truncated_link: str = "urn:kzjp-kg:truncated",
                 prefixes: dict[str, str] | None = None, memory_quads: int = 1_000_000) -> None:
        self.path = str(path)
        self.memory_quads = memory_quads
        self.size = workers
        self.timeout = timeout
        self.row_cap = row_cap
        self.wait = wait
        self._link = truncated_link
        self._prefixes = dict(prefixes or {})
        self._ctx = mp.get_context("spawn")  # never fork a threaded server
        self._idle: queue.Queue[_Worker] = queue.LifoQueue()  # the warmest worker first: its caches hold the data
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.restarts = 0
        for w in self._start_many(workers):
            self._idle.put(w)

    def _start_many(self, n: int) -> list[_Worker]:
        out: list[_Worker] = []
        threads = [threading.Thread(target=lambda: out.append(self._start())) for _ in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if len(out) < n:
            raise StorageError(f"only {len(out)} of {n} query workers started on {self.path!r}.")
        return out

    def _start(self) -> _Worker:
        w = _Worker(self._ctx, self.path, self.row_cap, self._link, self._prefixes, self.memory_quads)
        with self._lock:
            self._all.add(w)
        return w

    def _replace(self, w: _Worker) -> None:
        with self._lock:
            self._all.discard(w)
        w.kill()
        self.restarts += 1
        if not self._closed:
            def start() -> None:
                try:
                    self._idle.put(self._start())
                except Exception:  # closing, or the store vanished: the pool shrinks and PoolBusy says so
                    return
            threading.Thread(target=start, daemon=True).start()

    def run(self, req: QueryRequest) -> QueryAnswer:
        """Answer ``req``; raise QuerySyntaxError, QueryTimeout, NotAcceptable, PoolBusy or StorageError."""
        timeout = req.timeout if req.timeout is not None else self.timeout
        try:
            w = self._idle.get(timeout=self.wait)
        except queue.Empty:
            raise PoolBusy(f"all {self.size} query workers stayed busy for {self.wait:g} s. Retry later.") from None
        try:
            w.conn.send(req)
            answered = w.conn.poll(timeout)
            msg = w.conn.recv() if answered else None
        except (EOFError, OSError) as exc:
            self._replace(w)
            raise StorageError(f"a query worker died ({exc}); it has been replaced. Retry the query.") from exc
        if msg is None:
            self._replace(w)
            raise QueryTimeout(f"the query ran longer than the {timeout:g} s limit and was stopped. Make it more "
                               "selective (add a LIMIT, bind a subject or a type, avoid unbounded paths).")
        self._idle.put(w)
        kind = msg[0]
        if kind == "ok":
            _, form, media, body, rows, truncated, elapsed, py = msg
            return QueryAnswer(form, media, body, rows, truncated, elapsed, py)
        if kind == "syntax":
            raise QuerySyntaxError(msg[1], msg[2], msg[3])
        if kind == "notacceptable":
            raise NotAcceptable(msg[1])
        if kind == "oserror":
            raise StorageError(msg[1])
        raise InputError(msg[1])

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            with contextlib.suppress(OSError):
                w.conn.send(None)
            w.kill()
