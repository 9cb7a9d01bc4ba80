"""Pictures of the graph: the relationship's timeline and the actors' network, each drawn from a SPARQL query.

Why queries, not Python walks over the graph: the same query files are what the endpoint's pages, the notebooks
and the README's images run, so every picture can be checked against its query's rows (a test compares the marks
drawn with the rows returned) and nobody can draw from a hard-coded list by accident.
"""

from kzjp_kg.viz.data import ensure_build, notebook_build, open_store, select

__all__ = ["ensure_build", "notebook_build", "open_store", "select"]
