"""HTTP Basic and Digest authentication for the remote store, answering the server's first challenge.

Why our own (RFC 7617 / RFC 7616, MD5, qop=auth) rather than a client library: the standard library's
``http.client`` is all the remote store needs, and sending nothing large before the challenge — and never the
password in clear over Digest — is ours to control.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import threading
from dataclasses import dataclass, field

from kzjp_kg.errors import InputError


def parse_auth(auth: str | None) -> tuple[str, str] | None:
    """``user:password`` (or ``user`` with the password in ``KZJP_REMOTE_PASSWORD``) -> (user, password)."""
    if not auth:
        return None
    user, sep, password = auth.partition(":")
    if not sep:
        password = os.environ.get("KZJP_REMOTE_PASSWORD", "")
        if not password:
            raise InputError(f"--auth {user!r} has no password: give user:password or set KZJP_REMOTE_PASSWORD.")
    return user, password


@dataclass
class _Auth:
    """HTTP Basic or Digest (RFC 7617 / RFC 7616, MD5, qop=auth) answering the server's first challenge."""

    user: str
    password: str
    scheme: str | None = None
    params: dict[str, str] = field(default_factory=dict)
    _nc: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def learn(self, challenge: str) -> bool:
        """Remember a ``WWW-Authenticate`` challenge; False if its scheme is one we cannot answer."""
        scheme, _, rest = challenge.partition(" ")
        scheme = scheme.lower()
        if scheme not in ("basic", "digest"):
            return False
        self.scheme = scheme
        self.params = {k.lower(): v.strip('"') for k, v in re.findall(r'(\w+)=("[^"]*"|[^,\s]+)', rest)}
        self._nc = 0
        return True

    def header(self, method: str, uri: str) -> str | None:
        if self.scheme == "basic":
            token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
            return f"Basic {token}"
        if self.scheme != "digest":
            return None
        p = self.params
        with self._lock:
            self._nc += 1
            nc = f"{self._nc:08x}"
        cnonce = os.urandom(8).hex()

        def md5(s: str) -> str:
            return hashlib.md5(s.encode(), usedforsecurity=False).hexdigest()

        ha1 = md5(f"{self.user}:{p.get('realm', '')}:{self.password}")
        ha2 = md5(f"{method}:{uri}")
        qop = "auth" if "auth" in p.get("qop", "").split(",") else None
        nonce = p["nonce"]
        response = md5(f"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}" if qop else f"{ha1}:{nonce}:{ha2}")
        parts = [f'username="{self.user}"', f'realm="{p.get("realm", "")}"', f'nonce="{p["nonce"]}"',
                 f'uri="{uri}"', f'response="{response}"', "algorithm=MD5"]
        if "opaque" in p:
            parts.append(f'opaque="{p["opaque"]}"')
        if qop:
            parts += [f"qop={qop}", f"nc={nc}", f'cnonce="{cnonce}"']
        return "Digest " + ", ".join(parts)
