"""The remote store kind: any SPARQL 1.1 server, reached over HTTP.

Why a store kind of its own: past one machine's memory, or to share one graph between services, the graph lives
in a server (Virtuoso, Fuseki, QLever, Oxigraph server). We speak only W3C protocols so that any of them fits:
queries through the SPARQL 1.1 Protocol, writes through SPARQL 1.1 Update, bulk loads through the Graph Store
Protocol when the server offers it. Results come back as pyoxigraph objects (``QuerySolutions``,
``QueryBoolean``, triples) — the same types the embedded store returns — so the endpoint, its limits, allow-list
and pages work unchanged on top of either.

The HTTP client is the standard library's (``http.client``) with Basic and Digest authentication
(:mod:`kzjp_kg.store.httpauth`): no extra dependency, and we control what is sent before the server's challenge
(never a large body, never the password in clear over Digest). The password is never printed:
:meth:`RemoteStore.__repr__` and errors show the user only. Answers are read under a deadline
(:class:`~kzjp_kg.store.stream.QueryStream`).
"""

from __future__ import annotations

import contextlib
import http.client
import re
import time
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import cast

import pyoxigraph as ox
from rdflib import Graph

from kzjp_kg.errors import InputError, StorageError
from kzjp_kg.store.base import QueryResult, QueryTimeout
from kzjp_kg.store.httpauth import _Auth, parse_auth
from kzjp_kg.store.sparqltext import query_form
from kzjp_kg.store.stream import QueryStream, _plain_bnodes
from kzjp_kg.terms import rdf_format, to_ox

#: Media types we ask for. SPARQL XML results are the format every server writes to the letter (Virtuoso's JSON
#: still uses the pre-standard "typed-literal"); N-Triples for graphs because it streams and needs no prefixes.
RESULTS_XML = "application/sparql-results+xml"
N_TRIPLES = "application/n-triples"

#: Triples per upload request: bounded requests keep every server's body limit and transaction log in reach.
DEFAULT_CHUNK = 100_000

#: Virtuoso's refusal of a transaction whose roll-forward log passed ``TransactionAfterImageLimit`` (50 MB by default).
_TOO_LARGE = re.compile(r"SR325\b.*log after image size", re.IGNORECASE | re.DOTALL)



class TransactionTooLarge(StorageError):  # noqa: N818 - reads as the server's refusal it stands for
    """The server refused one update request as too large a transaction (Virtuoso: SR325, its roll-forward log
    would pass ``TransactionAfterImageLimit``, 50 MB by default: about a few hundred thousand moved triples).
    Nothing was written: the server rolled the whole request back."""


