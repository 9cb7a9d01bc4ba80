"""``kzjp-kg publish``: load the built named graphs into a remote SPARQL 1.1 store, idempotently.

Why this shape:

* **One graph at a time, through a staging graph.** Each graph is uploaded in bounded chunks into a fresh
  staging graph, its triple count checked, and only then swapped in by one SPARQL Update request
  (``MOVE staging TO graph`` plus the bookkeeping). A failed or interrupted upload never leaves a half-loaded
  graph under the real name. On servers where one update request is one transaction (Fuseki/TDB2, Oxigraph,
  QLever) the swap is atomic for readers; Virtuoso 7 runs ``MOVE`` row by row, so a reader polling during the
  swap of a large graph can see it part-way (measured: see docs/larger-graphs.md) — the window is the MOVE,
  not the upload.
* **Idempotent.** The remote keeps, in the small graph ``kzg:publication``, each published graph's content
  digest (``owl:versionInfo "sha256:…"``), triple count (``void:triples``) and time (``dcterms:modified``).
  A graph whose digest and live triple count both match is skipped ("unchanged"): re-running changes nothing.
  The digest is order-independent (the sum of each triple's SHA-256), so the same content in any order or file
  format gives the same digest, and it streams: a 10-million-triple graph is never held in memory.
* Blank nodes are scoped to one request by every server, so a graph with blank nodes goes up in one request
  (the ontology's OWL lists); graphs without them are chunked.
* **A swap too large for one transaction.** Virtuoso caps the roll-forward log of one transaction
  (``TransactionAfterImageLimit``, 50 MB by default) and rolls back a larger one with SR325: the one-request swap
  of a graph of about a million triples (``MOVE`` deletes and inserts every triple) passes it. Publish then redoes
  the ``MOVE`` alone with Virtuoso's ``DEFINE sql:log-enable 3`` (each row committed on its own, still logged), no
  longer one transaction — on Virtuoso readers could see the graph part-way anyway — and writes the bookkeeping
  in a second request after it; the live count is checked, so a swap cut short shows up as changed on the next
  run and is redone. Graphs at least that large go straight to that mode for the rest of the run. Upload pieces
  the server refuses as too large are split in halves (:meth:`RemoteStore.add_triples`).
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kzjp_kg import config
from kzjp_kg.errors import InputError, StorageError
from kzjp_kg.store.remote import DEFAULT_CHUNK, RemoteStore, TransactionTooLarge
from kzjp_kg.terms import rdf_format

if TYPE_CHECKING:
    from rich.console import JustifyMethod

#: The remote's bookkeeping graph: one description per published graph.
GRAPH_PUBLICATION = config.KZG.publication
OWL_VERSION_INFO = "http://www.w3.org/2002/07/owl#versionInfo"
VOID_TRIPLES = "http://rdfs.org/ns/void#triples"
DCT_MODIFIED = "http://purl.org/dc/terms/modified"

#: Virtuoso's pragma for a request that commits row by row (bit 2) and still writes the log (bit 1).
VIRTUOSO_ROW_COMMIT = "DEFINE sql:log-enable 3\n"
SWAP_ATOMIC = "one transaction"
SWAP_ROWS = "row by row"

_BNODE = re.compile(r"_:[A-Za-z0-9_.\-]+")
_MOD = 1 << 256


@dataclass
class LocalGraph:
    """A built named graph on disk: where to read it, and what it holds (count, digest, blank nodes?)."""

    iri: str
    path: Path
    fmt: ox.RdfFormat
    triples: int = 0
    digest: str = ""
    has_bnodes: bool = False

    @property
    def name(self) -> str:
        return self.iri.rsplit("/", 1)[-1]

    def read(self) -> Iterator[ox.Triple]:
        """Stream the graph's triples from its file (for a dataset file: the quads of this graph)."""
        try:
            if self.fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
                for q in ox.parse(path=self.path, format=self.fmt):
                    if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value == self.iri:
                        yield q.triple
            else:
                for q in ox.parse(path=self.path, format=self.fmt):
                    yield q.triple if isinstance(q, ox.Quad) else q
        except SyntaxError as exc:
            raise InputError(f"{self.path}: {exc}. Rebuild with `kzjp-kg build`.") from exc


@dataclass
class Outcome:
    """What publish did with one graph."""

    graph: str
    triples: int
    status: str  # "created", "replaced", "unchanged", "removed"
    seconds: float
    swap: str = ""  # SWAP_ATOMIC, SWAP_ROWS (the server's transaction limit), "" when nothing was written


def _digest_update(acc: int, triple: ox.Triple) -> tuple[int, bool]:
    line = str(triple)
    has_b = "_:" in line
    if has_b:  # blank-node labels differ per parse: hash the shape, not the label
        line = _BNODE.sub("_:b", line)
    return (acc + int.from_bytes(hashlib.sha256(line.encode()).digest(), "big")) % _MOD, has_b


