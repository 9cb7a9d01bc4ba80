"""Shared fixtures: the repository, the shared folder beside it, and one built graph per test session.

Why one build per session: the build (load → reason → validate → dump) is the expensive part; every test that
queries the built graph reads the same outputs. Under pytest-xdist the workers share it through a file lock.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyoxigraph as ox
import pytest

from kzjp_kg import config
from kzjp_kg.terms import short

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

# --- the built graph in an embedded store ---------------------------------------------------------------



PREFIXES = """PREFIX kzjp: <https://w3id.org/kzjp-kg/ontology#>
PREFIX kzr: <https://w3id.org/kzjp-kg/resource/>
PREFIX kzs: <https://w3id.org/kzjp-kg/source/article-kk/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


#: Graphs the build derives: the reasoner's closure and the statements re-expressed in Wikidata's model.
DERIVED = ("/graph/inferred", "/graph/wikidata-projection")


class Kg:
    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def select(self, q: str, *, asserted_only: bool = False) -> list[tuple[str, ...]]:
        kwargs = {"use_default_graph_as_union": True}
        if asserted_only:
            graphs = [g for g in self.store.named_graphs() if not g.value.endswith(DERIVED)]
            kwargs = {"default_graph": graphs}
        res = self.store.query(PREFIXES + q, **kwargs)
        names = [v.value for v in res.variables]
        return [tuple(_short(row[n]) for n in names) for row in res]

    def ask(self, q: str, *, asserted_only: bool = False) -> bool:
        kwargs = {"use_default_graph_as_union": True}
        if asserted_only:
            kwargs = {"default_graph": [g for g in self.store.named_graphs() if not g.value.endswith(DERIVED)]}
        return bool(self.store.query(PREFIXES + q, **kwargs))


#: The namespaces the tests' expected rows are written with; every other IRI stays whole (``rdf:type`` included).
_ROW_PREFIXES = {p: config.PREFIXES[p] for p in ("kzr", "kzs", "kzjp")}


def _short(term) -> str:  # type: ignore[no-untyped-def]
    return "" if term is None else short(term.value, _ROW_PREFIXES)


@pytest.fixture(scope="session")
def kg(built: Path) -> Kg:
    store = ox.Store()
    store.bulk_load(path=str(built / "dumps" / "kzjp-kg.nq"), format=ox.RdfFormat.N_QUADS)
    return Kg(store)