class RemoteStore:
    """A SPARQL 1.1 server as a store: ``query``/``update``/``load`` like the embedded kinds.

    ``query_url`` answers the SPARQL Protocol; ``update_url`` (default: the same) takes SPARQL Update;
    ``gsp_url`` (optional) is a Graph Store Protocol endpoint used for bulk loads (``?graph=IRI``), without it
    loads go through ``INSERT DATA`` in chunks. ``auth`` is ``user:password`` (Basic or Digest, as the server
    asks). For Virtuoso: query ``/sparql``, update ``/sparql-auth``, GSP ``/sparql-graph-crud-auth``, auth
    ``dba:…`` (see docs/larger-graphs.md).

    ``dataset`` (graph IRIs) fixes what queries see, by the Protocol's ``default-graph-uri`` and
    ``named-graph-uri``: the default graph is the union of those graphs and ``GRAPH ?g`` ranges over them —
    the same view as the embedded store's union default graph, and it hides a server's own system graphs
    (Virtuoso's default graph otherwise includes its ``virtrdf:`` configuration).
    """

    kind = "remote"

    def __init__(self, query_url: str, *, update_url: str | None = None, gsp_url: str | None = None,
                 auth: str | None = None, timeout: float = 60.0, dataset: Sequence[str] | None = None) -> None:
        for name, url in (("query", query_url), ("update", update_url), ("gsp", gsp_url)):
            if url and urllib.parse.urlsplit(url).scheme not in ("http", "https"):
                raise InputError(f"{name} URL {url!r} is not an http(s) URL. Give the endpoint's full address, "
                                 "e.g. http://127.0.0.1:8890/sparql.")
        self.query_url = query_url
        self.update_url = update_url or query_url
        self.gsp_url = gsp_url
        creds = parse_auth(auth)
        self._auth = _Auth(*creds) if creds else None
        self.timeout = timeout
        self.dataset = list(dataset) if dataset else None

    def __repr__(self) -> str:
        who = f", user={self._auth.user!r}" if self._auth else ""
        return f"RemoteStore({self.query_url!r}{who})"

    # -- HTTP -------------------------------------------------------------------------------------------------

    def _request(self, method: str, url: str, body: bytes | None = None, headers: dict[str, str] | None = None,
                 timeout: float | None = None) -> tuple[int, dict[str, str], bytes]:
        """One HTTP exchange, answering an auth challenge once. Returns (status, lower-cased headers, body)."""
        status, rheaders, conn, resp = self._open(method, url, body, headers, timeout)
        try:
            data = resp.read()
        except (OSError, http.client.HTTPException) as exc:
            raise StorageError(f"{method} {url}: {type(exc).__name__}: {exc}. Is the SPARQL server running "
                               "and reachable at this address?") from exc
        finally:
            conn.close()
        return status, rheaders, data

    def _open(self, method: str, url: str, body: bytes | None = None, headers: dict[str, str] | None = None,
              timeout: float | None = None
              ) -> tuple[int, dict[str, str], http.client.HTTPConnection, http.client.HTTPResponse]:
        """Send a request (answering an auth challenge once) and return the response with its body unread."""
        parts = urllib.parse.urlsplit(url)
        uri = parts.path + (f"?{parts.query}" if parts.query else "")
        conn_cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        headers = dict(headers or {})
        if self._auth and self._auth.scheme is None and body and len(body) > 4096:
            # Learn the challenge with an empty request first: a server may drop a large body sent without auth.
            self._request("GET", url, timeout=timeout)
        host = parts.hostname
        if not host:
            raise StorageError(f"{url}: no host in the store's URL. Give http(s)://host[:port]/path.")
        for attempt in range(2):
            hdrs = dict(headers)
            if self._auth and (h := self._auth.header(method, uri)):
                hdrs["Authorization"] = h
            conn = conn_cls(host, parts.port, timeout=timeout or self.timeout)
            try:
                conn.request(method, uri, body=body, headers=hdrs)
                resp = conn.getresponse()
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                raise StorageError(f"{method} {url}: {type(exc).__name__}: {exc}. Is the SPARQL server running "
                                   "and reachable at this address?") from exc
            status, rheaders = resp.status, {k.lower(): v for k, v in resp.getheaders()}
            if status == 401 and attempt == 0 and self._auth and self._auth.learn(rheaders.get("www-authenticate", "")):
                with contextlib.suppress(OSError, http.client.HTTPException):
                    resp.read()
                conn.close()
                continue
            return status, rheaders, conn, resp
        return status, rheaders, conn, resp

    def _check(self, status: int, data: bytes, what: str, url: str) -> None:
        if status < 300:
            return
        text = data.decode("utf-8", "replace").strip()
        text = text if len(text) < 600 else text[:600] + " …"
        if re.search(r"\bSR171\b|\bS1T00\b", text):  # Virtuoso stopped it at its MaxQueryExecutionTime
            raise QueryTimeout(f"{what} at {url} ran past the server's own time limit ({text}). Narrow the query "
                               "(LIMIT, a more selective pattern).")
        if _TOO_LARGE.search(text):
            raise TransactionTooLarge(f"{what} at {url} was rolled back as too large for one transaction ({text}). "
                                      "Send less per request, or raise the server's limit (Virtuoso: "
                                      "TransactionAfterImageLimit in virtuoso.ini).")
        if "SR186" in text or "SECURITY" in text:
            raise StorageError(f"{what} at {url} was refused: the user has no right to write ({text}). On Virtuoso, "
                               "write through /sparql-auth with --auth dba:PASSWORD (or GRANT SPARQL_UPDATE to the "
                               "user); see docs/larger-graphs.md.")
        if status in (401, 403):
            who = f"as {self._auth.user!r}" if self._auth else "without credentials (give --auth user:password)"
            raise StorageError(f"{what} at {url} was refused ({status}) {who}: {text}")
        if status == 400 or (status == 500 and re.search(r"SP0\d\d|syntax|SQ\d{3}|37000", text, re.I)):
            raise InputError(f"{what} rejected by {url} ({status}): {text}")
        raise StorageError(f"{what} failed at {url} ({status}): {text}")

    # -- reading ----------------------------------------------------------------------------------------------

    def _dataset_params(self, default_graph_union: bool, default_graphs: Sequence[str] | None,
                        named_graphs: Sequence[str] | None) -> list[tuple[str, str]]:
        """The Protocol's dataset parameters for one query (see :class:`kzjp_kg.store.base.Store`)."""
        if default_graphs is None and default_graph_union and self.dataset:
            default_graphs = self.dataset
            named_graphs = self.dataset if named_graphs is None else named_graphs
        params = [("default-graph-uri", g) for g in default_graphs or ()]
        return params + [("named-graph-uri", g) for g in named_graphs or ()]

    def query_raw(self, sparql: str, accept: str | None = None, *, params: Sequence[tuple[str, str]] = (),
                  timeout: float | None = None) -> tuple[str, bytes]:
        """POST a query (SPARQL 1.1 Protocol §2.1.2) and return (content type, body) as the server sent them."""
        form = query_form(sparql)
        accept = accept or (RESULTS_XML if form in ("SELECT", "ASK") else N_TRIPLES)
        body = urllib.parse.urlencode([("query", sparql), *params]).encode()
        try:
            status, headers, data = self._request(
                "POST", self.query_url, body,
                {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}, timeout)
        except StorageError as exc:
            if isinstance(exc.__cause__, TimeoutError):
                raise QueryTimeout(f"{self.query_url} did not answer within {timeout or self.timeout:.0f} s. "
                                   "Narrow the query (LIMIT, a more selective pattern).") from exc
            raise
        self._check(status, data, "query", self.query_url)
        return headers.get("content-type", accept).split(";")[0].strip(), data

    def open_query(self, sparql: str, *, params: Sequence[tuple[str, str]] = (), accept: str | None = None,
                   timeout: float | None = None) -> QueryStream:
        """POST a query and return its answer as a stream read under one deadline of ``timeout`` seconds for the
        whole exchange (not per socket read): the endpoint's time limit holds even when a server trickles.

        The stream is a file-like object pyoxigraph parses lazily, so a caller that stops after ``cap`` rows
        never reads (or holds) the rest. Raises :class:`QueryTimeout`, :class:`InputError` for a query the
        server rejects, :class:`StorageError` for anything else."""
        form = query_form(sparql)
        accept = accept or (RESULTS_XML if form in ("SELECT", "ASK") else N_TRIPLES)
        limit = timeout or self.timeout
        deadline = time.monotonic() + limit
        body = urllib.parse.urlencode([("query", sparql), *params]).encode()
        try:
            status, headers, conn, resp = self._open(
                "POST", self.query_url, body,
                {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}, limit)
        except StorageError as exc:
            if isinstance(exc.__cause__, TimeoutError):
                raise QueryTimeout(f"{self.query_url} did not answer within {limit:g} s. Narrow the query "
                                   "(LIMIT, a more selective pattern).") from exc
            raise
        stream = QueryStream(conn, resp, deadline, limit, self.query_url)
        if status >= 300:
            data = stream.read(64 * 1024)
            stream.close()
            self._check(status, data, "query", self.query_url)
        if headers.get("x-sql-state", "").upper().startswith("S1TAT"):
            # Virtuoso's "anytime" answer: cut at its own MaxQueryExecutionTime, partial but looking complete
            stream.close()
            raise QueryTimeout(f"{self.query_url} stopped the query at its own time limit and sent a partial "
                               "answer, which is not passed on. Narrow the query.")
        stream.ctype = headers.get("content-type", accept).split(";")[0].strip()
        return stream

    def query(self, sparql: str, *, default_graph_union: bool = True, default_graphs: Sequence[str] | None = None,
              named_graphs: Sequence[str] | None = None, timeout: float | None = None) -> QueryResult:
        """Run a query; SELECT/ASK give pyoxigraph's QuerySolutions/QueryBoolean, CONSTRUCT/DESCRIBE triples.

        ``default_graph_union`` with no ``dataset`` leaves the default graph to the server: Virtuoso's is already
        the union of all its graphs; Fuseki's is the union only with ``tdb2:unionDefaultGraph true``.
        """
        params = self._dataset_params(default_graph_union, default_graphs, named_graphs)
        return self._parse(sparql, *self.query_raw(sparql, params=params, timeout=timeout))

    def _parse(self, sparql: str, ctype: str, data: bytes) -> QueryResult:
        form = query_form(sparql)
        try:
            if form in ("SELECT", "ASK"):
                fmt = ox.QueryResultsFormat.JSON if "json" in ctype else ox.QueryResultsFormat.XML
                res = ox.parse_query_results(_plain_bnodes(data), fmt)
                if form == "ASK" and isinstance(res, ox.QuerySolutions):
                    res = _ask_from_table(res)
                return res
            rdf_fmt = ox.RdfFormat.from_media_type(ctype) or ox.RdfFormat.N_TRIPLES
            return iter([q.triple if isinstance(q, ox.Quad) else q for q in ox.parse(data, rdf_fmt)])
        except SyntaxError as exc:
            raise StorageError(f"{self.query_url} answered with {ctype} that does not parse: {exc}") from exc

    def select(self, sparql: str, **dataset: object) -> list[dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]]:
        """A SELECT's rows as dicts of bound variables (unbound ones left out). Server's own dataset by default."""
        params = self._dataset_params(bool(dataset.get("default_graph_union", False)),
                                      dataset.get("default_graphs"), dataset.get("named_graphs"))  # type: ignore[arg-type]
        res = self._parse(sparql, *self.query_raw(sparql, params=params))
        if not isinstance(res, ox.QuerySolutions):
            raise InputError("select() needs a SELECT query.")
        names = [v.value for v in res.variables]
        return [{n: row[n] for n in names if row[n] is not None} for row in res]

    def count(self, graph: str | None = None) -> int:
        """Triples in one named graph, or quads in every named graph of the dataset when ``graph`` is None."""
        if graph:
            rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        else:
            rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                               named_graphs=self.dataset)
        return int(rows[0]["n"].value) if rows else 0

    def __len__(self) -> int:
        """Quads in the named graphs (of ``dataset`` when set; Virtuoso keeps every triple in some graph)."""
        return self.count()

    def named_graphs(self) -> list[str]:
        """IRIs of the non-empty named graphs the server exposes (only those of ``dataset`` when set)."""
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", named_graphs=self.dataset)
        return sorted(r["g"].value for r in rows)

    # -- writing ----------------------------------------------------------------------------------------------

    def update(self, sparql: str, *, timeout: float | None = None) -> None:
        """POST a SPARQL 1.1 Update request (Protocol §2.2.2)."""
        body = urllib.parse.urlencode({"update": sparql}).encode()
        status, _, data = self._request("POST", self.update_url, body,
                                        {"Content-Type": "application/x-www-form-urlencoded"}, timeout)
        self._check(status, data, "update", self.update_url)

    def post_ntriples(self, graph: str, data: bytes, *, replace: bool = False, timeout: float | None = None) -> None:
        """Add N-Triples to ``graph`` (GSP POST, or PUT when ``replace``); INSERT DATA without a GSP endpoint."""
        if self.gsp_url:
            sep = "&" if "?" in self.gsp_url else "?"
            url = f"{self.gsp_url}{sep}{urllib.parse.urlencode({'graph': graph})}"
            status, _, body = self._request("PUT" if replace else "POST", url, data,
                                            {"Content-Type": N_TRIPLES}, timeout)
            self._check(status, body, "graph store upload", url)
            return
        if replace:
            self.update(f"DROP SILENT GRAPH <{graph}>", timeout=timeout)
        if not data.strip():
            return
        text = data.decode("utf-8")
        if "_:" in text:  # Virtuoso refuses blank nodes in INSERT DATA; a template with an empty WHERE is standard
            self.update(f"INSERT {{ GRAPH <{graph}> {{\n{text}\n}} }} WHERE {{}}", timeout=timeout)
        else:
            self.update(f"INSERT DATA {{ GRAPH <{graph}> {{\n{text}\n}} }}", timeout=timeout)

    def add_triples(self, triples: Iterable[ox.Triple], graph: str, *, chunk: int = DEFAULT_CHUNK,
                    progress: Callable[[int], None] | None = None) -> int:
        """Append triples to ``graph`` in bounded requests; ``progress(n)`` after each; returns the count.

        A piece the server rolls back as too large for one transaction (:class:`TransactionTooLarge`) is sent
        again as two halves, down to what the server takes — unless it has blank nodes, whose labels only hold
        within one request: then the refusal is raised."""
        total = 0
        buf: list[ox.Triple] = []
        for t in triples:
            buf.append(t)
            if len(buf) >= chunk:
                total += self._post_piece(graph, buf, progress)
                buf = []
        if buf:
            total += self._post_piece(graph, buf, progress)
        return total

    def _post_piece(self, graph: str, piece: list[ox.Triple], progress: Callable[[int], None] | None) -> int:
        try:
            self.post_ntriples(graph, ox.serialize(piece, format=ox.RdfFormat.N_TRIPLES) or b"")
        except TransactionTooLarge:
            has_b = any(isinstance(x, ox.BlankNode) for t in piece for x in (t.subject, t.object))
            if len(piece) < 2 or has_b:
                raise
            half = len(piece) // 2
            return self._post_piece(graph, piece[:half], progress) + self._post_piece(graph, piece[half:], progress)
        if progress:
            progress(len(piece))
        return len(piece)

    def load(self, source: str | Path | Graph, graph: str | None = None) -> int:
        """Add an RDF file (format from its extension; quad formats keep their graphs) or an rdflib graph.

        Triples without a graph go to ``graph``; a remote store has no writable default graph we can rely on
        (Virtuoso has none), so ``graph`` is required for triple formats. Returns the quads now in the store.
        """
        if isinstance(source, Graph):
            if graph is None:
                raise InputError("RemoteStore.load(graph=None): name the target graph for an rdflib Graph.")
            self.add_triples((ox.Triple(*(to_ox(t) for t in spo))  # type: ignore[arg-type]
                              for spo in source), graph)
            return len(self)
        path = Path(source)
        fmt = rdf_format(path)
        by_graph: dict[str, list[ox.Triple]] = {}
        try:
            for q in ox.parse(path=path, format=fmt):
                if isinstance(q, ox.Quad) and isinstance(q.graph_name, ox.NamedNode):
                    key = q.graph_name.value
                else:
                    if graph is None:
                        raise InputError(f"{path}: has triples outside a named graph; give load(..., graph=IRI).")
                    key = graph
                by_graph.setdefault(key, []).append(q.triple if isinstance(q, ox.Quad) else q)
        except SyntaxError as exc:
            raise InputError(f"{path}: {exc}") from exc
        for key, triples in by_graph.items():
            has_b = any(isinstance(x, ox.BlankNode) for t in triples for x in (t.subject, t.object))
            self.add_triples(triples, key, chunk=len(triples) if has_b else DEFAULT_CHUNK)
        return len(self)

    def close(self) -> None:
        """Nothing to release: every request opens and closes its own connection."""


