"""The staged swap of a build's outputs is ``dump.swap_in``; "publish" means only the upload to a remote store.

Why: two things called ``publish`` (``dump.publish`` and ``kzjp_kg.publish.publish``) made a reader guess which one
a build calls.
"""

from __future__ import annotations

from pathlib import Path

from kzjp_kg import dump, publish


def test_swap_in_replaces_the_outputs_and_cleans_up(tmp_path: Path) -> None:
    build = tmp_path / "build"
    (build / "dumps").mkdir(parents=True)
    (build / "dumps" / "old.nq").write_text("old", encoding="utf-8")
    (build / "keep.txt").write_text("not an output", encoding="utf-8")
    stage = dump.staging_dir(build)
    (stage / "dumps").mkdir()
    (stage / "dumps" / "new.nq").write_text("new", encoding="utf-8")
    (stage / "manifest.json").write_text("{}", encoding="utf-8")
    dump.swap_in(stage, build)
    assert sorted(p.name for p in (build / "dumps").iterdir()) == ["new.nq"]
    assert (build / "manifest.json").exists() and (build / "keep.txt").exists()
    assert sorted(p.name for p in build.iterdir()) == ["dumps", "keep.txt", "manifest.json"]  # no stage, no .previous


def test_publish_names_only_the_upload() -> None:
    assert not hasattr(dump, "publish") and callable(publish.publish)
