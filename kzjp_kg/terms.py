"""RDF terms and files: the one home for crossing between rdflib and pyoxigraph, for short names and for opening
an RDF file.

Why one module: reasoning and SHACL work on rdflib graphs, while dumps and stores use pyoxigraph (faster
serialisation and queries); the dump step, the embedded store and the remote store all cross that bridge, and
must agree on how language tags, datatypes and blank nodes carry over. Likewise every step that reads a file must
agree on which extension means which syntax (an unknown one is an error, never a guess) and report a syntax error
as ``file:line:col`` with what to do; and every report must write an IRI as the same ``prefix:local``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from kzjp_kg import config
from kzjp_kg.errors import InputError, RdfSyntaxError


def to_ox(term: object) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term (IRIs, blank nodes, plain, language-tagged and typed literals)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unexpected RDF term {term!r}")


def from_ox(term: ox.NamedNode | ox.BlankNode | ox.Literal, lang_case: Callable[[str], str] = str) \
        -> URIRef | BNode | Literal:
    """A pyoxigraph term as an rdflib term; ``lang_case`` restores the case of language tags (oxigraph lower-cases
    them: :func:`bcp47_case` gives the project's case) and a plain ``xsd:string`` literal comes back plain."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=lang_case(term.language))
    if term.datatype.value == _XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@lru_cache(maxsize=4096)
def bcp47_case(tag: str) -> str:
    """A language tag in BCP 47's conventional case (RFC 5646 §2.1.1): language lower, script Title, region UPPER,
    everything from a singleton (``-x-``, ``-u-``…) on lower. ``kk-latn`` → ``kk-Latn``, ``en-gb`` → ``en-GB``.

    Why: oxigraph lower-cases tags when it stores them (tags are case-insensitive), but reports name the value as
    the data wrote it, and the project writes tags in this case.
    """
    parts = tag.split("-")
    out = [parts[0].lower()]
    extension = False
    for sub in parts[1:]:
        extension = extension or len(sub) == 1
        if not extension and len(sub) == 4 and sub.isalpha():
            out.append(sub.title())
        elif not extension and len(sub) == 2 and sub.isalpha():
            out.append(sub.upper())
        else:
            out.append(sub.lower())
    return "-".join(out)


# --- short names --------------------------------------------------------------------------------------------------


def short(iri: object, prefixes: Mapping[str, str] | None = None, *, bracket: bool = False) -> str:
    """``iri`` as ``prefix:local`` under the longest matching namespace of ``prefixes`` (default: the project's
    :data:`config.PREFIXES`; a served app passes its own, rebased ones). Anything else as its plain string value,
    or as ``<iri>`` with ``bracket`` (for messages where a bare IRI would blur into the text).

    Why the longest match: two namespaces may nest (a base and a path under it), and the closer one reads better.
    The namespace itself (an empty local name) stays whole: ``kzr:`` alone says nothing.
    """
    text = iri.value if isinstance(iri, ox.NamedNode | ox.Literal | ox.BlankNode) else str(iri)
    best = ("", "")
    for prefix, ns in (config.PREFIXES if prefixes is None else prefixes).items():
        if text.startswith(ns) and len(text) > len(ns) > len(best[1]):
            best = (prefix, ns)
    if best[1]:
        return f"{best[0]}:{text[len(best[1]):]}"
    return f"<{text}>" if bracket and not isinstance(iri, Literal | BNode | ox.Literal | ox.BlankNode) else text


# --- opening RDF files --------------------------------------------------------------------------------------------

#: File extension → (pyoxigraph format, rdflib parser name). The one table every reader uses.
_FORMATS: dict[str, tuple[ox.RdfFormat, str]] = {
    ".ttl": (ox.RdfFormat.TURTLE, "turtle"),
    ".nt": (ox.RdfFormat.N_TRIPLES, "nt"),
    ".nq": (ox.RdfFormat.N_QUADS, "nquads"),
    ".trig": (ox.RdfFormat.TRIG, "trig"),
    ".n3": (ox.RdfFormat.N3, "n3"),
    ".rdf": (ox.RdfFormat.RDF_XML, "xml"),
    ".owl": (ox.RdfFormat.RDF_XML, "xml"),
    ".jsonld": (ox.RdfFormat.JSON_LD, "json-ld"),
}


def rdf_format(path: str | Path) -> ox.RdfFormat:
    """The RDF syntax of ``path`` by its extension; :class:`InputError` (exit 2) for an extension we do not read.

    Why no fallback: guessing Turtle for ``.txt`` or ``.json`` turns a wrong path into a confusing syntax error
    (or, worse, into an empty graph)."""
    ext = Path(path).suffix.lower()
    if ext not in _FORMATS:
        raise InputError(f"{display(Path(path))}: unknown RDF file extension {ext or '(none)'!r}. "
                         f"Rename it to one of {', '.join(_FORMATS)}.")
    return _FORMATS[ext][0]


def display(path: Path) -> str:
    """``path`` relative to the repository when it is inside it (shorter messages that still click in an editor)."""
    try:
        return str(path.resolve().relative_to(config.ROOT))
    except ValueError:
        return str(path)


def _syntax_error(path: Path, fmt: ox.RdfFormat, exc: SyntaxError) -> RdfSyntaxError:
    detail = re.sub(r"^Parser error (?:at|between) [^:]*: ", "", exc.msg or "")
    return RdfSyntaxError(
        f"{fmt.name} syntax error: {detail or exc.msg}. Fix the statement at this position "
        "(each statement ends with '.', prefixes must be declared, strings closed); nothing was written.",
        filename=display(path), lineno=exc.lineno, column=exc.offset)


def ox_parse(path: str | Path) -> Iterator[ox.Triple | ox.Quad]:
    """The triples (or quads) of an RDF file, parsed by pyoxigraph; errors as :class:`RdfSyntaxError` with
    ``file:line:col`` (pyoxigraph reports 1-based line and column precisely, rdflib only a line)."""
    path = Path(path)
    fmt = rdf_format(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{display(path)}: cannot read ({exc.strerror}). Check the path and permissions.") from exc
    try:
        yield from ox.parse(data, format=fmt, base_iri=path.resolve().as_uri())
    except SyntaxError as exc:
        raise _syntax_error(path, fmt, exc) from None
    except ValueError as exc:  # e.g. invalid UTF-8
        raise RdfSyntaxError(f"cannot decode the file: {exc}. Save it as UTF-8.", filename=display(path)) from None


def check_rdf(path: str | Path) -> None:
    """Raise :class:`RdfSyntaxError` (``file:line:col``) if ``path`` does not parse in the syntax of its extension."""
    for _ in ox_parse(path):
        pass


def open_rdf(path: str | Path, graph: Graph | None = None) -> Graph:
    """Parse an RDF file (syntax from its extension) into ``graph`` (a new one by default) and return it.

    The file is checked by pyoxigraph first, so a syntax error names ``file:line:col`` and what to do; it is then
    parsed by rdflib, which reasoning and SHACL use (and which keeps the file's prefixes for serialising)."""
    path = Path(path)
    check_rdf(path)
    target = Graph() if graph is None else graph
    target.parse(path, format=_FORMATS[path.suffix.lower()][1])
    return target
