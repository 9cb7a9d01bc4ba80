"""Statements: every asserted triple as a node with its references and its rank.

Why: the graph's promise is that every fact says where it comes from, and that what the sources doubt is kept but
never becomes a plain fact. ``kzjp:statedIn`` on a resource is the coarse view (a visit and its four sentences);
a statement node says which sentence gives which date. The model is RDF's own reification (``rdf:subject``,
``rdf:predicate``, ``rdf:object``) in the named graph ``kzg:statements``, with ``prov:wasDerivedFrom`` for each
reference and ``kzjp:rank`` (preferred, normal, deprecated — Wikidata's ranks). Deprecated statements live only
there: they leave ``kzg:facts`` before reasoning, so nothing is inferred from them (see docs/design.md).

Modules: :mod:`.table` reads and writes the curated references table (``graph/facts/references.tsv``),
:mod:`.layer` turns facts + table into the statement graph, :mod:`.suggest` proposes rows for new facts,
:mod:`.cli` is ``kzjp-kg statements``.
"""

from kzjp_kg.statements.layer import StatementLayer, make_statements

__all__ = ["StatementLayer", "make_statements"]
