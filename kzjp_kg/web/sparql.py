"""The SPARQL 1.1 Protocol endpoint at ``/sparql`` (query only) and its Service Description.

Why each refusal is its own status: a client must be able to tell its own mistake (400 with the position, 406,
413, 415), a policy refusal (403: updates, SERVICE outside the allow-list, FROM of a graph the server would have
to fetch) and the server's limits (503: time limit, all workers busy) apart, and none of them is ever a 500.
The endpoint is read-only: the graph is rebuilt from its sources, never edited through HTTP.

Dataset: by default the default graph is the union of every named graph (asserted + inferred). ``inference=none``
makes it the union of the asserted graphs only; ``default-graph-uri`` / ``named-graph-uri`` (Protocol §2.1.4)
choose graphs explicitly and take precedence over the query's FROM clauses; without them, a query's own FROM /
FROM NAMED (graphs of this store only) describes its dataset instead of the default union.
"""

from __future__ import annotations

import time
import urllib.parse
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request
from werkzeug.http import HTTP_STATUS_CODES

from kzjp_kg.errors import EXIT_BAD_INPUT, EXIT_INTERNAL, KzjpError
from kzjp_kg.store.base import QueryTimeout
from kzjp_kg.store.pool import NotAcceptable, PoolBusy, QueryAnswer, QueryPool, QueryRequest, QuerySyntaxError
from kzjp_kg.store.results import GRAPH_FORMATS, RESULT_FORMATS, write_triples
from kzjp_kg.web.cache import AnswerCache, CachedAnswer, cacheable
from kzjp_kg.web.negotiate import by_name, choose
from kzjp_kg.web.policy import Inspection, inspect_query, is_allowed_url

bp = Blueprint("sparql", __name__)

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"
FORMAT_IRIS = {
    "json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML", "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV", "turtle": "Turtle", "ntriples": "N-Triples", "jsonld": "JSON-LD",
    "rdfxml": "RDF_XML", "trig": "TriG",
}


class HttpError(KzjpError):
    """An answer other than 200, with a message that tells the user what to do (answered app-wide by
    :mod:`kzjp_kg.web.errors`; a 4xx is the client's input, as the CLI's exit code 2 is)."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.exit_code = EXIT_BAD_INPUT if 400 <= status < 500 else EXIT_INTERNAL
        self.status = status
        self.message = message
        self.headers = headers or {}


def _pool() -> QueryPool:
    return current_app.extensions["kzjp_pool"]


def _cors(resp: Response) -> Response:
    resp.headers["Access-Control-Allow-Origin"] = "*"
    resp.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
    resp.headers["Access-Control-Allow-Headers"] = "Content-Type, Accept, Cache-Control, If-None-Match"
    resp.headers["Access-Control-Expose-Headers"] = "KZJP-Result-Truncated, KZJP-Query-Time, KZJP-Cache, ETag"
    resp.headers["Vary"] = "Accept, Origin"
    return resp


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """Plain text for programs; for a client that prefers HTML (a browser), a page of the site (``error.html``,
    extending base.html) so that a reader who took a wrong turn keeps the navigation, the language switcher and the
    site's words in their language. The ``message`` (why this request failed) is the code's English, marked so."""
    accept = request.accept_mimetypes
    if accept.quality("text/html") > max(accept.quality("text/plain"), 0) and accept.quality("text/html") >= \
            accept.quality("application/sparql-results+json"):
        body = render_template("error.html", status=status, message=message,
                               reason=HTTP_STATUS_CODES.get(status, "Error"))
        return _cors(Response(body, status=status, mimetype="text/html", headers=headers or {}))
    resp = Response(f"{status} {message}\n", status=status, mimetype="text/plain", headers=headers or {})
    return _cors(resp)


def _parse_pairs(raw: bytes, where: str) -> list[tuple[str, str]]:
    """Strictly decoded ``a=b&c=d`` pairs: invalid UTF-8 is the client's error, not a replacement character."""
    try:
        return urllib.parse.parse_qsl(raw.decode("ascii", errors="strict"), keep_blank_values=True,
                                      encoding="utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        raise HttpError(400, f"the {where} is not valid UTF-8 ({exc.reason} at byte {exc.start}). Send the query "
                             "percent-encoded as UTF-8 (SPARQL 1.1 Protocol §2.1).") from exc


