"""Where the pictures' data comes from: the built N-Quads dump in an in-memory pyoxigraph store.

Why in memory and not ``build/store/``: a notebook or the README script must not lock the server's on-disk store,
and loading the 1 MB dump takes a fraction of a second. The union of the named graphs is the default graph, as
on the endpoint, so a query sees asserted and inferred triples alike unless it names a graph.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kzjp_kg import config, digest
from kzjp_kg.terms import rdf_format

#: Rows as plain Python: variable name → the term's lexical value (IRIs as strings), or None when unbound.
Row = dict[str, str | None]

DUMP_NAME = "kzjp-kg.nq"


def _is_current(build_dir: Path) -> bool:
    """True when ``build_dir`` holds a dump built from the repository's current input files
    (:func:`kzjp_kg.digest.build_is_current`, the check ``serve`` makes too)."""
    return (build_dir / "dumps" / DUMP_NAME).exists() and digest.build_is_current(build_dir)


def ensure_build(build_dir: Path | None = None) -> Path:
    """The build folder, (re)built first if it is missing or older than the sources; returns it.

    A notebook on a clean clone calls this first: the first run builds (about 15 s), later runs reuse the build.
    """
    build_dir = Path(build_dir or config.BUILD_DIR)
    if not _is_current(build_dir):
        from kzjp_kg.build import build

        build(build_dir)
    return build_dir


def notebook_build() -> Path:
    """The build the notebooks (and the README scripts) read: never the repository's own ``build/``.

    ``KZJP_NOTEBOOK_BUILD_DIR`` names it when set (the tests pass the session's build); otherwise it is a folder in
    the system's temp dir named after the inputs' digest, built on first use and shared by every notebook of the
    same checkout state. A file lock makes notebooks run side by side build it once.
    """
    import fcntl

    given = os.environ.get("KZJP_NOTEBOOK_BUILD_DIR")
    if given:
        path = Path(given)
    else:
        short_digest = digest.current_digest()[:12]
        path = Path(tempfile.gettempdir()) / f"kzjp-kg-notebook-build-{short_digest}"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.parent / (path.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return ensure_build(path)


def open_store(build_dir: Path | None = None, *, path: Path | None = None) -> ox.Store:
    """An in-memory store holding the build's N-Quads dump (or the RDF dataset file ``path``: .nq, .trig)."""
    if path is None:
        path = Path(build_dir or config.BUILD_DIR) / "dumps" / DUMP_NAME
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such dump. Run `kzjp-kg build` (or kzjp_kg.viz.ensure_build()) first.")
    fmt = rdf_format(path)
    store = ox.Store()
    store.bulk_load(path=str(path), format=fmt)
    return store


def value(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str | None:
    """A term's lexical value: IRI string, literal text, blank node id; None when unbound."""
    return None if term is None else term.value


def select(store: ox.Store, sparql: str, **kwargs: Any) -> list[Row]:
    """Run a SELECT over the union of the named graphs; each row is a dict of lexical values."""
    kwargs.setdefault("use_default_graph_as_union", True)
    res = store.query(sparql, **kwargs)
    if not isinstance(res, ox.QuerySolutions):
        raise TypeError("select() runs SELECT queries only; this query is an ASK or a CONSTRUCT.")
    names = [v.value for v in res.variables]
    return [{n: value(sol[n]) for n in names} for sol in res]


def local_name(iri: str | None) -> str:
    """The part after the last '/' or '#': a readable fallback when a resource has no label."""
    if not iri:
        return ""
    return iri.rstrip("/#").replace("#", "/").rsplit("/", 1)[-1]


def read_query(path: Path) -> str:
    """A ``.rq`` file's text (the queries are files so the endpoint, notebooks and tests share them)."""
    return path.read_text(encoding="utf-8")
