"""What a SPARQL request's text asks for, found without running it: its form, SERVICE and FROM IRIs, functions.

Why a tokenizer and not a regular expression over the text: it knows IRIs, strings and comments, so ``"SERVICE"``
inside a literal, ``#`` inside an IRI or a PREFIX on the same line as SELECT cannot fool it. One home for the
endpoint's policy (:mod:`kzjp_kg.web.policy`) and for the remote store, which picks its Accept header and its
parser by the query's form (:func:`query_form`).

>>> query_form("PREFIX ex: <http://e/#> SELECT * { ?s ex:p 'ASK' }")
'SELECT'
>>> inspect_query('PREFIX x: <http://e/#> SELECT * { SERVICE x:s { ?a ?b "SERVICE <http://no>" } }').services
['http://e/#s']
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass, field

from kzjp_kg.errors import InputError

UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})
QUERY_KEYWORDS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})

_TOKEN = re.compile(r"""
    (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<str>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<comment>\#[^\n]*)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<word>[A-Za-z_\u00c0-\uffff][\w\-.\u00b7\u00c0-\uffff]*(?::(?:[\w\-.%\\:\u00c0-\uffff])*)?
           |:[\w\-.%\\:\u00c0-\uffff]*)
  | (?P<other>\S)
""", re.VERBOSE)


_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


@dataclass
class Inspection:
    """What a request's text asks the server to do, found without running it."""

    form: str | None  # SELECT, ASK, CONSTRUCT, DESCRIBE, or an update keyword; None if not found
    services: list[str | None] = field(default_factory=list)  # None: SERVICE ?variable
    from_graphs: list[str] = field(default_factory=list)
    functions: set[str] = field(default_factory=set)  # names called as functions (upper case): NOW, RAND, COUNT …

    @property
    def is_update(self) -> bool:
        return self.form in UPDATE_KEYWORDS


def inspect_query(text: str, base: str = "") -> Inspection:
    """Scan ``text`` for its form, its SERVICE IRIs and its FROM / FROM NAMED IRIs (prefixes and BASE applied;
    ``base`` is the IRI relative IRIs resolve against before any BASE)."""
    tokens = [(m.lastgroup, m.group()) for m in _TOKEN.finditer(text) if m.lastgroup not in ("comment",)]
    prefixes: dict[str, str] = {}
    out = Inspection(form=None)

    def resolve(kind: str | None, tok: str) -> str | None:
        if kind == "iri":
            iri = tok[1:-1]
            if _ABSOLUTE.match(iri) or not base:
                return iri
            joined = urllib.parse.urljoin(base, iri)
            return joined + "#" if iri.endswith("#") and not joined.endswith("#") else joined
        if kind == "word" and ":" in tok:
            pfx, _, local = tok.partition(":")
            if pfx in prefixes:
                return prefixes[pfx] + local.replace("\\", "")
        return None

    i = 0
    while i < len(tokens):
        kind, tok = tokens[i]
        up = tok.upper() if kind == "word" else ""
        if up == "PREFIX" and i + 2 < len(tokens) and tokens[i + 2][0] == "iri":
            prefixes[tokens[i + 1][1].rstrip(":")] = resolve("iri", tokens[i + 2][1]) or ""
            i += 3
            continue
        if up == "BASE" and i + 1 < len(tokens) and tokens[i + 1][0] == "iri":
            base = resolve("iri", tokens[i + 1][1]) or ""
            i += 2
            continue
        if out.form is None and (up in QUERY_KEYWORDS or up in UPDATE_KEYWORDS):
            out.form = up
        if up and i + 1 < len(tokens) and tokens[i + 1][1] == "(":
            out.functions.add(up)
        if up == "SERVICE":
            j = i + 1
            if j < len(tokens) and tokens[j][1].upper() == "SILENT":
                j += 1
            out.services.append(resolve(*tokens[j]) if j < len(tokens) else None)
        elif up == "FROM":
            j = i + 1
            if j < len(tokens) and tokens[j][1].upper() == "NAMED":
                j += 1
            if j < len(tokens):
                iri = resolve(*tokens[j])
                out.from_graphs.append(iri if iri is not None else tokens[j][1])
        i += 1
    return out


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE (the first such keyword outside IRIs, strings and comments);
    :class:`InputError` for an update or a text with none."""
    form = inspect_query(sparql).form
    if form not in QUERY_KEYWORDS:
        raise InputError("the query is not a SELECT, ASK, CONSTRUCT or DESCRIBE query (SPARQL 1.1 Query §16). "
                         "Check its first keyword after the PREFIX lines.")
    return form
