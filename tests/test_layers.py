"""Data flows one way: a module of the pipeline imports only from the steps before it (docs/design.md).

Why a test: the order (sources → load → statements → reason → validate → store → dump → build → web) is what lets
each step be run, tested and replaced alone; an import in the wrong direction would quietly tie an early step to a
later one. Imports inside functions count too. Every top-level module of the package has a rank here — a new one
fails this test until it is placed. Modules beside the flow (Wikidata linking, the synthetic-graph generator, the
upload to a remote store) may use the flow before them, but no step of the flow may use them; the products drawn
from the graph (ontology documentation, pictures) sit where they are drawn: the ontology's documentation before
the build that writes it, the pictures after the build they read (a notebook on a clean clone builds first).
"""

from __future__ import annotations

import ast
from pathlib import Path

from kzjp_kg import config

PACKAGE = config.ROOT / "kzjp_kg"
#: rank of every top-level module or package: a module may import only modules of its rank or below
RANK = {
    # shared helpers
    "config": 0, "errors": 0, "terms": 0, "gcpause": 0, "profile": 0, "wikibase": 0, "digest": 0,
    # the flow
    "sources": 1, "load": 2, "statements": 2.5, "reason": 3, "validate": 4, "store": 5, "dump": 6, "build": 7,
    "web": 8,
    # beside the flow
    "synth": 0.5, "link": 2.6, "publish": 5.5,
    # products
    "ontodoc": 6.5, "viz": 7.5,
}
BESIDE = {"synth", "link", "publish"}  # no step of the flow imports these
ENTRY = {"cli"}  # the command dispatcher: names every step (by module path, imported on dispatch); any may use it


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kzjp_kg."):
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.ImportFrom) and node.module == "kzjp_kg":
            found += [(node.lineno, f"kzjp_kg.{a.name}") for a in node.names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("kzjp_kg.")]
    return found


def _violations(package: Path = PACKAGE) -> list[str]:
    bad = []
    for path in sorted(package.rglob("*.py")):
        top = path.relative_to(package).parts[0].removesuffix(".py")
        if top == "__init__" or top in ENTRY:
            continue
        if top not in RANK:
            bad.append(f"{path.relative_to(package.parent)}: kzjp_kg.{top} has no rank in tests/test_layers.py")
            continue
        for line, module in _imports(path):
            target = module.split(".")[1]
            where = f"{path.relative_to(package.parent)}:{line} imports {module}"
            if target == top or target in ENTRY:
                continue
            if target not in RANK:
                bad.append(f"{where}, which has no rank")
            elif RANK[target] > RANK[top]:
                bad.append(f"{where}, a later step ({target} after {top})")
            elif target in BESIDE and top not in BESIDE:
                bad.append(f"{where}, a module beside the flow")
    return bad


def test_the_pipeline_imports_only_backwards() -> None:
    assert _violations() == []


def test_every_module_of_the_package_has_a_rank() -> None:
    tops = {p.relative_to(PACKAGE).parts[0].removesuffix(".py") for p in PACKAGE.rglob("*.py")} - {"__init__"}
    assert tops - set(RANK) - ENTRY == set()


def test_the_check_sees_a_wrong_import(tmp_path: Path) -> None:
    pkg = tmp_path / "kzjp_kg"
    pkg.mkdir()
    (pkg / "load.py").write_text("def f():\n    from kzjp_kg.web import create_app\n    from kzjp_kg.viz import timeline\n")
    (pkg / "newstep.py").write_text("")
    (pkg / "reason.py").write_text("from kzjp_kg.link import names\n")
    found = _violations(pkg)
    assert len(found) == 4 and "load.py:2 imports kzjp_kg.web" in found[0] and "viz after load" in found[1]
    assert "newstep has no rank" in found[2] and "reason.py:1 imports kzjp_kg.link, a module beside" in found[3]


def test_no_module_of_the_package_is_over_400_lines() -> None:
    """One concern per module (issue 17): a file that outgrows this has two, and should be split where they part."""
    long = {str(p.relative_to(PACKAGE.parent)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}
