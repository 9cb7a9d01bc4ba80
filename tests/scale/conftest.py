"""Fixtures for the remote-store tests: a throw-away Virtuoso on 127.0.0.1 and the data to publish into it."""

from __future__ import annotations

import contextlib
import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kzjp_kg import config

HERE = Path(__file__).parent
FIXTURE_TRIG = HERE / "data" / "fixture.trig"


def _load_virtuoso_helper():  # type: ignore[no-untyped-def]
    """scripts/virtuoso.py, imported by path (scripts/ is not a package: it is also run by hand)."""
    path = config.ROOT / "scripts" / "virtuoso.py"
    spec = importlib.util.spec_from_file_location("kzjp_virtuoso_helper", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


virtuoso = _load_virtuoso_helper()


@contextlib.contextmanager
def running_virtuoso(**settings: object) -> Iterator[object]:
    """Virtuoso open source on free loopback ports with a temp database and these ``virtuoso.start`` settings;
    stopped and deleted afterwards. Skips the test, saying how to install it, where Virtuoso is missing."""
    if virtuoso.find_binary() is None:
        pytest.skip("Virtuoso is not installed (no virtuoso-t on PATH). It comes from Debian's package "
                    f"{virtuoso.PACKAGE}: run `sudo bash scripts/install-virtuoso.sh` (CI and `make test` do).")
    server = virtuoso.start(**{"memory_gb": 0.5, **settings})
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def virtuoso_server() -> Iterator[object]:
    """Virtuoso with default settings, shared by the session's tests."""
    with running_virtuoso() as server:
        yield server
