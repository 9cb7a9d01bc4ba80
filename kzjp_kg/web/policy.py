"""What the endpoint refuses before any query runs: updates, SERVICE outside the allow-list, remote FROM.

Why here and not in the store: pyoxigraph *does* execute ``SERVICE <url>`` with its own HTTP client, so a check
after the fact would already have sent a request. The query text is scanned (a small SPARQL tokenizer that
knows IRIs, strings and comments, so ``"SERVICE"`` inside a literal or ``#`` inside an IRI cannot fool it;
:mod:`kzjp_kg.store.sparqltext`, shared with the remote store) and
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
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass

# The tokenizer lives with the stores, which need a query's form too; re-exported here as the policy's API.
from kzjp_kg.store.sparqltext import QUERY_KEYWORDS, UPDATE_KEYWORDS, Inspection, inspect_query

__all__ = ["METADATA_HOSTS", "QUERY_KEYWORDS", "UPDATE_KEYWORDS", "Decision", "Inspection", "inspect_query",
           "is_allowed_url"]

#: Cloud metadata services: refused even if someone puts them on the allow-list.
METADATA_HOSTS = frozenset({"169.254.169.254", "fd00:ec2::254", "metadata.google.internal", "metadata",
                            "100.100.100.200", "metadata.azure.internal"})


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


