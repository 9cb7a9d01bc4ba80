"""Data flows one way: a module of the pipeline imports only from the steps before it (docs/design.md).

Why a test: the order (sources → load → reason → validate → store → dump/build → web) is what lets each step be
run, tested and replaced alone; an import in the wrong direction would quietly tie an early step to a later one.
Imports inside functions count too. Modules beside the flow (Wikidata linking, synth, publish) may use the flow;
the products drawn from the graph (ontology documentation, pictures) may be used only by the publishing steps.
"""

from __future__ import annotations

import ast
from pathlib import Path

from kzjp_kg import config

PACKAGE = config.ROOT / "kzjp_kg"
#: rank of each top-level module or package of the flow; shared helpers rank 0
FLOW = {"config": 0, "errors": 0, "terms": 0, "digest": 0, "gcpause": 0, "profile": 0, "wikibase": 0, "sources": 1, "load": 2, "statements": 2.5,
        "reason": 3,
        "validate": 4, "store": 5, "dump": 6, "build": 7, "web": 8}
PRODUCTS = {"ontodoc", "viz"}  # drawn from a built graph: only dump/build/web may use them
PUBLISHING = FLOW["dump"]
ENTRY = {"cli"}  # the command dispatcher: any step's ``python -m`` goes through it for the same errors and exit codes


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
        if top not in FLOW:
            continue
        for line, module in _imports(path):
            target = module.split(".")[1]
            where = f"{path.relative_to(package.parent)}:{line} imports {module}"
            if target in FLOW and FLOW[target] > FLOW[top]:
                bad.append(f"{where}, a later step ({target} after {top})")
            elif target in PRODUCTS and FLOW[top] < PUBLISHING:
                bad.append(f"{where}, a product of the built graph, from a step before publishing")
            elif target not in FLOW and target not in PRODUCTS and target not in ENTRY:
                bad.append(f"{where}, a module beside the flow")
    return bad


def test_the_pipeline_imports_only_backwards() -> None:
    assert _violations() == []


def test_the_check_sees_a_wrong_import(tmp_path: Path) -> None:
    bad = tmp_path / "kzjp_kg" / "load.py"
    bad.parent.mkdir()
    bad.write_text("def f():\n    from kzjp_kg.web import create_app\n    from kzjp_kg.viz import timeline\n")
    found = _violations(tmp_path / "kzjp_kg")
    assert len(found) == 2 and "load.py:2 imports kzjp_kg.web" in found[0] and "product" in found[1]
