"""Validation: SHACL shapes and quality-control queries over the reasoned graph, with reports people read.

Why over the *reasoned* graph, with pyshacl's ``inference='none'``: the shapes speak of inferred facts (a visitor's
office on the visit's dates is a rule's output; types come from subclass axioms). Reasoning is done once by
:mod:`kzjp_kg.reason`; asking pyshacl to run OWL inference again would be slow and duplicate it. Shapes and
ontology stay apart: the shapes graph holds only ``shapes/*.shapes.ttl``.

Severities are used on purpose: Violation = the graph is wrong (the build refuses it); Warning = the source is wrong
or inconsistent (the graph records it); Info = worth knowing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import RDF, Graph, Node, URIRef
from rdflib.namespace import SH

from kzjp_kg import config
from kzjp_kg.gcpause import gc_paused
from kzjp_kg.terms import open_rdf
from kzjp_kg.validate import fast


@dataclass(frozen=True)
class Result:
    """One SHACL result or QC row, in terms a report can show."""

    severity: str  # "Violation" | "Warning" | "Info"
    focus: Node | None
    message: str
    shape: str
    path: object = None
    value: object = None


@dataclass
class ValidationResult:
    conforms: bool
    report: Graph
    violations: list[Result] = field(default_factory=list)
    warnings: list[Result] = field(default_factory=list)
    infos: list[Result] = field(default_factory=list)
    qc_failures: list[Result] = field(default_factory=list)
    engine: str = "pyshacl"  # which path produced it: "fast", "store" (the fast path on a store) or "pyshacl"
    fallback: str = ""  # why the fast path was not used, when it was asked for and could not be


def load_shapes(shapes_dir: Path = config.SHAPES_DIR) -> Graph:
    """All ``*.shapes.ttl`` files of ``shapes_dir`` as one shapes graph (syntax checked with file:line:col)."""
    g = Graph()
    files = sorted(shapes_dir.glob("*.shapes.ttl"))
    for path in files:
        open_rdf(path, g)
    return g


def qc_queries(shapes_dir: Path = config.SHAPES_DIR) -> list[tuple[str, str]]:
    return [(p.stem, p.read_text(encoding="utf-8")) for p in sorted((shapes_dir / "qc").glob("*-violation.rq"))]


def _shape_name(shapes: Graph, shape: Node | None) -> str:
    """A shape's sh:name; for an unnamed property shape, the name of the node shape that holds it."""
    name = shapes.value(shape, SH.name)
    if name is None:
        parent = shapes.value(None, SH.property, shape)
        name = shapes.value(parent, SH.name) if parent is not None else None
    return str(name if name is not None else shape)


def _local(term: object) -> str:
    text = str(term)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if isinstance(term, URIRef) else text


def _severity(node: Node | None) -> str:
    return str(node).rsplit("#", 1)[-1]


ENGINES = ("auto", "fast", "pyshacl")


