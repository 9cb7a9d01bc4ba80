"""JSON-LD as people and JSON programs read it: an ``@context`` of the project's prefixes and compact IRIs.

Why a second pass through rdflib: pyoxigraph writes expanded JSON-LD (full IRIs, no ``@context``), correct but
unreadable and awkward to use as plain JSON; rdflib's writer compacts against a context. The pages' documents are
small (one resource, one graph up to the row cap), so the extra parse costs little.
"""

from __future__ import annotations

import hashlib
import json

from rdflib import Graph

from kzjp_kg.web.cache import Lru

#: Compacted documents by a digest of their expanded form and context: rdflib takes ~2 s for a graph at the row cap
#: (10 000 triples; pyoxigraph's Turtle of it: 0.1 s), and the store never changes under a running server.
_DONE = Lru(32 * 1024 * 1024, 1000)


def compact(expanded: bytes, prefixes: dict[str, str]) -> bytes:
    """``expanded`` JSON-LD rewritten with ``{"@context": prefixes}`` and IRIs compacted to ``prefix:local``."""
    key = hashlib.blake2b(expanded + json.dumps(prefixes, sort_keys=True).encode(), digest_size=20).hexdigest()
    done = _DONE.get(key)
    if isinstance(done, bytes):
        return done
    graph = Graph().parse(data=expanded.decode("utf-8") or "[]", format="json-ld")
    out = graph.serialize(format="json-ld", context=dict(prefixes), auto_compact=True).encode("utf-8")
    _DONE.put(key, out, len(out))
    return out


def with_context(expanded: bytes, prefixes: dict[str, str]) -> bytes:
    """``expanded`` JSON-LD (a top-level array) as ``{"@context": prefixes, "@graph": [...]}``, its IRIs untouched.

    Why not :func:`compact` for the endpoint's answers: a CONSTRUCT may return the row cap's 10 000 triples, and
    rdflib would then spend seconds outside the query's time limit. Full IRIs mean the same under any context, so
    this is the same graph; the context tells a client the project's prefixes for its own compaction."""
    body = expanded.strip() or b"[]"
    if not body.startswith(b"["):
        return expanded
    context = json.dumps({"@context": dict(prefixes)}, ensure_ascii=False).encode("utf-8")
    return context[:-1] + b', "@graph": ' + body + b"}"