def _body_text() -> str:
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if request.content_length is not None and request.content_length > limit:
        raise HttpError(413, f"the request body has {request.content_length} bytes; the limit is {limit} bytes "
                             "(KZJP_MAX_BODY). Send a shorter query.")
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise HttpError(415, f"charset {charset!r} is not supported: the SPARQL 1.1 Protocol requires UTF-8.")
    data = request.get_data(cache=True)
    if len(data) > limit:
        raise HttpError(413, f"the request body exceeds the limit of {limit} bytes (KZJP_MAX_BODY).")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HttpError(400, f"the request body is not valid UTF-8 ({exc.reason} at byte {exc.start}).") from exc


def _collect() -> tuple[str | None, list[tuple[str, str]]]:
    """The query text and every protocol parameter of this request (GET query string, form body, direct body)."""
    params = _parse_pairs(request.query_string, "query string")
    if request.method == "POST":
        mime = request.mimetype
        if mime == "application/x-www-form-urlencoded":
            charset = request.mimetype_params.get("charset", "utf-8").lower()
            if charset not in ("utf-8", "utf8"):
                raise HttpError(415, f"charset {charset!r} is not supported: use UTF-8.")
            params += _parse_pairs(_body_text().encode("utf-8"), "form body")
        elif mime == "application/sparql-query":
            params.append(("query", _body_text()))
        elif mime == "application/sparql-update":
            raise HttpError(403, _UPDATE_REFUSAL)
        else:
            raise HttpError(415, f"POST with Content-Type {mime or '(none)'!r} is not a SPARQL query. Use "
                                 "application/x-www-form-urlencoded (query=...) or application/sparql-query.")
    if any(k in ("update", "using-graph-uri", "using-named-graph-uri") for k, _ in params):
        raise HttpError(403, _UPDATE_REFUSAL)
    queries = [v for k, v in params if k == "query"]
    if len(queries) > 1:
        raise HttpError(400, f"the request has {len(queries)} 'query' parameters; send exactly one.")
    return (queries[0] if queries else None), params


_UPDATE_REFUSAL = ("this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, ...) is refused. The "
                   "graph is built from its sources: change graph/ or ontology/ and run `kzjp-kg build`.")


def _dataset(params: list[tuple[str, str]], query_has_from: bool = False) -> dict:
    """The dataset of a request: the Protocol's parameters first, then the query's own FROM / FROM NAMED, then
    ``inference=none`` (the asserted graphs) or, by default, the union of every graph."""
    defaults = [v for k, v in params if k == "default-graph-uri"]
    named = [v for k, v in params if k == "named-graph-uri"]
    if query_has_from and not defaults and not named:
        return {"default_graph_union": False}  # the query's FROM clauses describe the dataset (SPARQL 1.1 §13.2)
    inference = next((v for k, v in params if k == "inference"), "")
    if inference.lower() in ("none", "false", "off", "0"):
        if defaults:
            raise HttpError(400, "inference=none and default-graph-uri cannot be combined: pick graphs yourself.")
        inferred = current_app.config["KZJP_INFERRED_GRAPH"]
        defaults = [g for g in current_app.extensions["kzjp_graphs"] if g != inferred]
        if not defaults:
            defaults = ["urn:kzjp-kg:no-asserted-graph"]
    elif inference and inference.lower() not in ("owl2rl", "true", "on", "1", "default"):
        raise HttpError(400, f"inference={inference!r}: use inference=none (asserted graphs only) or leave it out.")
    return {"default_graphs": defaults or None, "named_graphs": named or None}


