"""What every source file of the graph is: a file whose name gives its IRI, and a namespace for its segments.

Why a base: a text source (sentences) and a table source (rows) are cited the same way — ``<base>source/<name>``
for the source, ``<base>source/<name>/<segment>`` for what a statement cites — and that rule must live once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Namespace, URIRef

from kzjp_kg import config


@dataclass(frozen=True)
class SourceFile:
    """A source file of the graph, named by its file name without the extension."""

    path: Path

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def iri(self) -> URIRef:
        return URIRef(f"{config.NS.base}source/{self.name}")

    @property
    def ns(self) -> Namespace:
        """The namespace of the source's segments (sentences, rows)."""
        return Namespace(f"{self.iri}/")
