"""Write the build's files and move them into place only when every step succeeded.

Why staging: a failed or interrupted build must never leave a half-written ``build/``; users and the running
server keep the last good output. Everything is written to ``build/.staging-<pid>/`` and then swapped in with
renames (each rename is atomic on one file system), the previous output being removed only after the swap.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset

from kzjp_kg import config
from kzjp_kg.terms import bcp47_case, to_ox

#: Files and folders a build swaps into ``build/`` (:func:`swap_in`).
OUTPUTS = ("dumps", "reports", "docs", "manifest.json")

DUMP_FORMATS: dict[str, ox.RdfFormat] = {
    "kzjp-kg.trig": ox.RdfFormat.TRIG,
    "kzjp-kg.nq": ox.RdfFormat.N_QUADS,
    "kzjp-kg.jsonld": ox.RdfFormat.JSON_LD,
}


def to_quads(ds: Dataset) -> list[ox.Quad]:
    """The dataset as pyoxigraph quads (pyoxigraph serialises an order of magnitude faster than rdflib)."""
    quads: list[ox.Quad] = []
    for g in ds.graphs():
        if not len(g) or str(g.identifier).startswith("urn:x-rdflib:"):
            continue
        gname = ox.NamedNode(str(g.identifier))
        quads.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), gname) for s, p, o in g)  # type: ignore[arg-type]
    return quads


def write_dumps(ds: Dataset, out: Path) -> dict[str, int]:
    """Write the whole dataset (TriG, N-Quads, JSON-LD) and one Turtle file per named graph; return sizes."""
    out.mkdir(parents=True, exist_ok=True)
    quads = sorted(to_quads(ds), key=str)  # stable output: same input, same bytes
    prefixes = dict(config.PREFIXES)
    for name, fmt in DUMP_FORMATS.items():
        kwargs: dict[str, Any] = {"prefixes": prefixes} if fmt in (ox.RdfFormat.TRIG,) else {}
        ox.serialize(quads, out / name, format=fmt, **kwargs)
        _tag_case(out / name)
    by_graph: dict[str, list[ox.Triple]] = {}
    for q in quads:
        by_graph.setdefault(q.graph_name.value, []).append(q.triple)  # type: ignore[union-attr]  # named graphs only
    for graph_iri, triples in by_graph.items():
        local = graph_iri.rsplit("/", 1)[-1]
        ox.serialize(triples, out / f"{local}.ttl", format=ox.RdfFormat.TURTLE, prefixes=prefixes)
        _tag_case(out / f"{local}.ttl")
    return {p.name: p.stat().st_size for p in sorted(out.iterdir())}


_TAG = re.compile(r'(?<=")@([a-z]{2,3}(?:-[a-z0-9]{1,8})+)(?=[\s;,.)\]])')
_JSONLD_TAG = re.compile(r'("@language"\s*:\s*")([a-z]{2,3}(?:-[a-z0-9]{1,8})+)(")')


def _tag_case(path: Path) -> None:
    """Rewrite language tags in BCP 47's conventional case (``kk-Latn``, as the sources and docs write them).

    Why: pyoxigraph lower-cases tags (they are case-insensitive, so ``kk-latn`` is correct RDF), but people read
    the dumps, and a tag that differs in case from every document looked like another tag."""
    text = path.read_text(encoding="utf-8")
    fixed = _TAG.sub(lambda m: "@" + bcp47_case(m.group(1)), text)
    fixed = _JSONLD_TAG.sub(lambda m: m.group(1) + bcp47_case(m.group(2)) + m.group(3), fixed)
    if fixed != text:
        path.write_text(fixed, encoding="utf-8")


def write_manifest(path: Path, manifest: dict) -> None:
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


def staging_dir(build_dir: Path) -> Path:
    """A fresh private folder inside ``build_dir`` (same file system, so the final renames are atomic)."""
    stage = build_dir / f".staging-{os.getpid()}"
    if stage.exists():
        shutil.rmtree(stage)
    stage.mkdir(parents=True)
    return stage


def swap_in(stage: Path, build_dir: Path) -> None:
    """Swap the staged outputs into ``build_dir``, each by an atomic rename; the previous ones are deleted only
    after the swap. (Named for what it does: ``kzjp-kg publish``, :mod:`kzjp_kg.publish`, is the upload to a
    remote store, a different thing.)"""
    old = build_dir / f".previous-{os.getpid()}"
    old.mkdir(exist_ok=True)
    for name in OUTPUTS:
        new, cur = stage / name, build_dir / name
        if not new.exists():
            continue
        if cur.exists():
            os.replace(cur, old / name)
        os.replace(new, cur)
    shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(stage, ignore_errors=True)


def discard(stage: Path) -> None:
    shutil.rmtree(stage, ignore_errors=True)
