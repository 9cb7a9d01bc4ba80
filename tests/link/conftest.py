"""Fixtures for the Wikidata tests: a real SPARQL endpoint on 127.0.0.1 loaded with the snapshot."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kzjp_kg import config
from tests.link.endpoint import SparqlServer

SNAPSHOT = config.WIKIDATA_DIR / "snapshot.ttl"
PREFIXES = """@prefix wd: <http://www.wikidata.org/entity/> . @prefix wdt: <http://www.wikidata.org/prop/direct/> .
@prefix p: <http://www.wikidata.org/prop/> . @prefix ps: <http://www.wikidata.org/prop/statement/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix wikibase: <http://wikiba.se/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


@pytest.fixture()
def wikidata() -> Iterator[SparqlServer]:
    """Wikidata's query service stood in for by the snapshot (a fresh store per test)."""
    with SparqlServer(SNAPSHOT) as srv:
        yield srv


def server_with(extra: str) -> SparqlServer:
    """The snapshot plus extra Turtle (fixtures: namesakes, items for unlinked entities)."""
    return SparqlServer(SNAPSHOT, extra_turtle=PREFIXES + extra)