def describe(graphs: list[LocalGraph]) -> None:
    """Fill each graph's triple count, digest and blank-node flag in one streaming pass per file."""
    by_file: dict[Path, list[LocalGraph]] = {}
    for g in graphs:
        by_file.setdefault(g.path, []).append(g)
    for path, gs in by_file.items():
        acc: dict[str | None, list[Any]] = {g.iri: [0, 0, False] for g in gs}  # triples, digest, has_bnodes
        fmt = gs[0].fmt
        try:
            for q in ox.parse(path=path, format=fmt):
                if isinstance(q, ox.Quad):
                    key = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else None
                    triple = q.triple
                else:
                    key, triple = gs[0].iri, q
                if fmt not in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
                    key = gs[0].iri
                a = acc.get(key)
                if a is None:
                    continue
                a[0] += 1
                a[1], b = _digest_update(a[1], triple)
                a[2] = a[2] or b
        except SyntaxError as exc:
            raise InputError(f"{path}: {exc}. Rebuild with `kzjp-kg build`.") from exc
        for g in gs:
            n, d, b = acc[g.iri]
            g.triples, g.digest, g.has_bnodes = n, f"sha256:{d:064x}", b


def local_graphs(source: Path) -> list[LocalGraph]:
    """The named graphs to publish: ``<name>.ttl`` files of a dumps folder, or the graphs of a TriG/N-Quads file."""
    source = Path(source)
    if source.is_dir():
        files = sorted(source.glob("*.ttl"))
        if not files:
            raise InputError(f"{source}: no <graph>.ttl files to publish. Run `kzjp-kg build` first, "
                             "or give --from a TriG/N-Quads file.")
        graphs = [LocalGraph(str(config.KZG[p.stem]), p, ox.RdfFormat.TURTLE) for p in files]
    elif source.is_file():
        fmt = rdf_format(source)
        if fmt not in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
            raise InputError(f"{source}: publish reads a folder of <graph>.ttl files or a .trig/.nq dataset, "
                             f"not {source.suffix!r}.")
        names: set[str] = set()
        try:
            for q in ox.parse(path=source, format=fmt):
                if isinstance(q.graph_name, ox.NamedNode):
                    names.add(q.graph_name.value)
        except SyntaxError as exc:
            raise InputError(f"{source}: {exc}") from exc
        if not names:
            raise InputError(f"{source}: no named graphs in this dataset; publish only loads named graphs.")
        graphs = [LocalGraph(n, source, fmt) for n in sorted(names)]
    else:
        raise InputError(f"{source}: not found. Run `kzjp-kg build` (it writes build/dumps/) or give --from.")
    describe(graphs)
    return graphs


def remote_state(store: RemoteStore) -> dict[str, tuple[str, int]]:
    """What the remote says it holds: graph IRI -> (digest, triple count) from ``kzg:publication``."""
    rows = store.select(
        f"SELECT ?g ?d ?n WHERE {{ GRAPH <{GRAPH_PUBLICATION}> {{ ?g <{OWL_VERSION_INFO}> ?d ; "
        f"<{VOID_TRIPLES}> ?n }} }}")
    return {r["g"].value: (r["d"].value, int(r["n"].value)) for r in rows}


def _record(g: LocalGraph) -> str:
    now = datetime.now(UTC).isoformat(timespec="seconds")
    return (f"DELETE WHERE {{ GRAPH <{GRAPH_PUBLICATION}> {{ <{g.iri}> ?p ?o }} }} ;\n"
            f"INSERT DATA {{ GRAPH <{GRAPH_PUBLICATION}> {{ <{g.iri}> <{OWL_VERSION_INFO}> \"{g.digest}\" ; "
            f"<{VOID_TRIPLES}> {g.triples} ; "
            f"<{DCT_MODIFIED}> \"{now}\"^^<http://www.w3.org/2001/XMLSchema#dateTime> }} }}")


def publish_graph(store: RemoteStore, g: LocalGraph, *, chunk: int = DEFAULT_CHUNK,
                  progress: Callable[[int], None] | None = None, row_swap: bool = False) -> str:
    """Upload ``g`` into a staging graph, check its count, then swap it in with one update request.

    Returns how the swap ran: :data:`SWAP_ATOMIC`, or :data:`SWAP_ROWS` when the server refused it as one
    transaction (or ``row_swap`` asked for that mode straight away, see the module's docstring)."""
    staging = f"urn:kzjp-kg:staging:{g.name}:{g.digest[7:23]}"
    store.update(f"DROP SILENT GRAPH <{staging}>")
    if g.triples == 0:
        store.update(f"DROP SILENT GRAPH <{g.iri}> ;\n{_record(g)}")
        return SWAP_ATOMIC
    store.add_triples(g.read(), staging, chunk=g.triples if g.has_bnodes else chunk, progress=progress)
    got = store.count(staging)
    if got != g.triples:
        store.update(f"DROP SILENT GRAPH <{staging}>")
        raise StorageError(f"{store.update_url}: uploaded {g.triples} triples of <{g.iri}> but the server holds "
                           f"{got} in the staging graph; the live graph was not touched. Check the server's log "
                           "(a body size or transaction limit?) and run publish again.")
    move = f"MOVE GRAPH <{staging}> TO <{g.iri}>"
    if not row_swap:
        try:
            store.update(f"{move} ;\n{_record(g)}")
            return SWAP_ATOMIC
        except TransactionTooLarge:
            pass  # rolled back whole: the live graph and its record are as they were; staging is still full
    # The pragma on a request of one operation only: Virtuoso 7.2 keeps the row-by-row mode of a request of
    # several operations in its HTTP session, and later requests on that thread then commit row by row too
    # (measured; tests/scale/test_large_swap.py checks it does not happen).
    store.update(VIRTUOSO_ROW_COMMIT + move)
    store.update(_record(g))
    live = store.count(g.iri)
    if live != g.triples:
        raise StorageError(f"{store.update_url}: the row-by-row swap of <{g.iri}> left {live} of {g.triples} "
                           "triples in the live graph. Run publish again: it sees the difference and redoes it.")
    return SWAP_ROWS


