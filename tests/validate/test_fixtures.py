"""Every shape and every QC query has an invalid fixture that triggers it with its message; the valid one triggers none.

The expected shape (its sh:name, or the QC query's file stem), severity and message for each fixture are in
tests/data/invalid/expected.json. A new shape or QC query without a fixture fails test_every_check_has_a_fixture.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SH

from kzjp_kg import config
from kzjp_kg.load import load_dataset
from kzjp_kg.reason import closure
from kzjp_kg.validate import load_shapes, qc_queries, validate

DATA = Path(__file__).resolve().parent.parent / "data"
EXPECTED: dict[str, list[str]] = json.loads((DATA / "invalid" / "expected.json").read_text(encoding="utf-8"))
ONTO = load_dataset().graph(config.GRAPH_ONTOLOGY)


def check(path: Path):  # type: ignore[no-untyped-def]
    g = Graph().parse(path, format="turtle")
    g += ONTO
    return validate(g + closure(g, "reasonable").inferred)


def test_fixtures_exist() -> None:
    files = sorted((DATA / "invalid").glob("*.ttl"))
    assert len(files) >= 50 and {p.stem for p in files} == set(EXPECTED)


def test_every_check_has_a_fixture() -> None:
    shapes = load_shapes()
    names = {str(shapes.value(s, SH.name)) for s in shapes.subjects(RDF.type, SH.NodeShape)}
    covered = {shape for shape, _sev, _msg in EXPECTED.values()}
    # property shapes carry their own names (label-script checks): one fixture covers their node shape
    node_covered = names & covered | ({"language tag matches script"} if "Kazakh label in Cyrillic" in covered else set())
    assert names - node_covered == set(), f"shapes without an invalid fixture: {names - node_covered}"
    assert {stem for stem, _ in qc_queries()} <= covered


def test_every_constraint_message_has_a_fixture() -> None:
    """Finer than per node shape: every sh:message (of a node shape, of each of its property shapes, of each SPARQL
    constraint) is the expected message of some invalid fixture of that shape — so every property shape is shown to
    fire, not only one per node shape. A template (``{?value}``) matches when a fixed part of it and the expected
    text overlap."""
    import re

    shapes = load_shapes()
    checks = set()
    for ns in shapes.subjects(RDF.type, SH.NodeShape):
        props = set(shapes.objects(ns, SH.property))
        for owner in [ns, *shapes.objects(ns, SH.sparql), *props]:
            named = shapes.value(owner, SH.name) if owner in props else None
            for m in shapes.objects(owner, SH.message):
                checks.add((str(named or shapes.value(ns, SH.name)), str(m)))

    def matches(template: str, expected: str) -> bool:
        parts = [p.strip() for p in re.split(r"\{[?$]\w+\}", template) if len(p.strip()) >= 4]
        return any(p in expected or expected in p for p in parts)

    uncovered = sorted((name, m) for name, m in checks
                       if not any(shape == name and matches(m, msg) for shape, _sev, msg in EXPECTED.values()))
    assert len(checks) > 40 and uncovered == [], uncovered


def test_the_valid_fixture_triggers_nothing() -> None:
    result = check(DATA / "valid" / "minimal.ttl")
    assert result.conforms
    assert result.violations == result.warnings == result.qc_failures == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_fixture_triggers_its_check(name: str) -> None:
    shape, severity, message = EXPECTED[name]
    result = check(DATA / "invalid" / f"{name}.ttl")
    found = [r for r in result.violations + result.warnings + result.infos + result.qc_failures if r.shape == shape]
    assert found, f"{name}: {shape} did not fire; got {[(r.shape, r.message) for r in result.violations][:5]}"
    assert any(r.severity == severity and message in r.message for r in found), [(r.severity, r.message) for r in found]
    if severity == "Violation":
        assert not result.conforms
    else:
        assert result.conforms  # warnings and notes about the source never fail the graph
