"""HTTP content negotiation: ``Accept`` with q-values, and a ``format`` parameter that overrides it.

Why our own: the answer's kind (results or graph) is known only from the query, and each kind has its own list of
formats; werkzeug's ``best_match`` cannot say "nothing fits" apart from "no preference".

>>> from kzjp_kg.store.results import RESULT_FORMATS
>>> choose(RESULT_FORMATS, "text/csv;q=0.5, application/sparql-results+xml").name
'xml'
>>> choose(RESULT_FORMATS, "image/png") is None
True
"""

from __future__ import annotations

from collections.abc import Sequence

from kzjp_kg.store.results import Format


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``Accept`` as (media range, q) pairs; a missing or empty header means ``*/*``."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    out = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        rng = fields[0].lower()
        if not rng:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = max(0.0, min(1.0, float(f[2:])))
                except ValueError:
                    q = 0.0
        out.append((rng, q))
    return out


def _quality(media: str, ranges: list[tuple[str, float]]) -> float:
    """q of the most specific range matching ``media`` (RFC 9110 §12.5.1), 0 if none."""
    best, spec = 0.0, -1
    mtype = media.split("/")[0]
    for rng, q in ranges:
        s = 2 if rng == media else 1 if rng == f"{mtype}/*" else 0 if rng == "*/*" else -1
        if s > spec:
            best, spec = q, s
    return best if spec >= 0 else 0.0


def choose(formats: Sequence[Format], accept: str | None) -> Format | None:
    """The format the client prefers (ties: the server's order), or None when every one has q=0."""
    ranges = parse_accept(accept)
    best: Format | None = None
    best_q = 0.0
    for f in formats:
        q = max(_quality(m, ranges) for m in (f.media_type, *(a for a in f.aliases if "/" in a)))
        if q > best_q:
            best, best_q = f, q
    return best


#: ``format`` values other clients send, by the media type they mean: SPARQLWrapper sends ``rdf+xml`` for RDF/XML
#: and ``n3`` for N3 (answered in Turtle, which every N3 parser reads).
CLIENT_NAMES = {"rdf+xml": "application/rdf+xml", "n3": "text/turtle", "text/n3": "text/turtle",
                "text/rdf+n3": "text/turtle", "application/n3": "text/turtle", "application/turtle": "text/turtle",
                "application/x-json+ld": "application/ld+json"}


def by_name(formats: Sequence[Format], name: str) -> Format | None:
    """The format a ``format`` parameter names: short name, alias or media type (or a client's name for one).

    >>> from kzjp_kg.store.results import GRAPH_FORMATS
    >>> by_name(GRAPH_FORMATS, "rdf+xml").name, by_name(GRAPH_FORMATS, "n3").name
    ('rdfxml', 'turtle')
    """
    name = name.strip().lower()
    name = CLIENT_NAMES.get(name, name)
    for f in formats:
        if name in (f.name, f.media_type, *f.aliases):
            return f
    return None