def publish(source: Path, store: RemoteStore, *, force: bool = False, chunk: int = DEFAULT_CHUNK,
            quiet: bool = False, row_swap_from: int | None = None) -> list[Outcome]:
    """Publish every graph found at ``source`` into ``store``; skip unchanged ones unless ``force``.

    ``row_swap_from``: graphs of at least this many triples skip the one-transaction attempt and swap row by row
    at once (on Virtuoso with its default limit the attempt fails from about half a million triples, after doing
    and undoing the whole ``MOVE``)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(file=sys.stderr, quiet=quiet)
    graphs = local_graphs(source)
    state = remote_state(store)
    outcomes: list[Outcome] = []
    too_large = row_swap_from  # the smallest graph the server refused (or we expect it to refuse) in one transaction
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True) as bar:
        for g in graphs:
            t = time.perf_counter()
            remote = state.get(g.iri)
            live = store.count(g.iri)
            if not force and remote == (g.digest, g.triples) and live == g.triples:
                outcomes.append(Outcome(g.iri, g.triples, "unchanged", time.perf_counter() - t))
                continue
            task = bar.add_task(f"{g.name}", total=max(g.triples, 1))
            swap = publish_graph(store, g, chunk=chunk, progress=functools.partial(bar.advance, task),
                                 row_swap=too_large is not None and g.triples >= too_large)
            if swap == SWAP_ROWS:
                too_large = min(too_large or g.triples, g.triples)
            bar.remove_task(task)
            status = "replaced" if live else "created"
            outcomes.append(Outcome(g.iri, g.triples, status, time.perf_counter() - t, swap))
    return outcomes


def print_summary(outcomes: list[Outcome], store: RemoteStore) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Published to {store.update_url}")
    columns: tuple[tuple[str, JustifyMethod], ...] = (("graph", "left"), ("triples", "right"), ("status", "left"),
                                                      ("swap", "left"), ("seconds", "right"))
    for col, just in columns:
        table.add_column(col, justify=just)
    for o in outcomes:
        table.add_row(o.graph, f"{o.triples:,}", o.status, o.swap, f"{o.seconds:.2f}")
    console = Console(file=sys.stdout)
    console.print(table)
    changed = sum(o.status != "unchanged" for o in outcomes)
    console.print(f"{changed} graph(s) written, {len(outcomes) - changed} unchanged.")
    if any(o.swap == SWAP_ROWS for o in outcomes):
        console.print("Swapped row by row: the server refused one transaction that large (Virtuoso's "
                      "TransactionAfterImageLimit); readers during the swap could see those graphs part-way.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--to", required=True, metavar="URL",
                        help="SPARQL Update endpoint (Virtuoso: http://HOST:8890/sparql-auth)")
    parser.add_argument("--query", metavar="URL", default=None, help="SPARQL query endpoint (default: --to)")
    parser.add_argument("--gsp", metavar="URL", default=None,
                        help="Graph Store Protocol endpoint for bulk upload (Virtuoso: /sparql-graph-crud-auth); "
                             "without it, INSERT DATA in chunks")
    parser.add_argument("--auth", metavar="USER:PASS", default=None,
                        help="HTTP Basic/Digest credentials (or USER with the password in KZJP_REMOTE_PASSWORD); "
                             "never printed")
    parser.add_argument("--from", dest="source", type=Path, default=None,
                        help="build/dumps folder (default) or a .trig/.nq dataset")
    parser.add_argument("--chunk", type=int, default=DEFAULT_CHUNK, help="triples per upload request")
    parser.add_argument("--force", action="store_true", help="re-upload graphs even if unchanged")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per HTTP request")
    parser.add_argument("--row-swap-from", type=int, default=None, metavar="TRIPLES",
                        help="swap graphs of at least this many triples row by row without first trying one "
                             "transaction (Virtuoso's default log limit refuses about 500k and more)")


def run(args: argparse.Namespace) -> int:
    store = RemoteStore(args.query or args.to, update_url=args.to, gsp_url=args.gsp, auth=args.auth,
                        timeout=args.timeout)
    source = args.source or (config.BUILD_DIR / "dumps")
    outcomes = publish(source, store, force=args.force, chunk=args.chunk, row_swap_from=args.row_swap_from)
    print_summary(outcomes, store)
    return 0
