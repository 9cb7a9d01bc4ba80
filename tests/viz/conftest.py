"""Fixtures for the pictures and the ontology documentation: the session's build in a fresh in-memory store.

Why a fresh store per test (``store``): several tests add triples to see the pictures follow the graph, and must
not leak them into each other.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kzjp_kg.viz.data import open_store


@pytest.fixture
def store(built: Path) -> ox.Store:
    return open_store(built)
