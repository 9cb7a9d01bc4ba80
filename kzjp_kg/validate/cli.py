"""``kzjp-kg validate``: check the reasoned graph against the shapes and QC queries; report for people and machines.

Exit codes: 0 conforms (warnings about the source allowed), 1 violations, 2 unreadable input.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rdflib import Graph

from kzjp_kg import config
from kzjp_kg.load import check_syntax


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, nargs="*", default=None,
                        help="validate these Turtle files (already reasoned) instead of the project")
    parser.add_argument("--reports", type=Path, default=None, help="report folder (default: build/reports)")
    parser.add_argument("--quiet", action="store_true", help="print only the summary line")
    parser.add_argument("--engine", choices=("auto", "fast", "pyshacl"), default="auto",
                        help="auto (default): the fast path when the shapes compile for it, else pySHACL; "
                             "pyshacl: the reference")


def run(args: argparse.Namespace) -> int:
    from kzjp_kg.validate import render_text, validate, write_reports

    if args.data:
        data = Graph()
        for path in args.data:
            check_syntax(path)  # exit 2 with file:line:col on unreadable input
            data.parse(path, format="turtle")
    else:
        from kzjp_kg.load import asserted_graph, load_dataset
        from kzjp_kg.reason import closure
        from kzjp_kg.sources.translit import latin_labels

        asserted = asserted_graph(load_dataset())
        asserted += latin_labels(asserted)
        data = asserted + closure(asserted).inferred
    result = validate(data, engine=args.engine)
    text = render_text(result, data)
    print(text.splitlines()[0] if args.quiet else text)
    engine = "pySHACL (reference)" if result.engine == "pyshacl" else "fast path (same report as pySHACL)"
    print(f"validated with the {engine}" + (f"; fast path not used: {result.fallback}" if result.fallback else ""))
    out = args.reports or (config.BUILD_DIR / "reports")
    paths = write_reports(result, data, out)
    print(f"reports: {', '.join(str(p) for p in paths)}")
    return 0 if result.conforms else 1
