"""The ``kzjp-kg`` command: one subcommand per pipeline step.

Why a registry of module names: each step lives in its own module with ``add_arguments(parser)`` and
``run(args) -> int``; importing lazily keeps ``kzjp-kg --help`` fast and lets a broken optional step (say, the
web layer) fail only when it is used. Exit codes: 0 ok, 1 data does not conform, 2 bad input, 3 internal error.
Tracebacks only with ``--debug``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from kzjp_kg.errors import EXIT_INTERNAL, KzjpError

#: subcommand -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "segment": ("kzjp_kg.sources.cli", "split every text source into sentences: graph/source/<name>.sentences.ttl"),
    "statements": ("kzjp_kg.statements.cli", "check every statement's references and rank, or propose rows"),
    "sources": ("kzjp_kg.statements.agreement", "report which sources confirm, contradict or omit each article fact"),
    "build": ("kzjp_kg.build", "load, reason, validate and publish the graph into build/"),
    "validate": ("kzjp_kg.validate.cli", "check the graph against its SHACL shapes and QC queries"),
    "reason": ("kzjp_kg.reason.cli", "compute the OWL 2 RL closure and rules into the inferred graph"),
    "why": ("kzjp_kg.reason.why", "explain an inferred triple: the rule and its premises with sentences"),
    "synth": ("kzjp_kg.synth", "generate deterministic synthetic data of any size for benchmarks"),
    "serve": ("kzjp_kg.web.cli", "build if needed and serve SPARQL, pages and UI on 127.0.0.1"),
    "link": ("kzjp_kg.link.cli", "link entities to Wikidata, cross-check claims, export QuickStatements"),
    "publish": ("kzjp_kg.publish", "load the built named graphs into a remote SPARQL 1.1 store"),
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kzjp-kg", description=__doc__.splitlines()[0])
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (module, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(_module=module)
        try:
            importlib.import_module(module).add_arguments(p)
        except ModuleNotFoundError as exc:  # a step not installed yet: still listed, fails when used
            p.set_defaults(_missing=str(exc))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if getattr(args, "_missing", None):
        print(f"kzjp-kg {args.command}: not available ({args._missing}).", file=sys.stderr)
        return EXIT_INTERNAL
    module = importlib.import_module(args._module)
    try:
        return int(module.run(args) or 0)
    except KzjpError as exc:
        if args.debug:
            raise
        print(f"kzjp-kg {args.command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if args.debug:
            raise
        print(f"kzjp-kg {args.command}: internal error: {type(exc).__name__}: {exc}\n"
              "Run again with --debug for the traceback and report it.", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
