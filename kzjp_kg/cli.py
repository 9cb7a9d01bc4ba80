"""The ``kzjp-kg`` command: one subcommand per pipeline step.

Why a registry of module names: each step lives in its own module with ``add_arguments(parser)`` and
``run(args) -> int``. ``kzjp-kg --help`` lists the steps from this registry alone and imports none of them (a test
holds it to that; ``benchmarks/bench_cli.py`` measures it); a step's module is imported only when that step runs
or shows its own ``--help``, so a broken optional step (say, the web layer) fails only when it is used.
Tracebacks only with ``--debug``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType

from kzjp_kg.errors import EXIT_INTERNAL, KzjpError

#: subcommand -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "segment": ("kzjp_kg.sources.cli", "split every text source into sentences: graph/source/<name>.sentences.ttl"),
    "statements": ("kzjp_kg.statements.cli", "check every statement's references and rank, or propose rows"),
    "sources": ("kzjp_kg.statements.agreement", "report which sources confirm, contradict or omit each article fact"),
    "build": ("kzjp_kg.build", "load, reason, validate and write the graph into build/ (staged, then swapped in)"),
    "validate": ("kzjp_kg.validate.cli", "check the graph against its SHACL shapes and QC queries"),
    "reason": ("kzjp_kg.reason.cli", "compute the OWL 2 RL closure and rules into the inferred graph"),
    "why": ("kzjp_kg.reason.why", "explain an inferred triple: the rule and its premises with sentences"),
    "synth": ("kzjp_kg.synth", "generate deterministic synthetic data of any size for benchmarks"),
    "serve": ("kzjp_kg.web.cli", "build if needed and serve SPARQL, pages and UI on 127.0.0.1"),
    "link": ("kzjp_kg.link.cli", "link entities to Wikidata, cross-check claims, export QuickStatements"),
    "publish": ("kzjp_kg.publish", "load the built named graphs into a remote SPARQL 1.1 store"),
}


EXIT_CODES = """exit codes:
  0  ok
  1  the data does not conform to its shapes (the last good build is kept)
  2  bad input: a usage error, a file that does not parse, an undeclared term, a bad query
  3  internal error (run again with --debug for the traceback)"""


def _parser() -> argparse.ArgumentParser:
    """The top-level parser: the steps by name and help text only; what follows the step's name is left for it."""
    parser = argparse.ArgumentParser(prog="kzjp-kg", description=__doc__.splitlines()[0], epilog=EXIT_CODES,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (_module, help_text) in COMMANDS.items():
        sub.add_parser(name, help=help_text, add_help=False)  # its options (and -h) are parsed by the step's parser
    return parser


def _step_parser(name: str, module: ModuleType) -> argparse.ArgumentParser:
    """The step's own parser, filled by its module (imported by then)."""
    help_text = COMMANDS[name][1]
    parser = argparse.ArgumentParser(prog=f"kzjp-kg {name}", description=help_text, epilog=EXIT_CODES,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    module.add_arguments(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    top, rest = _parser().parse_known_args(argv)
    try:
        module = importlib.import_module(COMMANDS[top.command][0])
    except ModuleNotFoundError as exc:  # a step not installed yet: still listed, fails when used
        print(f"kzjp-kg {top.command}: not available ({exc}).", file=sys.stderr)
        return EXIT_INTERNAL
    args = _step_parser(top.command, module).parse_args(rest)  # a usage error exits 2 (argparse)
    args.command, args.debug = top.command, top.debug
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