def _check_policy(sparql: str) -> Inspection:
    """Refuse what the policy forbids; return what the scan found (the SERVICE endpoints are all allowed)."""
    found = inspect_query(sparql, base=request.base_url)
    if found.is_update:
        raise HttpError(403, _UPDATE_REFUSAL)
    cfg = current_app.config
    for iri in found.services:
        if iri is None:
            raise HttpError(403, "SERVICE with a variable is refused: the endpoint cannot check where it would "
                                 "connect. Name the endpoint IRI (allowed: "
                                 + ", ".join(cfg["KZJP_SERVICE_ALLOW"]) + ").")
        decision = is_allowed_url(iri, cfg["KZJP_SERVICE_ALLOW"], allow_loopback=cfg["KZJP_SERVICE_LOOPBACK"])
        if not decision:
            raise HttpError(403, f"SERVICE <{iri}> is refused: {decision.reason}. Allowed federated endpoints: "
                                 + (", ".join(cfg["KZJP_SERVICE_ALLOW"]) or "none") + ".")
    known = set(current_app.extensions["kzjp_graphs"])
    for iri in found.from_graphs:
        if iri not in known:
            raise HttpError(403, f"FROM <{iri}> is refused: it is not a graph of this store, and this endpoint never "
                                 "fetches graphs from the web. Use one of the graphs listed at GET /sparql.")
    return found


def _cache() -> AnswerCache | None:
    return current_app.extensions.get("kzjp_cache")


def _bypass_cache() -> bool:
    """``Cache-Control: no-cache`` (or ``no-store``) or ``Pragma: no-cache``: the client wants the store asked."""
    cc = request.headers.get("Cache-Control", "").lower()
    return "no-cache" in cc or "no-store" in cc or "no-cache" in request.headers.get("Pragma", "").lower()


def run_query(sparql: str, params: list[tuple[str, str]] | None = None, *, results_format: str | None = None,
              graph_format: str | None = None, check: bool = True) -> QueryAnswer | _Served:
    """Run a user's query through the policy, the answer cache and the pool; HttpError for every refusal or limit.

    Checked queries (the endpoint's) whose answer is a function of the data are answered from the cache when the
    same query, dataset, format and cap were answered before; the result says which (``cache`` attribute)."""
    found = _check_policy(sparql) if check else None
    services = [iri for iri in found.services if iri] if found else []
    req = QueryRequest(sparql, results_format=results_format, graph_format=graph_format,
                       base_iri=request.base_url if request.blueprint == "sparql" else None,
                       **_dataset(params or [], bool(found and found.from_graphs)))
    cache = _cache()
    key = None
    status = "off"
    if cache is not None and cache.enabled and found is not None and "python" not in (results_format, graph_format):
        if not cacheable(found.functions, found.services):
            status = "not-cacheable"
        elif _bypass_cache():
            status = "bypass"
        else:
            key = cache.key(sparql, req.results_format, req.graph_format, req.default_graph_union,
                            req.default_graphs, req.named_graphs, req.row_cap, req.base_iri, _pool().row_cap)
            hit = cache.get(key)
            if hit is not None:
                return _Served(hit, "hit")
            status = "miss"
    try:
        answer = _pool().run(req)
        if key is not None and cache is not None:
            return _Served(cache.put(key, answer.form, answer.media_type, answer.body, answer.rows,
                                     answer.truncated, answer.elapsed), status)
        answer.cache = status  # type: ignore[attr-defined]
        return answer
    except QuerySyntaxError as exc:
        where = f"line {exc.lineno}, column {exc.offset}" if exc.lineno else "unknown position"
        raise HttpError(400, f"the query does not parse at {where}: {exc.msg}") from exc
    except QueryTimeout as exc:
        raise HttpError(503, str(exc), {"Retry-After": "1"}) from exc
    except PoolBusy as exc:
        raise HttpError(503, str(exc), {"Retry-After": "5"}) from exc
    except NotAcceptable as exc:
        kind = "results (SELECT/ASK)" if str(exc) != "graph" else "graphs (CONSTRUCT/DESCRIBE)"
        fmts = RESULT_FORMATS if str(exc) != "graph" else GRAPH_FORMATS
        raise HttpError(406, f"none of the accepted media types fits {kind}. Available: "
                             + ", ".join(f.media_type for f in fmts) + ".") from exc
    except OSError as exc:
        if services:
            raise HttpError(502, f"the federated query failed: {exc}. SERVICE endpoints in this query: "
                                 + ", ".join(services) + ". This machine may have no access to them (no internet); "
                                 "run the query without SERVICE, or at the remote endpoint itself.") from exc
        raise HttpError(503, f"the store could not answer: {exc}. Retry; if it persists, restart `kzjp-kg serve`."
                        ) from exc
    except ValueError as exc:  # an evaluation error of the query (e.g. an unsupported function)
        raise HttpError(400, f"the query could not be evaluated: {exc}") from exc


