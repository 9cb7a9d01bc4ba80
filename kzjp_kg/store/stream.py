"""A remote query's answer read as a stream under a deadline, with Virtuoso's blank-node labels made valid.

Why a stream: the endpoint stops reading at its row cap and its time limit; a remote answer is read in pieces
and dropped as soon as either is reached, never loaded whole.
"""

from __future__ import annotations

import http.client
import re
import time

from kzjp_kg.errors import StorageError
from kzjp_kg.store.base import QueryTimeout


class QueryStream:
    """A query answer's body as a file-like object (``read(n)``), read under a deadline.

    Each socket read may wait only for the time left; past the deadline ``read`` raises :class:`QueryTimeout`
    and sets ``timed_out`` (pyoxigraph, reading through us, may re-raise it as another error). Virtuoso's
    ``nodeID://`` blank nodes are rewritten on the fly (see :func:`_plain_bnodes`)."""

    def __init__(self, conn: http.client.HTTPConnection, resp: http.client.HTTPResponse, deadline: float,
                 limit: float, url: str) -> None:
        self._conn, self._resp, self._deadline, self._limit, self._url = conn, resp, deadline, limit, url
        self._pending = b""
        self._out = b""
        self._eof = False
        self.timed_out = False
        self.ctype = ""

    def _fill(self, n: int) -> None:
        while len(self._out) < n and not self._eof:
            left = self._deadline - time.monotonic()
            if left <= 0:
                self.timed_out = True
                raise QueryTimeout(f"{self._url} did not send the whole answer within {self._limit:g} s.")
            if self._conn.sock is not None:
                self._conn.sock.settimeout(left)
            try:
                chunk = self._resp.read1(64 * 1024) if hasattr(self._resp, "read1") else self._resp.read(64 * 1024)
            except TimeoutError as exc:
                self.timed_out = True
                raise QueryTimeout(f"{self._url} did not send the whole answer within {self._limit:g} s.") from exc
            except (OSError, http.client.HTTPException) as exc:
                raise StorageError(f"{self._url}: the answer broke off ({type(exc).__name__}: {exc}).") from exc
            if not chunk:
                self._eof = True
                cut = len(self._pending)
            else:
                self._pending += chunk
                # a blank-node marker starts with "<": it never straddles the cut before the last "<"
                cut = self._pending.rfind(b"<")
                cut = len(self._pending) if cut < 0 else cut
            self._out += _plain_bnodes(self._pending[:cut])
            self._pending = self._pending[cut:]

    def read(self, n: int | None = -1) -> bytes:
        if n is None or n < 0:
            self._fill(1 << 62)
            out, self._out = self._out, b""
            return out
        self._fill(n)
        out, self._out = self._out[:n], self._out[n:]
        return out

    def close(self) -> None:
        """Drop the connection (the unread rest of a long answer is never read)."""
        self._conn.close()


_VIRTUOSO_BNODE = re.compile(rb'(<bnode>|"type"\s*:\s*"bnode"\s*,\s*"value"\s*:\s*")nodeID://')


def _plain_bnodes(data: bytes) -> bytes:
    """Virtuoso writes a blank node in SPARQL results as ``nodeID://b10000``, not a valid blank node label
    (SPARQL 1.1 Results §2.3.1: a label is a name); keep the name after the scheme so it parses, and the same
    node keeps the same label within the answer."""
    return _VIRTUOSO_BNODE.sub(rb"\1", data) if b"nodeID://" in data else data
