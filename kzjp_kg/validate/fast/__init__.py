"""The fast validation path: the project's SHACL shapes evaluated in bulk, SPARQL on pyoxigraph, same report as pyshacl.

Why: pySHACL spends its time per focus node — each nested shape (``sh:or``, ``sh:not``, qualified shapes) is a full
shape validation with its own discarded result descriptions, each SHACL-SPARQL constraint is re-parsed and run by
rdflib's SPARQL engine once per focus node, and the QC queries run on rdflib's engine too. On a 200k-triple graph
that is minutes. Here:

* core constraints are evaluated by plain Python over rdflib's indexes, with the conformance of nested shapes
  memoised per value node (a label's script is checked once, not once per shape that reaches it);
* each SPARQL constraint runs once for all its focus nodes on an in-memory pyoxigraph store (focus nodes joined in
  through ``VALUES``) when that join provably equals pySHACL's pre-binding of ``$this``; otherwise once per focus
  node with oxigraph's own substitution (SEP-0007), which *is* pre-binding;
* the QC queries run on the same pyoxigraph store;
* for graphs too large for rdflib (10M triples), :func:`run_store` evaluates the same plan over files bulk-loaded
  into a pyoxigraph store (:class:`StoreView`), never building an rdflib graph of the data: in pyoxigraph's own
  terms (:mod:`.native`), rdflib terms made only for the results.

The semantics are copied from pySHACL 0.40 component by component (value comparisons, ``langMatches``-style
``sh:languageIn``, ill-typed literals for ``sh:datatype``, message substitution, result de-duplication), and the
report graph is written by our own :mod:`~kzjp_kg.validate.fast.report` to the shape pySHACL gives it, so both paths
yield the same ``sh:ValidationReport``. Anything outside that subset (other components, non-predicate paths, SPARQL
the join cannot express, ``sh:rule``…) raises :class:`Unsupported` at compile time and the caller falls back to
pySHACL, which stays the reference. ``tests/validate/test_fast_path.py`` compares both paths on the project graph,
on every fixture and on synthetic graphs with injected defects.

The modules, in the order a validation runs: :mod:`.plan` compiles the shapes (refusing what :mod:`.components`
does not register), :mod:`.evaluator` runs them over a view of the data (:mod:`.views`; value tests in
:mod:`.values`, SPARQL text in :mod:`.rewrite`), and :mod:`.report` writes the report.
"""

from __future__ import annotations

from rdflib import Graph

from kzjp_kg.validate.fast.components import PARAMETERS, REGISTRY
from kzjp_kg.validate.fast.evaluator import Evaluator, raws
from kzjp_kg.validate.fast.model import Raw, Shape, SparqlConstraint, Unsupported
from kzjp_kg.validate.fast.native import NativeStore, OxTests
from kzjp_kg.validate.fast.plan import Plan
from kzjp_kg.validate.fast.report import build_report, result_keys
from kzjp_kg.validate.fast.rewrite import where_body
from kzjp_kg.validate.fast.values import datatype_ok
from kzjp_kg.validate.fast.views import OxView, StoreView

_where_body = where_body  # the names the tests have used
_datatype_ok = datatype_ok


def run(data: Graph, shapes: Graph, *, generic_messages: bool = False) -> tuple[bool, Graph, OxView]:
    """Validate ``data`` against ``shapes`` (inference none): (conforms, sh:ValidationReport graph, the ox view).

    Raises :class:`Unsupported` when the shapes need something only pySHACL implements.
    """
    plan = Plan(shapes, generic_messages=generic_messages)
    view = OxView(data)
    conforms, report = build_report(raws(plan, Evaluator(plan, data, view)), data, shapes, generic_messages)
    return conforms, report, view


def run_store(view: StoreView, shapes: Graph, *, generic_messages: bool = False) -> tuple[bool, Graph, StoreView]:
    """Validate the default graph of ``view``'s store (:meth:`StoreView.load`) as :func:`run` validates an rdflib
    graph, never building one of the data: the route for graphs rdflib cannot hold. Same report as :func:`run` on
    the same triples, except where the store's terms differ from rdflib's (:class:`StoreView`). Raises
    :class:`Unsupported` as :func:`run` does; there is no pySHACL fallback here (it would need the rdflib graph
    this route exists to avoid).
    """
    plan = Plan(shapes, generic_messages=generic_messages)
    native = NativeStore(view, OxTests())
    found = [native.result(r) for r in raws(plan, Evaluator(plan, native, native, native.tests))]
    source = view.blank_node_graph(n for r in found for n in (r.focus, r.value))
    conforms, report = build_report(found, source, shapes, generic_messages)
    return conforms, report, view


__all__ = ["PARAMETERS", "REGISTRY", "Evaluator", "OxView", "Plan", "Raw", "Shape", "SparqlConstraint", "StoreView",
           "Unsupported", "build_report", "raws", "result_keys", "run", "run_store"]
