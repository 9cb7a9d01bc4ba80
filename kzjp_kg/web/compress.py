"""gzip for clients that send ``Accept-Encoding: gzip``: a WSGI middleware outside the response cache.

Why outside :class:`~kzjp_kg.web.frontcache.FrontCache`: that cache keys on the request without
``Accept-Encoding``, so it must only ever hold the plain bytes; compressing after it keeps one cached copy that
serves both kinds of client. Why a middleware and not an ``after_request`` hook: the dumps are streamed from disk
and may be large; here they are compressed as they stream, never held whole. Only text formats are compressed
(HTML, Turtle, N-Triples, JSON, CSV, JS, CSS …), only 200 answers, only bodies of 1 KiB or more (below that gzip's
header and the CPU cost outweigh the bytes saved), never a body that already has a ``Content-Encoding``.
Every compressible answer says ``Vary: Accept-Encoding``, compressed or not, so shared caches keep both.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any

WsgiApp = Callable[[dict, Callable], Iterable[bytes]]
Headers = list[tuple[str, str]]

MIN_SIZE = 1024
LEVEL = 6
TEXT_TYPES = frozenset({
    "application/javascript", "application/json", "application/ld+json", "application/n-quads",
    "application/n-triples", "application/rdf+xml", "application/sparql-results+json",
    "application/sparql-results+xml", "application/trig", "application/xml", "image/svg+xml",
})


def compressible(content_type: str) -> bool:
    """Whether a body of this media type is text worth compressing (images and archives are already compressed)."""
    media = content_type.split(";")[0].strip().lower()
    return media.startswith("text/") or media in TEXT_TYPES or media.endswith(("+json", "+xml"))


def accepts_gzip(header: str) -> bool:
    """Whether ``Accept-Encoding`` allows gzip (``gzip;q=0`` refuses it; ``*`` allows it)."""
    allowed: dict[str, float] = {}
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().lower().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        allowed[name.strip().lower()] = q
    return allowed.get("gzip", allowed.get("x-gzip", allowed.get("*", 0.0))) > 0


def _get(headers: Headers, name: str) -> str | None:
    return next((v for k, v in headers if k.lower() == name), None)


def _with_vary(headers: Headers) -> Headers:
    vary = _get(headers, "vary")
    if vary and "accept-encoding" in vary.lower():
        return headers
    rest = [(k, v) for k, v in headers if k.lower() != "vary"]
    return [*rest, ("Vary", f"{vary}, Accept-Encoding" if vary else "Accept-Encoding")]


def _gzip_headers(headers: Headers) -> Headers:
    """The headers of the compressed body: no length or ranges, a distinct ETag, ``Content-Encoding: gzip``."""
    out: Headers = []
    for k, v in headers:
        low = k.lower()
        if low in ("content-length", "accept-ranges"):
            continue
        if low == "etag" and v.endswith('"'):
            v = v[:-1] + '-gzip"'
        out.append((k, v))
    return [*_with_vary(out), ("Content-Encoding", "gzip")]


class Gzip:
    """WSGI middleware compressing text answers of at least ``min_size`` bytes for clients accepting gzip."""

    def __init__(self, app: WsgiApp, *, min_size: int = MIN_SIZE, level: int = LEVEL) -> None:
        self.app = app
        self.min_size = min_size
        self.level = level

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        wants = environ.get("REQUEST_METHOD") != "HEAD" and accepts_gzip(environ.get("HTTP_ACCEPT_ENCODING", ""))
        held_gzip = wants and '-gzip"' in environ.get("HTTP_IF_NONE_MATCH", "")
        if held_gzip:  # the client holds our compressed copy: ask the app about its plain ETag, so it can say 304
            environ["HTTP_IF_NONE_MATCH"] = environ["HTTP_IF_NONE_MATCH"].replace('-gzip"', '"')
        seen: dict[str, Any] = {}

        def capture(status: str, headers: Headers, exc_info: Any = None) -> Callable[[bytes], None]:
            seen.update(status=status, headers=headers, exc_info=exc_info)
            return lambda _data: None  # the legacy write() callable: unused by Flask, refused here

        result = self.app(environ, capture)
        return _Body(self._stream(iter(result), seen, start_response, wants, held_gzip), result)

    def _stream(self, it: Iterator[bytes], seen: dict[str, Any], start_response: Callable, wants: bool,
                held_gzip: bool = False) -> Iterator[bytes]:
        first: list[bytes] = []
        if "status" not in seen:  # an app that calls start_response only once its body starts
            first = [next(it, b"")]
        status, headers = seen["status"], seen["headers"]
        if not compressible(_get(headers, "content-type") or ""):
            start_response(status, headers, seen.get("exc_info"))
            yield from first
            yield from it
            return
        if held_gzip and status.startswith("304"):  # not modified: name the compressed copy the client holds
            start_response(status, [(k, v[:-1] + '-gzip"' if k.lower() == "etag" and v.endswith('"') else v)
                                    for k, v in _with_vary(headers)], seen.get("exc_info"))
            yield from first
            yield from it
            return
        length = _get(headers, "content-length")
        eligible = wants and status.startswith("200") and not _get(headers, "content-encoding") and \
            not (length is not None and length.isdigit() and int(length) < self.min_size)
        size = sum(map(len, first))
        while eligible and size < self.min_size:  # unknown length: read until it is known to be large enough
            chunk = next(it, None)
            if chunk is None:
                eligible = False
                break
            first.append(chunk)
            size += len(chunk)
        if not eligible:
            start_response(status, _with_vary(headers), seen.get("exc_info"))
            yield from first
            yield from it
            return
        start_response(status, _gzip_headers(headers), seen.get("exc_info"))
        z = zlib.compressobj(self.level, zlib.DEFLATED, 31)  # wbits 31: the gzip container
        for chunk in first:
            if out := z.compress(chunk):
                yield out
        for chunk in it:
            if out := z.compress(chunk):
                yield out
        yield z.flush()


class _Body:
    """The response iterable: the (maybe compressed) stream, closing the app's own iterable when done (PEP 3333)."""

    def __init__(self, stream: Iterator[bytes], result: Iterable[bytes]) -> None:
        self.stream = stream
        self.result = result

    def __iter__(self) -> Iterator[bytes]:
        return self.stream

    def close(self) -> None:
        close = getattr(self.result, "close", None)
        if close is not None:
            close()
