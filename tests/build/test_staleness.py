""""Is the build current?" has one answer (:mod:`kzjp_kg.digest`), by content, for ``serve`` and the notebooks alike.

Why: ``serve`` compared mtimes over ontology/, graph/ and shapes/ only, so an edited rule (``reason/rules/*.rq``)
served a stale build; the notebooks compared digests. A rule file changing must make the build stale for both.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kzjp_kg import digest
from kzjp_kg.viz import data as viz_data
from kzjp_kg.web.cli import build_is_stale


@pytest.fixture
def current_build(tmp_path: Path) -> tuple[Path, Path]:
    """A source root and a build folder whose manifest records that root's digest (and holds a dump)."""
    root, build = tmp_path / "root", tmp_path / "build"
    (root / "graph").mkdir(parents=True)
    (root / "graph" / "a.ttl").write_text("", encoding="utf-8")
    (build / "dumps").mkdir(parents=True)
    (build / "dumps" / viz_data.DUMP_NAME).write_text("", encoding="utf-8")
    (build / "manifest.json").write_text(json.dumps({digest.MANIFEST_KEY: digest.current_digest(root)}))
    return root, build


def test_rule_files_are_inputs() -> None:
    rules = sorted(digest.RULES_DIR.glob("*.rq"))
    assert rules and set(rules) <= set(digest.input_files())


def test_changing_a_rule_file_makes_the_build_stale(current_build: tuple[Path, Path],
                                                    monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    root, build = current_build
    assert not build_is_stale(build, root) and digest.build_is_current(build, root)
    rules = tmp_path / "rules"  # a copy of the package's rules, so the test never edits the real ones
    rules.mkdir()
    for p in digest.RULES_DIR.glob("*.rq"):
        (rules / p.name).write_bytes(p.read_bytes())
    monkeypatch.setattr(digest, "RULES_DIR", rules)
    monkeypatch.setattr(digest, "PACKAGE", tmp_path)
    (build / "manifest.json").write_text(json.dumps({digest.MANIFEST_KEY: digest.current_digest(root)}))
    assert not build_is_stale(build, root)
    first = sorted(rules.glob("*.rq"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert build_is_stale(build, root)  # serve sees it
    assert not digest.build_is_current(build, root)


def test_serve_and_the_notebooks_ask_the_same_question(current_build: tuple[Path, Path],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    root, build = current_build
    monkeypatch.setattr("kzjp_kg.config.ROOT", root)  # the notebooks' check reads the repository's root
    assert viz_data._is_current(build) and not build_is_stale(build, root)
    (root / "graph" / "a.ttl").write_text("# changed\n", encoding="utf-8")
    assert not viz_data._is_current(build) and build_is_stale(build, root)
