"""The OWL 2 RL engines: owlrl (the reference), the fast path (:mod:`kzjp_kg.reason.rl`) and reasonable (Rust).

Why three: owlrl implements the W3C OWL 2 RL/RDF rules faithfully and is the yardstick; the fast path computes the
same closure (tested on the project graph, LUBM and the W3C tests) two orders of magnitude faster and is the default;
reasonable is kept selectable for comparison — it is fast too, but misses chain conclusions whose links are
inferred and schema entailments, and returns simple literals as xsd:string (tests/reason pin the differences).
The owlrl and reasonable functions here return the *full* closure (input included); the fast path has its own
loop in :mod:`kzjp_kg.reason.fast`, and :mod:`kzjp_kg.reason` subtracts the input and filters the noise.
"""

from __future__ import annotations

import owlrl
import reasonable
from rdflib import Graph

ENGINES = ("fast", "owlrl", "reasonable")


def owlrl_closure(graph: Graph) -> Graph:
    """OWL 2 RL closure by owlrl, without its axiomatic and datatype triples (they say nothing about the data)."""
    g = Graph()
    for t in graph:
        g.add(t)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(g)
    return g


def reasonable_closure(graph: Graph) -> Graph:
    """OWL 2 RL closure by the Rust ``reasonable`` reasoner."""
    r = reasonable.PyReasoner()
    r.from_graph(graph)
    g = Graph()
    for t in r.reason():
        g.add(t)
    return g


def run_engine(name: str, graph: Graph) -> Graph:
    if name == "owlrl":
        return owlrl_closure(graph)
    if name == "reasonable":
        return reasonable_closure(graph)
    raise ValueError(f"unknown reasoner {name!r}: choose one of {', '.join(ENGINES)}")
