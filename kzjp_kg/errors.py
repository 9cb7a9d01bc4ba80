"""One base error, with subclasses that are also the fitting built-in exception.

Why: callers can catch ``KzjpError`` for anything of ours, or the built-in (``SyntaxError``, ``ValueError``,
``OSError``) as they would for pyoxigraph. Messages are shaped ``file:line:col: what is wrong. What to do.``
The CLI maps them to documented exit codes: 0 ok, 1 data does not conform, 2 bad input, 3 internal error.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_NONCONFORMING = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3


class KzjpError(Exception):
    """Base of every error this project raises on purpose."""

    exit_code = EXIT_INTERNAL


class InputError(KzjpError, ValueError):
    """The user's input (a data file, a query, an option) is wrong; exit code 2."""

    exit_code = EXIT_BAD_INPUT


class RdfSyntaxError(InputError, SyntaxError):
    """An RDF file does not parse. Carries ``filename``, ``lineno`` and ``offset`` (column) when known."""

    def __init__(self, message: str, filename: str | None = None, lineno: int | None = None,
                 column: int | None = None) -> None:
        where = ":".join(str(p) for p in (filename, lineno, column) if p is not None)
        full = f"{where}: {message}" if where else message
        InputError.__init__(self, full)
        self.msg = full
        self.filename = filename
        self.lineno = lineno
        self.offset = column

    def __str__(self) -> str:  # SyntaxError's own __str__ would repeat "(file, line N)"
        return self.msg


class UndeclaredTermError(InputError):
    """A term of our namespaces is used but not declared by the ontology."""


class NonConformingError(KzjpError):
    """The graph does not conform to its shapes; exit code 1. The last good build is kept."""

    exit_code = EXIT_NONCONFORMING


class StorageError(KzjpError, OSError):
    """The store or an output file cannot be read or written."""

    exit_code = EXIT_INTERNAL
