"""Every notebook runs top to bottom, offline, on the session's build; outputs are stripped in git.

Why nbclient in a test rather than ``pytest --nbmake``: the kernels get the session's build through
``KZJP_NOTEBOOK_BUILD_DIR`` (no second build, nothing written into the repository's ``build/``), the run stays
inside ``make test`` with the other tests, and a cell that raises fails the test with the cell's source and
traceback. Each notebook gets a time limit per cell; the run time of each is printed (``-s`` shows it).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest

from kzjp_kg import config

NOTEBOOKS = sorted((config.ROOT / "notebooks").glob("*.ipynb"))
CELL_TIMEOUT = 120


def test_there_are_seven_notebooks() -> None:
    assert [p.name[:2] for p in NOTEBOOKS] == ["01", "02", "03", "04", "05", "06", "07"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_outputs_are_stripped(path: Path) -> None:
    """Committed notebooks hold no outputs or execution counts (diffs stay readable, no stale results)."""
    book = json.loads(path.read_text(encoding="utf-8"))
    for i, cell in enumerate(book["cells"]):
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{path.name} cell {i} has outputs: clear them before committing"
            assert cell.get("execution_count") is None, f"{path.name} cell {i} has an execution count"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path: Path, built: Path, tmp_path: Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    book = nbformat.read(path, as_version=4)
    env_before = dict(os.environ)
    os.environ["KZJP_NOTEBOOK_BUILD_DIR"] = str(built)  # the kernel inherits it
    os.environ.pop("KZJP_LIVE_WIKIDATA", None)  # offline: never the live service
    os.environ["MPLBACKEND"] = "Agg"
    try:
        client = nbclient.NotebookClient(book, timeout=CELL_TIMEOUT, kernel_name="python3",
                                         resources={"metadata": {"path": str(tmp_path)}})
        started = time.perf_counter()
        client.execute()
        took = time.perf_counter() - started
    except nbclient.exceptions.CellExecutionError as exc:
        pytest.fail(f"{path.name} raised:\n{exc}")
    finally:
        os.environ.clear()
        os.environ.update(env_before)
    print(f"{path.name}: {took:.1f} s", file=sys.stderr)
    errors = [o for c in book.cells if c.cell_type == "code" for o in c.outputs if o.get("output_type") == "error"]
    assert not errors
    assert not (config.ROOT / "notebooks" / "figures").exists(), "a notebook wrote into the repository"


def test_federated_cache_matches_the_snapshot(built: Path) -> None:
    """The cached federated answer of notebook 5 is what the query gives on the Wikidata snapshot today."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("federated_cache", config.ROOT / "scripts" / "federated_cache.py")
    mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    from kzjp_kg.viz.data import open_store, select

    store = open_store(built)
    if not any(g.value == mod.SNAPSHOT for g in store.named_graphs()):
        pytest.skip("this checkout's build has no Wikidata snapshot graph")
    cached = json.loads(mod.OUT.read_text(encoding="utf-8"))
    qids = [r["qid"] for r in select(store, mod.QIDS)]
    assert cached["query"] == mod.federated_query(qids), "run scripts/federated_cache.py: the people linked changed"
    keys = cached["results"]["head"]["vars"]
    local = cached["query"].replace(f"SERVICE <{mod.ENDPOINT}>", f"GRAPH <{mod.SNAPSHOT}>")
    now = {tuple(r.get(k) or "" for k in keys) for r in select(store, local)}
    then = {tuple(b.get(k, {}).get("value", "") for k in keys) for b in cached["results"]["results"]["bindings"]}
    assert now == then and now, "notebooks/data/federated-wikidata.json is stale: run scripts/federated_cache.py"
