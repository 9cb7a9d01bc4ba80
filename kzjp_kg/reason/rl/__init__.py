"""The fast path: an OWL 2 RL/RDF rule engine on N-Triples term strings, incremental and semi-naive.

Why our own engine: owlrl (the reference) re-runs every rule over the whole graph in each cycle and takes about a
minute for 100k triples; ``reasonable`` (Rust) is fast but misses chain conclusions whose links are inferred and
the schema rules, damages literals, and its Python bridge turns every output triple into rdflib objects (at 1M
triples the bridge costs as much as the reasoning). This engine instead

* closes the schema first (the scm-* rules, on the few schema triples, naively) and *compiles* it into per-property
  and per-class plans (super-properties, domains, ranges, inverses, characteristics, chains, restrictions);
* then runs the instance rules (prp-*, cls-*, cax-*, eq-*) as a worklist: every triple is processed once, joined
  only with indexes kept for the properties that need joins (transitive, functional, chain links, restriction
  properties, sameAs), so a triple costs a few dictionary look-ups;
* keeps its state, so triples added later (by the SPARQL rules) are reasoned incrementally;
* works on plain strings in N-Triples form (``<iri>``, ``_:b``, ``"lex"^^<dt>``, ``"lex"@kk``): literals are never
  re-encoded, and the inferred graph is written by joining strings.

If instance reasoning derives schema triples (OWL 2 Full-style data, e.g. ``p owl:sameAs q``), the schema is closed
and compiled again and every triple re-processed, until nothing changes. What owlrl adds that says nothing about the
data (``x owl:sameAs x``, ``c rdfs:subClassOf c``, axiomatic vocabulary triples, ``"lit" rdf:type xsd:…``) is not
produced, or is produced only where a rule needs it; :mod:`kzjp_kg.reason.noise` filters both engines alike.
Inconsistencies (the rules with ``false`` in the head) are collected as messages, not raised.

The code follows the specification's rule tables: :mod:`.equality` (eq-*), :mod:`.properties` (prp-*),
:mod:`.classes` (cls-*), :mod:`.class_axioms` (cax-*), :mod:`.datatypes` (dt-*), :mod:`.schema` (scm-*); each rule
function is registered under its ids (:mod:`.registry`), and :mod:`.coverage` lists every rule of the profile as
implemented or not, with the reason. :mod:`.engine` holds the indexes and the fixpoint loop.
"""

from __future__ import annotations

from .coverage import IMPLEMENTED, NOT_IMPLEMENTED, coverage
from .datatypes import DT_SUBSUMPTIONS, RL_DATATYPES, literal_datatype, literal_lexical
from .engine import RLEngine
from .vocab import (
    DATATYPE,
    FIRST,
    NIL,
    PROPERTY,
    REST,
    SAME,
    SCHEMA_CLASSES,
    SCHEMA_PREDICATES,
    SCO,
    SPO,
    THING,
    TYPE,
    Triple,
)

__all__ = [
    "DATATYPE", "DT_SUBSUMPTIONS", "FIRST", "IMPLEMENTED", "NIL", "NOT_IMPLEMENTED", "PROPERTY", "REST",
    "RL_DATATYPES", "SAME", "SCHEMA_CLASSES", "SCHEMA_PREDICATES", "SCO", "SPO", "THING", "TYPE", "RLEngine",
    "Triple", "coverage", "literal_datatype", "literal_lexical",
]
