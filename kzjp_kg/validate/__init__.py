"""Validation: SHACL shapes and quality-control queries over the reasoned graph, with reports people read.

Why over the *reasoned* graph, with pyshacl's ``inference='none'``: the shapes speak of inferred facts (a visitor's
office on the visit's dates is a rule's output; types come from subclass axioms). Reasoning is done once by
:mod:`kzjp_kg.reason`; asking pyshacl to run OWL inference again would be slow and duplicate it. Shapes and
ontology stay apart: the shapes graph holds only ``shapes/*.shapes.ttl``.

Severities are used on purpose: Violation = the graph is wrong (the build refuses it); Warning = the source is wrong
or inconsistent (the graph records it); Info = worth knowing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SH

from kzjp_kg import config
from kzjp_kg.load import check_syntax


@dataclass(frozen=True)
class Result:
    """One SHACL result or QC row, in terms a report can show."""

    severity: str  # "Violation" | "Warning" | "Info"
    focus: object
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


def load_shapes(shapes_dir: Path = config.SHAPES_DIR) -> Graph:
    """All ``*.shapes.ttl`` files of ``shapes_dir`` as one shapes graph (syntax checked with file:line:col)."""
    g = Graph()
    files = sorted(shapes_dir.glob("*.shapes.ttl"))
    for path in files:
        check_syntax(path)
        g.parse(path, format="turtle")
    return g


def qc_queries(shapes_dir: Path = config.SHAPES_DIR) -> list[tuple[str, str]]:
    return [(p.stem, p.read_text(encoding="utf-8")) for p in sorted((shapes_dir / "qc").glob("*-violation.rq"))]


def _shape_name(shapes: Graph, shape) -> str:  # type: ignore[no-untyped-def]
    """A shape's sh:name; for an unnamed property shape, the name of the node shape that holds it."""
    name = shapes.value(shape, SH.name)
    if name is None:
        parent = shapes.value(None, SH.property, shape)
        name = shapes.value(parent, SH.name) if parent is not None else None
    return str(name if name is not None else shape)


def _local(term) -> str:  # type: ignore[no-untyped-def]
    text = str(term)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if isinstance(term, URIRef) else text


def _severity(node: URIRef) -> str:
    return str(node).rsplit("#", 1)[-1]


def validate(data: Graph, *, shapes_dir: Path = config.SHAPES_DIR) -> ValidationResult:
    """Validate ``data`` (asserted ∪ inferred) against the shapes and the QC queries."""
    shapes = load_shapes(shapes_dir)
    _conforms, report, _text = shacl_validate(data, shacl_graph=shapes, inference="none", advanced=True,
                                              allow_warnings=True, allow_infos=True)
    out = ValidationResult(conforms=True, report=report)
    for r in report.subjects(RDF.type, SH.ValidationResult):
        sev = _severity(report.value(r, SH.resultSeverity))
        shape = report.value(r, SH.sourceShape)
        shape_name = _shape_name(shapes, shape)
        item = Result(sev, report.value(r, SH.focusNode), str(report.value(r, SH.resultMessage) or ""),
                      str(shape_name), report.value(r, SH.resultPath), report.value(r, SH.value))
        {"Violation": out.violations, "Warning": out.warnings}.get(sev, out.infos).append(item)
    for name, query in qc_queries(shapes_dir):
        for row in data.query(query):
            first = row[0]
            what = ", ".join(_local(v) for v in row if v is not None)
            out.qc_failures.append(Result("Violation", first, f"QC {name}: {what}", name))
    out.conforms = not out.violations and not out.qc_failures
    return out


from kzjp_kg.validate.report import render_text, write_reports  # noqa: E402  (re-exported API)

__all__ = ["Result", "ValidationResult", "load_shapes", "qc_queries", "render_text", "validate", "write_reports"]
