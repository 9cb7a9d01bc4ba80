"""An answer cache for the read-only endpoint: the same query on the same build gets the same bytes.

Why a cache is sound here: the store never changes while the server runs (the graph is rebuilt from its sources
and ``serve`` reopens the new store), so an answer depends only on the query text, the dataset parameters, the
chosen format and the row cap. Answers of queries that are not functions of the data — ``NOW()``, ``RAND()``,
``UUID()``, ``STRUUID()``, ``BNODE()`` — and of federated queries (the remote side changes) are never cached.
Wikidata's query service caches answers the same way (for five minutes, there because its data changes).

Why it matters: the query UI's example queries and the README's questions are asked again and again; a hit is
answered without the hand-off to a query worker process (the part of a request that costs most on a small graph).
Clients bypass the cache with ``Cache-Control: no-cache`` (HTTP/1.1 semantics: revalidate, i.e. ask the store).

Bounded by bytes and by entries (least recently used out first), so a flood of distinct queries cannot grow the
server's memory; answers larger than a quarter of the budget are not kept at all.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

#: SPARQL functions whose value is not determined by the data: their answers are never cached.
VOLATILE_FUNCTIONS = frozenset({"NOW", "RAND", "UUID", "STRUUID", "BNODE"})


@dataclass(frozen=True)
class CachedAnswer:
    """What a cache hit needs to answer exactly as the store did."""

    form: str
    media_type: str
    body: bytes
    rows: int
    truncated: bool
    elapsed: float
    etag: str


class Lru:
    """A thread-safe least-recently-used map bounded by ``max_bytes`` (the sizes given to ``put``) and
    ``max_entries``; a value larger than a quarter of the budget is not kept at all."""

    def __init__(self, max_bytes: int, max_entries: int) -> None:
        self.max_bytes = max_bytes
        self.max_entries = max_entries
        self._items: OrderedDict[str, tuple[object, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    @property
    def enabled(self) -> bool:
        return self.max_bytes > 0 and self.max_entries > 0

    def get(self, key: str) -> object | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return found[0]

    def put(self, key: str, value: object, size: int) -> None:
        if not self.enabled or size > self.max_bytes // 4:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._items[key] = (value, size)
            self._bytes += size
            while self._items and (self._bytes > self.max_bytes or len(self._items) > self.max_entries):
                _, (_, evicted) = self._items.popitem(last=False)
                self._bytes -= evicted

    def stats(self) -> dict[str, int]:
        with self._lock:
            return {"entries": len(self._items), "bytes": self._bytes, "hits": self.hits, "misses": self.misses,
                    "max_bytes": self.max_bytes, "max_entries": self.max_entries}


class AnswerCache(Lru):
    """Answers by what they depend on (see :meth:`key`).

    ``generation`` names the store the answers came from (the build's fingerprint): it is part of every key, so
    answers of another build can never be served even if a cache outlived its store.
    """

    def __init__(self, max_bytes: int = 64 * 1024 * 1024, max_entries: int = 10_000, generation: str = "") -> None:
        super().__init__(max_bytes, max_entries)
        self.generation = generation

    def key(self, sparql: str, *parts: object) -> str:
        """A digest of everything an answer depends on."""
        h = hashlib.blake2b(digest_size=20)
        for piece in (self.generation, sparql, *parts):
            h.update(repr(piece).encode("utf-8"))
            h.update(b"\x00")
        return h.hexdigest()

    def get(self, key: str) -> CachedAnswer | None:
        found = super().get(key)
        return found if isinstance(found, CachedAnswer) else None

    def put(self, key: str, form: str, media_type: str, body: bytes, rows: int,  # type: ignore[override]
            truncated: bool, elapsed: float) -> CachedAnswer:
        """Keep an answer (unless it is too large for the budget) and return it with its ETag."""
        etag = '"' + hashlib.blake2b(body, digest_size=12, key=key[:32].encode()).hexdigest() + '"'
        answer = CachedAnswer(form, media_type, body, rows, truncated, elapsed, etag)
        super().put(key, answer, len(body))
        return answer


def cacheable(functions: set[str], services: list[str | None]) -> bool:
    """Whether an answer is a function of the data alone (no volatile function, no SERVICE)."""
    return not services and not (functions & VOLATILE_FUNCTIONS)
