"""The reference OWL tools for tests/ontology: skipped with the reason when absent, except on CI (CI=true)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kzjp_kg import config

from . import owltools


def need(reason: str | None) -> None:
    """Skip (or, on CI, fail) when a tool is missing: CI must run the reference checks, never skip them."""
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def ontology_files() -> list[Path]:
    """Every module of the ontology (ontology/*.ttl, statements.ttl included when present)."""
    return sorted((config.ROOT / "ontology").glob("*.ttl"))


@pytest.fixture(scope="session")
def owlapi_ontology(ontology_files: list[Path], tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    need(owltools.missing())
    owl = tmp_path_factory.mktemp("owlapi") / "ontology.owl"
    return owltools.owlapi(ontology_files, save_owl=owl), owl


@pytest.fixture(scope="session")
def owlapi_asserted(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """OWL API on the build's asserted graph (ontology, source, facts, Wikidata layers), dumped as N-Triples."""
    from kzjp_kg.statements.asbuilt import as_built

    need(owltools.missing())
    tmp = tmp_path_factory.mktemp("asserted")
    nt = tmp / "asserted.nt"
    as_built().asserted().serialize(nt, format="nt", encoding="utf-8")
    owl = tmp / "asserted.owl"
    return owltools.owlapi([nt], save_owl=owl), owl
