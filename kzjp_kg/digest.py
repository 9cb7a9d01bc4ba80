"""Is the build current? One answer, by content: a SHA-256 over every input file, recorded in the manifest.

Why a digest and not modification times: a checkout, a ``git stash`` or a copy sets mtimes that say nothing about
content, and a comparison of times only sees the folders it is told about (``serve`` once missed a change to
``kzjp_kg/reason/rules/*.rq``). The build records :func:`inputs_digest` as ``inputs_sha256`` in
``manifest.json``; ``serve``, the notebooks and the pictures all ask :func:`build_is_current`.

Kept free of rdflib and of the pipeline's steps, so ``kzjp-kg serve --help`` and a notebook's first cell stay cheap.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

#: Folders (relative to the sources' root) whose files are inputs of the build, and the suffixes that count.
INPUT_ROOTS = ("ontology", "graph", "shapes")
INPUT_SUFFIXES = (".ttl", ".rq", ".txt", ".tsv")
#: The rule files ship with the package, whatever root the sources come from (``kzjp-kg build --root``).
PACKAGE = Path(__file__).resolve().parent
RULES_DIR = PACKAGE / "reason" / "rules"

#: The manifest key the build writes the digest under.
MANIFEST_KEY = "inputs_sha256"


def _root(root: Path | None) -> Path:
    if root is None:
        from kzjp_kg.config import ROOT

        return ROOT
    return Path(root)


def _name(path: Path, root: Path) -> str:
    """The name a file is hashed under: relative to the package's parent for rules, else to ``root``."""
    return str(path.relative_to(PACKAGE.parent if path.is_relative_to(PACKAGE) else root))


def input_files(root: Path | None = None) -> list[Path]:
    """Every file whose change should trigger a rebuild: the sources under ``root`` (default: this repository)
    and the package's rule files."""
    base = _root(root)
    dirs = [*(base / d for d in INPUT_ROOTS), RULES_DIR]
    return sorted({p for d in dirs if d.exists() for p in d.rglob("*") if p.is_file() and p.suffix in INPUT_SUFFIXES})


def inputs_digest(paths: Iterable[Path], root: Path | None = None) -> str:
    """A SHA-256 over the given input files' names and bytes."""
    base = _root(root)
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(_name(p, base).encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def current_digest(root: Path | None = None) -> str:
    """The digest of the inputs as they are now (what a build made now would record)."""
    return inputs_digest(input_files(root), root)


def build_is_current(build_dir: Path, root: Path | None = None) -> bool:
    """True when ``build_dir``'s manifest records the digest of ``root``'s inputs as they are now.

    A missing or unreadable manifest, or one without a digest, is not current."""
    manifest = Path(build_dir) / "manifest.json"
    try:
        recorded = json.loads(manifest.read_text(encoding="utf-8")).get(MANIFEST_KEY)
    except (OSError, ValueError, AttributeError):
        return False
    return recorded == current_digest(root)
