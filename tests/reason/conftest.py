"""Fixtures for the reasoning tests: LUBM(1) read in place from ../shared, materialised once per session per engine.

Why cached: owlrl needs about a minute for LUBM's 100k triples. Its inferred graph is computed once per test run
and written as N-Triples under the session's temporary folder (shared by the xdist workers through a file lock, as
tests/conftest.py does for the build), so the agreement test and the fourteen queries reuse it. LUBM is GPL: it is
read from ../shared/conformance/lubm and never copied into the repository.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph
from rdflib.compare import to_canonical_graph

from kzjp_kg import config
from kzjp_kg.reason import closure
from kzjp_kg.terms import to_ox

LUBM = config.SHARED_DIR / "conformance" / "lubm"
LUBM_DATA = LUBM / "lehigh"


def _session_dir(factory: pytest.TempPathFactory) -> Path:
    root = factory.getbasetemp()
    return root.parent if os.environ.get("PYTEST_XDIST_WORKER") else root


@pytest.fixture(scope="session")
def lubm_graph() -> Graph:
    """univ-bench.owl and the fifteen University0 files (LUBM(1,0)) as one rdflib graph."""
    files = sorted((LUBM_DATA / "U1").glob("University0_*.owl"))
    if not (LUBM_DATA / "univ-bench.owl").is_file() or len(files) != 15:
        pytest.skip(f"LUBM is not in {LUBM_DATA}: the shared folder is not beside the clone")
    # The ontology's blank nodes (restrictions, lists) get names from their content, the same in every process, so
    # a closure cached by one xdist worker compares triple for triple with another worker's graph.
    onto = to_canonical_graph(Graph().parse(LUBM_DATA / "univ-bench.owl", format="xml"))
    g = onto.skolemize(authority="https://kzjp-kg.test", basepath="/lubm/genid/")
    for f in files:
        g.parse(f, format="xml")
    assert not any(isinstance(t, BNode) for triple in g for t in triple), "University0 files with blank nodes"
    return g


@pytest.fixture(scope="session")
def lubm_inferred(lubm_graph: Graph, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """engine -> the filtered inferred graph of LUBM(1) (OWL 2 RL only: the project's rules do not apply to it)."""
    cache: dict[str, Graph] = {}
    base = _session_dir(tmp_path_factory)

    def get(engine: str) -> Graph:
        if engine not in cache:
            path, lock = base / f"lubm-inferred-{engine}.nt", base / f"lubm-inferred-{engine}.lock"
            with open(lock, "w") as fh:
                fcntl.flock(fh, fcntl.LOCK_EX)
                if path.exists():
                    cache[engine] = Graph().parse(path, format="nt")
                else:
                    res = closure(lubm_graph, engine, use_rules=False)
                    assert not res.inconsistencies, res.inconsistencies[:3]
                    res.inferred.serialize(path.with_suffix(".tmp"), format="nt", encoding="utf-8")
                    path.with_suffix(".tmp").rename(path)
                    cache[engine] = res.inferred
        return cache[engine]

    return get


@pytest.fixture(scope="session")
def lubm_store(lubm_graph: Graph, lubm_inferred):  # type: ignore[no-untyped-def]
    """engine (or "none") -> a pyoxigraph store of LUBM(1) with that engine's inferred triples (or none)."""
    stores: dict[str, ox.Store] = {}

    def get(engine: str) -> ox.Store:
        if engine not in stores:
            st = ox.Store()
            triples = list(lubm_graph) + (list(lubm_inferred(engine)) if engine != "none" else [])
            st.bulk_extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in triples)
            stores[engine] = st
        return stores[engine]

    return get


@pytest.fixture(scope="session")
def project_asserted() -> Graph:
    """The asserted graph exactly as the build reasons over it (deprecated statements left out)."""
    from kzjp_kg.statements.asbuilt import as_built

    return as_built().asserted()


@pytest.fixture(scope="session")
def project_closure(project_asserted: Graph):  # type: ignore[no-untyped-def]
    """engine -> closure of the project's asserted graph (OWL 2 RL + rules), computed once per session."""
    cache: dict = {}

    def get(engine: str):  # type: ignore[no-untyped-def]
        if engine not in cache:
            cache[engine] = closure(project_asserted, engine)
        return cache[engine]

    return get