class _Served:
    """A cached answer as the view uses it, with how the cache was involved (``hit`` or ``miss``)."""

    def __init__(self, answer: CachedAnswer, cache: str) -> None:
        self.form, self.media_type, self.body = answer.form, answer.media_type, answer.body
        self.rows, self.truncated, self.elapsed, self.etag = answer.rows, answer.truncated, answer.elapsed, answer.etag
        self.cache = cache
        self.python: Any = None


def _formats(params: list[tuple[str, str]]) -> tuple[str | None, str | None]:
    fmt = next((v for k, v in params if k in ("format", "output")), None)
    if fmt:
        r, g = by_name(RESULT_FORMATS, fmt), by_name(GRAPH_FORMATS, fmt)
        if r is None and g is None:
            raise HttpError(400, f"format={fmt!r} is unknown. Use one of: "
                                 + ", ".join(f.name for f in (*RESULT_FORMATS, *GRAPH_FORMATS)) + ".")
        return (r.name if r else None), (g.name if g else None)
    accept = request.headers.get("Accept")
    r, g = choose(RESULT_FORMATS, accept), choose(GRAPH_FORMATS, accept)
    return (r.name if r else None), (g.name if g else None)


@bp.route("/sparql", methods=["GET", "POST", "OPTIONS", "PUT", "DELETE", "PATCH"])
@bp.route("/sparql/", methods=["GET", "POST", "OPTIONS", "PUT", "DELETE", "PATCH"])
def sparql() -> Response:
    if request.method == "OPTIONS":
        return _cors(Response(status=204))
    if request.method not in ("GET", "POST"):
        return error_response(405, f"{request.method} is not a SPARQL 1.1 Protocol query operation: use GET or POST.",
                              {"Allow": "GET, POST, OPTIONS"})
    started = time.perf_counter()
    sparql_text, params = _collect()  # an HttpError is answered by kzjp_kg.web.errors
    if sparql_text is None:
        return _cors(service_description())
    results_fmt, graph_fmt = _formats(params)
    if results_fmt is None and graph_fmt is None:
        raise HttpError(406, "none of the accepted media types is one this endpoint writes. Available: "
                             + ", ".join(f.media_type for f in (*RESULT_FORMATS, *GRAPH_FORMATS)) + ".")
    answer = run_query(sparql_text, params, results_format=results_fmt, graph_format=graph_fmt)
    etag = getattr(answer, "etag", None)
    if etag and etag in request.headers.get("If-None-Match", ""):
        resp = Response(status=304)
    else:
        body = answer.body
        if answer.media_type == "application/ld+json":
            from kzjp_kg.web.jsonld import with_context

            body = with_context(body, current_app.config["KZJP_PREFIXES"])
        resp = Response(body, status=200, content_type=f"{answer.media_type}; charset=utf-8")
    if etag:
        resp.headers["ETag"] = etag
    if answer.truncated:
        resp.headers["KZJP-Result-Truncated"] = f"true; limit={_pool().row_cap}"
    total = (time.perf_counter() - started) * 1000
    resp.headers["KZJP-Query-Time"] = f"{answer.elapsed * 1000:.1f}ms; total={total:.1f}ms"
    resp.headers["KZJP-Cache"] = getattr(answer, "cache", "off")
    return _cors(resp)


