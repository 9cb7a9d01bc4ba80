"""HermiT, made strict (``ignoreUnsupportedDatatypes = false``), finds the ontology and the asserted data consistent,
and finds a visit used as an agent inconsistent.

Strict HermiT refuses any graph holding a literal outside the OWL 2 datatype map: the ontology has none (the
datatype ranges moved to SHACL), the data has xsd:date, xsd:gYear and xsd:gYearMonth values (legal RDF, outside
OWL 2). For the data the check says exactly which datatypes had to be ignored and allows only those three.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kzjp_kg import config

from . import owltools
from .conftest import need

XSD = "http://www.w3.org/2001/XMLSchema#"
DATES = {XSD + "date", XSD + "gYear", XSD + "gYearMonth"}
FIXTURE = Path(__file__).resolve().parent.parent / "data" / "inconsistent" / "visit-as-agent.ttl"


@pytest.fixture(autouse=True)
def _hermit() -> None:
    need(owltools.hermit_missing())


def test_hermit_strict_finds_the_ontology_consistent_and_ignores_nothing(owlapi_ontology) -> None:  # type: ignore[no-untyped-def]
    _, owl = owlapi_ontology
    rep = owltools.hermit(owl)
    assert rep.strict_error is None and rep.ignored == [], rep.output
    assert rep.strict == "CONSISTENT", rep.output


def test_hermit_finds_ontology_and_asserted_data_consistent(owlapi_asserted) -> None:  # type: ignore[no-untyped-def]
    _, owl = owlapi_asserted
    rep = owltools.hermit(owl)
    if rep.strict is not None:  # no data literal outside the datatype map any more
        assert rep.strict == "CONSISTENT", rep.output
        return
    assert set(rep.ignored) <= DATES, f"HermiT had to ignore more than the date types: {rep.ignored}"
    assert rep.lenient == "CONSISTENT", rep.output


def test_hermit_finds_a_visit_used_as_an_agent_inconsistent(tmp_path: Path) -> None:
    files = [*sorted((config.ROOT / "ontology").glob("*.ttl")), FIXTURE]
    owl = tmp_path / "bad.owl"
    owltools.owlapi(files, save_owl=owl)
    rep = owltools.hermit(owl)
    assert (rep.strict or rep.lenient) == "INCONSISTENT", rep.output