def validate(data: Graph, *, shapes_dir: Path = config.SHAPES_DIR, engine: str = "auto",
             shapes: Graph | None = None, qc: bool = True) -> ValidationResult:
    """Validate ``data`` (asserted ∪ inferred) against the shapes and (with ``qc``) the QC queries.

    ``engine``: ``"pyshacl"`` is the reference (pySHACL for the shapes, rdflib's SPARQL engine for the QC queries);
    ``"fast"`` is :mod:`kzjp_kg.validate.fast` (same report, bulk evaluation, SPARQL on pyoxigraph) and raises
    :class:`~kzjp_kg.validate.fast.Unsupported` if the shapes need something it does not implement; ``"auto"`` (the
    default, used by ``kzjp-kg validate`` and the build) takes the fast path whenever the shapes compile for it —
    the subset whose agreement with pySHACL tests/validate/test_fast_path.py checks — and pySHACL otherwise.
    ``shapes``: an already loaded shapes graph (comparisons pass the same one to both paths, so blank-node shapes
    keep their ids); default: the ``*.shapes.ttl`` files of ``shapes_dir``.
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
    shapes = load_shapes(shapes_dir) if shapes is None else shapes
    report = view = None
    fallback = ""
    if engine in ("auto", "fast"):
        try:
            with gc_paused():
                _conforms, report, view = fast.run(data, shapes)
        except fast.Unsupported as e:
            if engine == "fast":
                raise
            fallback = str(e)
    if report is None:
        _conforms, report, _text = shacl_validate(data, shacl_graph=shapes, inference="none", advanced=False,
                                                  allow_warnings=True, allow_infos=True)
    rows = (lambda q: data.query(q)) if view is None else (lambda q: view.rows(q)[1])
    return _collect(report, shapes, shapes_dir if qc else None, rows, "pyshacl" if view is None else "fast", fallback)


def _collect(report: Graph, shapes: Graph, shapes_dir: Path | None, qc_rows: Callable[[str], Iterable], engine: str,
             fallback: str = "") -> ValidationResult:
    """The report's results sorted by severity, plus the QC queries' rows (``qc_rows(query)``), as one result."""
    out = ValidationResult(conforms=True, report=report, engine=engine, fallback=fallback)
    for r in report.subjects(RDF.type, SH.ValidationResult):
        sev = _severity(report.value(r, SH.resultSeverity))
        shape = report.value(r, SH.sourceShape)
        shape_name = _shape_name(shapes, shape)
        item = Result(sev, report.value(r, SH.focusNode), str(report.value(r, SH.resultMessage) or ""),
                      str(shape_name), report.value(r, SH.resultPath), report.value(r, SH.value))
        {"Violation": out.violations, "Warning": out.warnings}.get(sev, out.infos).append(item)
    for name, query in qc_queries(shapes_dir) if shapes_dir is not None else []:
        for row in qc_rows(query):
            first = row[0]
            what = ", ".join(_local(v) for v in row if v is not None)
            out.qc_failures.append(Result("Violation", first, f"QC {name}: {what}", name))
    out.conforms = not out.violations and not out.qc_failures
    return out


def validate_store(view: fast.StoreView, *, shapes_dir: Path = config.SHAPES_DIR,
                   shapes: Graph | None = None) -> ValidationResult:
    """Validate the default graph of a pyoxigraph store as :func:`validate` validates an rdflib graph (the fast
    path; ``engine="store"``), without ever building an rdflib graph of the data.

    Why: at 10M triples the rdflib graph alone needs more memory than the machine has. Raises
    :class:`~kzjp_kg.validate.fast.Unsupported` if the shapes need pySHACL (which needs that graph). Where results
    can differ from :func:`validate` (terms as the store keeps them): :class:`~kzjp_kg.validate.fast.StoreView`.
    """
    shapes = load_shapes(shapes_dir) if shapes is None else shapes
    with gc_paused():
        _conforms, report, _view = fast.run_store(view, shapes)
    return _collect(report, shapes, shapes_dir, lambda q: view.rows(q)[1], "store")


def validate_files(paths: Iterable[Path], *, shapes_dir: Path = config.SHAPES_DIR, shapes: Graph | None = None,
                   store_dir: Path | None = None) -> ValidationResult:
    """Validate the union of the triples in ``paths`` (asserted, as-built and inferred files) through a pyoxigraph
    store (:meth:`~kzjp_kg.validate.fast.StoreView.load`, in memory or in ``store_dir``), never as an rdflib Graph:
    the route for graphs too large for one."""
    return validate_store(fast.StoreView.load(paths, store_dir), shapes_dir=shapes_dir, shapes=shapes)


from kzjp_kg.validate.report import render_text, write_reports  # noqa: E402  (re-exported API)

__all__ = ["ENGINES", "Result", "ValidationResult", "load_shapes", "qc_queries", "render_text",
           "validate", "validate_files", "validate_store", "write_reports"]
