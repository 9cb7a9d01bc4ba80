"""The ``>>>`` examples in the package's docstrings run, and say what the code does.

Why: an example that never runs drifts from the code and then misleads the reader it was written for. Each module
that carries one is found by scanning the package, so a new example is tested without touching this file.
"""

from __future__ import annotations

import doctest
import importlib

import pytest

from kzjp_kg import config

PACKAGE = config.ROOT / "kzjp_kg"
MODULES = sorted(".".join(p.relative_to(config.ROOT).with_suffix("").parts)
                 for p in PACKAGE.rglob("*.py") if ">>> " in p.read_text(encoding="utf-8"))


def test_the_package_has_examples() -> None:
    assert len(MODULES) >= 5, MODULES


@pytest.mark.parametrize("name", MODULES)
def test_examples_run(name: str) -> None:
    module = importlib.import_module(name.removesuffix(".__init__"))
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.attempted > 0, f"{name}: its examples were not found by doctest"
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} examples fail (run python -m doctest)"
