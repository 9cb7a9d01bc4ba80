"""``kzjp-kg validate``: check the reasoned graph against the shapes and QC queries; report for people and machines.

Exit codes (also in ``kzjp-kg validate --help``): 0 conforms (warnings about the source allowed), 1 violations,
2 bad input (unreadable data, a usage error such as --store-dir without --engine store), 3 internal error.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from kzjp_kg import config
from kzjp_kg.errors import InputError
from kzjp_kg.terms import open_rdf

if TYPE_CHECKING:
    from kzjp_kg.validate import ValidationResult
    from kzjp_kg.validate.fast.views import StoreView


#: Above this many bytes of --data files, ``--engine auto`` takes the store route: parsing into rdflib dominates
#: there (100k synthetic, 36 MB of N-Triples: whole process 11.6 s by the store route against 48 s through an
#: rdflib graph, and 20 s for Apache Jena; benchmarks/bench_validate.py). Below it the rdflib route keeps
#: pySHACL as its fallback and names terms exactly as the files wrote them.
STORE_ROUTE_BYTES = 16 * 2**20


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, nargs="*", default=None,
                        help="validate these Turtle or N-Triples files (already reasoned: asserted, as-built and "
                             "inferred triples) instead of the project")
    parser.add_argument("--reports", type=Path, default=None, help="report folder (default: build/reports)")
    parser.add_argument("--quiet", action="store_true", help="print only the summary line")
    parser.add_argument("--engine", choices=("auto", "fast", "pyshacl", "store"), default="auto",
                        help="auto (default): the fast path when the shapes compile for it, else pySHACL; for "
                             f"--data files of more than {STORE_ROUTE_BYTES // 2**20} MiB together, the store "
                             "route; pyshacl: the reference; store: the fast path over a pyoxigraph store the --data "
                             "files are bulk-loaded into, never an rdflib graph (for graphs of millions of triples)")
    parser.add_argument("--store-dir", type=Path, default=None,
                        help="with --engine store: build the store on disk in this new folder (default: in memory)")


def run(args: argparse.Namespace) -> int:
    from kzjp_kg.validate import validate

    if args.engine == "store" or (args.engine == "auto" and args.data and args.store_dir is None
                                  and sum(p.stat().st_size for p in args.data if p.is_file()) > STORE_ROUTE_BYTES):
        return _run_store(args)
    if args.store_dir is not None:
        raise InputError("--store-dir is for --engine store; add it, or drop --store-dir")  # usage: exit 2, not 1
    if args.data:
        data = Graph()
        for path in args.data:
            open_rdf(path, data)  # exit 2 with file:line:col on unreadable input
    else:
        from kzjp_kg.reason import closure
        from kzjp_kg.statements.asbuilt import as_built

        asserted = as_built().asserted()
        data = asserted + closure(asserted).inferred
    result = validate(data, engine=args.engine)
    engine = "pySHACL (reference)" if result.engine == "pyshacl" else "fast path (same report as pySHACL)"
    return _report(args, result, data,
                   f"validated with the {engine}" + (f"; fast path not used: {result.fallback}" if result.fallback
                                                     else ""))


def _report(args: argparse.Namespace, result: ValidationResult, data: Graph | StoreView, how: str) -> int:
    """Print the report for people (or its summary line) and how it was made, write the report files; the exit
    code. ``data``: what labels and sentences are read from (an rdflib graph, or the store route's StoreView)."""
    from kzjp_kg.validate import render_text, write_reports

    text = render_text(result, data)
    print(text.splitlines()[0] if args.quiet else text)
    print(how)
    paths = write_reports(result, data, args.reports or (config.BUILD_DIR / "reports"))
    print(f"reports: {', '.join(str(p) for p in paths)}")
    return 0 if result.conforms else 1


def _run_store(args: argparse.Namespace) -> int:
    """The store route: the files straight into pyoxigraph (memory grows with the store, not with rdflib's graph).

    Why a route of its own: at 10M triples an rdflib graph of the data does not fit in 24 GB; the reports for
    people read labels and sentences from the store itself.
    """
    import sys

    from kzjp_kg.validate import fast, validate_store

    if not args.data:
        raise InputError("--engine store validates files; give them with --data FILE …")  # usage: exit 2, not 1
    for path in args.data:
        if not path.is_file():
            print(f"{path}: cannot read (no such file). Check the path.", file=sys.stderr)
            return 2
    if args.store_dir is not None and args.store_dir.exists() and any(args.store_dir.iterdir()):
        print(f"{args.store_dir}: not empty; --store-dir must name a new or empty folder (nothing was written)",
              file=sys.stderr)
        return 2
    try:
        view = fast.StoreView.load(args.data, args.store_dir)
    except ValueError as e:  # "file: line/column and what is wrong" from the parser
        print(str(e), file=sys.stderr)
        return 2
    return _report(args, validate_store(view), view,
                   "validated with the fast path over a pyoxigraph store (see StoreView for where terms read back "
                   "differ)")