def _ask_from_table(res: ox.QuerySolutions) -> ox.QueryBoolean:
    """Virtuoso 7 answers a POSTed ASK with a one-cell table (``__ASK_RETVAL`` = 1/0), not a boolean: convert."""
    rows = list(res)
    value = bool(rows) and rows[0][0] is not None and rows[0][0].value not in ("0", "false")
    return cast(ox.QueryBoolean, ox.parse_query_results('{"head":{},"boolean":%s}' % ("true" if value else "false"),
                                                        ox.QueryResultsFormat.JSON))  # a boolean document


def ntriples_chunks(triples: Iterable[ox.Triple], chunk: int = DEFAULT_CHUNK) -> Iterator[tuple[bytes, int]]:
    """Serialise triples as N-Triples in pieces of at most ``chunk`` triples: (bytes, count) per piece.

    Blank nodes keep their labels across pieces, so a node split over two requests stays one node on servers
    that scope labels per graph load — Virtuoso and Fuseki scope them per request, so graphs with blank nodes
    spanning chunks must be sent in one chunk (``publish`` does so for every graph that has blank nodes).
    """
    buf: list[ox.Triple] = []
    for t in triples:
        buf.append(t)
        if len(buf) >= chunk:
            yield ox.serialize(buf, format=ox.RdfFormat.N_TRIPLES) or b"", len(buf)
            buf = []
    if buf:
        yield ox.serialize(buf, format=ox.RdfFormat.N_TRIPLES) or b"", len(buf)