def service_description() -> Response:
    """SPARQL 1.1 Service Description of this endpoint, in the graph format the client accepts (Turtle default)."""
    cfg = current_app.config
    endpoint = request.base_url
    me = ox.NamedNode(endpoint)
    base = cfg["KZJP_BASE"]
    sv = base + "service#"
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    comment = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")

    def n(iri: str) -> ox.NamedNode:
        return ox.NamedNode(iri)

    t = [ox.Triple(me, rdf_type, n(SD + "Service")),
         ox.Triple(me, n(SD + "endpoint"), me),
         ox.Triple(me, n(SD + "supportedLanguage"), n(SD + "SPARQL11Query")),
         ox.Triple(me, n(SD + "feature"), n(SD + "UnionDefaultGraph")),
         ox.Triple(me, n(SD + "feature"), n(SD + "BasicFederatedQuery")),
         ox.Triple(me, n(SD + "defaultEntailmentRegime"), n("http://www.w3.org/ns/entailment/OWL-RDF-Based")),
         ox.Triple(me, n(SD + "defaultSupportedEntailmentProfile"), n("http://www.w3.org/ns/owl-profile/RL")),
         ox.Triple(me, comment, ox.Literal(
             "Read-only. The default graph is the union of every named graph: asserted facts plus the OWL 2 RL "
             "closure materialised in <" + cfg["KZJP_INFERRED_GRAPH"] + ">; add inference=none to query the asserted "
             "graphs alone, or name graphs with default-graph-uri / named-graph-uri. SPARQL Update is answered 403. "
             "SERVICE is allowed only to: " + (", ".join(cfg["KZJP_SERVICE_ALLOW"]) or "nothing")
             + " (this machine may have no internet access; such a SERVICE call then fails with 502). FROM may only "
             "name graphs of this store; nothing is ever fetched. Answers of queries that depend on the data alone "
             "are cached for the life of the build (header KZJP-Cache; send Cache-Control: no-cache to ask the store "
             "again).", language="en"))]
    for iri in FORMAT_IRIS.values():
        t.append(ox.Triple(me, n(SD + "resultFormat"), n(FORMATS_NS + iri)))
    pool = _pool()
    xsd = "http://www.w3.org/2001/XMLSchema#"
    for prop, value, dt in (("queryTimeout", str(pool.timeout), "decimal"),
                            ("resultRowLimit", str(pool.row_cap), "integer"),
                            ("requestBodyLimit", str(cfg["MAX_CONTENT_LENGTH"]), "integer"),
                            ("queryWorkers", str(pool.size), "integer"),
                            ("answerCacheBytes", str(cache.max_bytes if (cache := _cache()) else 0), "integer")):
        t.append(ox.Triple(me, n(sv + prop), ox.Literal(value, datatype=n(xsd + dt))))
    ds = ox.BlankNode("dataset")
    dg = ox.BlankNode("defaultGraph")
    t += [ox.Triple(me, n(SD + "defaultDataset"), ds), ox.Triple(ds, rdf_type, n(SD + "Dataset")),
          ox.Triple(ds, n(SD + "defaultGraph"), dg), ox.Triple(dg, rdf_type, n(SD + "Graph"))]
    for i, g in enumerate(current_app.extensions["kzjp_graphs"]):
        ng = ox.BlankNode(f"ng{i}")
        t += [ox.Triple(ds, n(SD + "namedGraph"), ng), ox.Triple(ng, rdf_type, n(SD + "NamedGraph")),
              ox.Triple(ng, n(SD + "name"), n(g))]
    fmt = choose(GRAPH_FORMATS, request.headers.get("Accept"))
    fmt_name = fmt.name if fmt else "turtle"
    prefixes = {"sd": SD, "kzsv": sv, "formats": FORMATS_NS}
    body = write_triples(t, fmt_name, prefixes)
    media = next(f.media_type for f in GRAPH_FORMATS if f.name == fmt_name)
    return Response(body, content_type=f"{media}; charset=utf-8")
