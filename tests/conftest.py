"""Shared fixtures: the repository, the shared folder beside it, and one built graph per test session.

Why one build per session: the build (load → reason → validate → dump) is the expensive part; every test that
queries the built graph reads the same outputs. Under pytest-xdist the workers share it through a file lock.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kzjp_kg import config

REPO = config.ROOT


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` (conformance suites, Wikidata evidence), read in place and never copied."""
    if not (config.SHARED_DIR / "conformance").is_dir():
        pytest.skip(f"the shared folder is not beside the clone ({config.SHARED_DIR}); CI provides it")
    return config.SHARED_DIR


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build folder made once per session from the repository's sources (dumps/, reports/, manifest.json)."""
    from kzjp_kg.build import build

    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # shared by all xdist workers of this run
    out = root / "kzjp-build"
    lock = root / "kzjp-build.lock"
    import fcntl

    with open(lock, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        if not (out / "manifest.json").exists():
            build(out)
    return out


@pytest.fixture(scope="session")
def built_manifest(built: Path) -> dict:
    return json.loads((built / "manifest.json").read_text(encoding="utf-8"))
