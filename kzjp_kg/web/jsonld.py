"""JSON-LD as people and JSON programs read it: an ``@context`` of the project's prefixes and compact IRIs.

Why a second pass through rdflib: pyoxigraph writes expanded JSON-LD (full IRIs, no ``@context``), correct but
unreadable and awkward to use as plain JSON; rdflib's writer compacts against a context. The pages' documents are
small (one resource, one graph up to the row cap), so the extra parse costs little.
"""

from __future__ import annotations

from rdflib import Graph


def compact(expanded: bytes, prefixes: dict[str, str]) -> bytes:
    """``expanded`` JSON-LD rewritten with ``{"@context": prefixes}`` and IRIs compacted to ``prefix:local``."""
    graph = Graph().parse(data=expanded.decode("utf-8") or "[]", format="json-ld")
    text = graph.serialize(format="json-ld", context=dict(prefixes), auto_compact=True)
    return text.encode("utf-8")
