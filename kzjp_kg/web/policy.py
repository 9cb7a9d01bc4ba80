"""What the endpoint refuses before any query runs: updates, SERVICE outside the allow-list, remote FROM.

Why here and not in the store: pyoxigraph *does* execute ``SERVICE <url>`` with its own HTTP client, so a check
after the fact would already have sent a request. The query text is scanned (a small SPARQL tokenizer that
knows IRIs, strings and comments, so ``"SERVICE"`` inside a literal or ``#`` inside an IRI cannot fool it) and
every SERVICE IRI is judged by :func:`is_allowed_url` with no network access at all (no DNS either: host names
are judged by name, addresses by their class).

>>> is_allowed_url("http://169.254.169.254/latest/meta-data/", ["http://169.254.169.254/latest/meta-data/"]).allowed
False
>>> is_allowed_url("https://query.wikidata.org/sparql", ["https://query.wikidata.org/sparql"]).allowed
True
>>> inspect_query('PREFIX x: <http://e/#> SELECT * { SERVICE x:s { ?a ?b "SERVICE <http://no>" } }').services
['http://e/#s']
"""

from __future__ import annotations

import ipaddress
import re
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass, field

#: Cloud metadata services: refused even if someone puts them on the allow-list.
METADATA_HOSTS = frozenset({"169.254.169.254", "fd00:ec2::254", "metadata.google.internal", "metadata",
                            "100.100.100.200", "metadata.azure.internal"})

UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})
QUERY_KEYWORDS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})


@dataclass(frozen=True)
class Decision:
    """Whether a URL may be contacted, and why (the reason is shown to the user)."""

    allowed: bool
    reason: str

    def __bool__(self) -> bool:
        return self.allowed


def _normalise(url: str) -> str:
    parts = urllib.parse.urlsplit(url.strip())
    return urllib.parse.urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def is_allowed_url(url: str, allow_list: Iterable[str], *, allow_loopback: Iterable[str] = ()) -> Decision:
    """Judge ``url`` without any network access.

    Refused: schemes other than http/https; cloud metadata addresses; private, link-local, multicast, reserved
    and unspecified addresses; loopback unless its ``host:port`` is in ``allow_loopback``; ``*.internal``,
    ``*.local`` and ``localhost`` names; and anything not on ``allow_list`` (exact endpoint URLs).
    """
    try:
        parts = urllib.parse.urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        return Decision(False, f"{url!r} is not a valid URL ({exc})")
    if parts.scheme.lower() not in ("http", "https"):
        return Decision(False, f"scheme {parts.scheme or '(none)'!r} is not http or https")
    host = (parts.hostname or "").lower().rstrip(".")
    if not host:
        return Decision(False, "the URL has no host")
    if host in METADATA_HOSTS:
        return Decision(False, f"{host} is a cloud metadata service")
    hostport = f"{host}:{port or (443 if parts.scheme.lower() == 'https' else 80)}"
    loopback_ok = hostport in set(allow_loopback)
    try:
        addr = ipaddress.ip_address(host)
    except ValueError:
        addr = None
    if addr is not None:
        if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped:
            addr = addr.ipv4_mapped
        if addr.is_loopback and not loopback_ok:
            return Decision(False, f"{host} is a loopback address")
        if addr.is_link_local:
            return Decision(False, f"{host} is a link-local address")
        if not addr.is_loopback and (addr.is_private or addr.is_reserved or addr.is_multicast
                                     or addr.is_unspecified or not addr.is_global):
            return Decision(False, f"{host} is a private or reserved address")
    elif (host == "localhost" or host.endswith((".localhost", ".local", ".internal", ".localdomain"))) and not (
            host == "localhost" and loopback_ok):
        return Decision(False, f"{host} names a local or internal host")
    if _normalise(url) not in {_normalise(u) for u in allow_list}:
        return Decision(False, f"{url} is not on the SERVICE allow-list")
    return Decision(True, "on the allow-list")


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

    def resolve(kind: str, tok: str) -> str | None:
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
