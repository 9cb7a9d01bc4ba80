"""The asserted dataset as the build makes it: load → Kazakh Latin labels → statements (references and ranks).

Why one function: ``kzjp-kg build``, ``reason``, ``why`` and ``validate`` must reason over and check the same
graph. Before it, ``reason`` and ``why`` skipped the kk-Latn labels, and nothing removed deprecated statements, so
they explained a graph the build never made.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph

from kzjp_kg import config
from kzjp_kg.load import asserted_graph, load_dataset
from kzjp_kg.sources.translit import latin_labels
from kzjp_kg.statements import StatementLayer, make_statements


@dataclass
class AsBuilt:
    """The dataset (one named graph per layer, plus ``kzg:statements``), its statement layer and label count."""

    dataset: Dataset
    statements: StatementLayer
    latin_labels_added: int

    def asserted(self) -> Graph:
        """The input of reasoning and validation: every asserted layer but the statement graph (metadata)."""
        return asserted_graph(self.dataset)


def add_latin_labels(ds: Dataset) -> int:
    """Add ``@kk-Latn`` labels, transliterated from every ``@kk`` label, to the graph holding the original."""
    added = 0
    for g in list(ds.graphs()):
        extra = latin_labels(g)
        added += len(extra)
        for t in extra:
            g.add(t)
    return added


def as_built(root: Path | None = None, *, table: Path | None = None) -> AsBuilt:
    """Load ``root``'s sources as the build does; raise on syntax errors, undeclared terms, unreferenced statements."""
    root = root or config.ROOT
    ds = load_dataset(root)
    added = add_latin_labels(ds)
    layer = make_statements(ds, table or root / "graph" / "facts" / "references.tsv")
    return AsBuilt(ds, layer, added)
