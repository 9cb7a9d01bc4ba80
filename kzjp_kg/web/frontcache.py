"""A response cache in front of the Flask app for ``/sparql``: a repeated request is replayed byte for byte.

Why a second, outer layer (the role Varnish plays in front of Wikidata's query service): the answer cache in
:mod:`kzjp_kg.web.cache` saves the trip to a query worker, but a hit still pays for Flask's request handling,
content negotiation and the policy scan. When a request is byte-identical to one answered before (method, path,
query string, body, ``Content-Type``, ``Accept``, host and scheme) its response is too, as long as the store has
not changed — and it cannot while the server runs. So this layer keys on those bytes and replays the response the
app gave, without entering Flask.

What is replayed is only what the app itself marked cacheable: a 200 whose ``KZJP-Cache`` header is ``miss`` or
``hit`` (so never an error, a refused query, a volatile or federated query). Requests with ``Cache-Control:
no-cache``/``no-store``, ``Pragma: no-cache``, conditional headers (answered by the app with 304) or bodies larger
than ``max_body`` go straight to the app.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterable
from typing import Any, cast

from kzjp_kg.web.cache import Lru

PATHS = frozenset({"/sparql", "/sparql/"})
KEY_FIELDS = ("REQUEST_METHOD", "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING", "CONTENT_TYPE", "HTTP_ACCEPT",
              "HTTP_HOST", "SERVER_NAME", "SERVER_PORT", "wsgi.url_scheme")
PASS_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_UNMODIFIED_SINCE",
                "HTTP_RANGE")

WsgiApp = Callable[[dict, Callable], Iterable[bytes]]


class FrontCache:
    """WSGI middleware replaying cacheable ``/sparql`` responses; ``generation`` names the store's content."""

    def __init__(self, app: WsgiApp, *, max_bytes: int, max_entries: int = 10_000, generation: str = "",
                 max_body: int = 64 * 1024) -> None:
        self.app = app
        self.lru = Lru(max_bytes, max_entries)
        self.generation = generation
        self.max_body = max_body

    def _key(self, environ: dict[str, Any], body: bytes) -> str:
        h = hashlib.blake2b(digest_size=20)
        h.update(self.generation.encode())
        for name in KEY_FIELDS:
            h.update(b"\x00" + str(environ.get(name, "")).encode("utf-8", "surrogateescape"))
        h.update(b"\x00" + body)
        return h.hexdigest()

    def _passes_through(self, environ: dict[str, Any]) -> bool:
        if not self.lru.enabled or environ.get("PATH_INFO") not in PATHS:
            return True
        if environ.get("REQUEST_METHOD") not in ("GET", "POST"):
            return True
        if any(environ.get(h) for h in PASS_HEADERS):
            return True
        control = (environ.get("HTTP_CACHE_CONTROL", "") + " " + environ.get("HTTP_PRAGMA", "")).lower()
        return "no-cache" in control or "no-store" in control

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        if self._passes_through(environ):
            return self.app(environ, start_response)
        body = b""
        if environ["REQUEST_METHOD"] == "POST":
            try:
                length = int(environ.get("CONTENT_LENGTH") or -1)
            except ValueError:
                return self.app(environ, start_response)
            if length < 0 or length > self.max_body:
                return self.app(environ, start_response)  # chunked, or large: the app applies its own limits
            body = environ["wsgi.input"].read(length)
            environ["wsgi.input"] = io.BytesIO(body)
            if len(body) != length:
                return self.app(environ, start_response)
        key = self._key(environ, body)
        hit = self.lru.get(key)
        if hit is not None:
            headers, payload = cast("tuple[list[tuple[str, str]], bytes]", hit)
            start_response("200 OK", [*headers, ("KZJP-Cache", "hit; replay")])
            return [payload]
        seen: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            seen["status"], seen["headers"] = status, headers
            return start_response(status, headers, exc_info)

        result = self.app(environ, capture)
        headers = seen.get("headers") or []
        marked = next((v for k, v in headers if k.lower() == "kzjp-cache"), None)
        if not str(seen.get("status", "")).startswith("200") or marked not in ("miss", "hit"):
            return result
        try:
            payload = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        kept = [(k, v) for k, v in headers if k.lower() not in ("kzjp-cache", "date", "server")]
        self.lru.put(key, (kept, payload), len(payload) + 64 * len(kept))
        return [payload]
