"""A polite SPARQL client for Wikidata's query service (or any SPARQL 1.1 endpoint): the linker's only way out.

Why these manners: Wikidata's query service asks clients to send a descriptive User-Agent, to keep to one request
at a time and to back off on HTTP 429/503 (honouring ``Retry-After``); otherwise it blocks them. Answers are cached
on disk (one JSON file per endpoint and query), so re-running the linker or the cross-check asks nothing twice.
Only the standard library is used: the same code runs against Wikidata and against the loopback test endpoint.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from kzjp_kg import config
from kzjp_kg.errors import KzjpError

#: Wikidata's query service: the default endpoint (not reachable from the project's machines).
WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"
USER_AGENT = ("kzjp-kg/0.1 (Kazakhstan-Japan relations knowledge graph; https://w3id.org/kzjp-kg/) "
              "Python-urllib")
DEFAULT_CACHE = config.BUILD_DIR / "cache" / "sparql"


class EndpointError(KzjpError):
    """The SPARQL endpoint could not be reached or refused the query; exit code 2 (nothing was written)."""

    exit_code = 2


@dataclass
class SparqlClient:
    """GET/POST SPARQL queries with a User-Agent, a minimum interval between requests, retries and a cache."""

    endpoint: str = WIKIDATA_SPARQL
    user_agent: str = USER_AGENT
    min_interval: float = 1.0  # seconds between two requests (Wikidata: at most one at a time)
    retries: int = 3
    backoff: float = 1.0  # first wait; doubled after each failed try
    timeout: float = 60.0
    cache_dir: Path | None = DEFAULT_CACHE
    requests_sent: int = 0
    cache_hits: int = 0
    _last: float = field(default=0.0, repr=False)

    def _cache_path(self, query: str, accept: str) -> Path | None:
        if self.cache_dir is None:
            return None
        key = hashlib.sha256(f"{self.endpoint}\n{accept}\n{query}".encode()).hexdigest()
        return self.cache_dir / f"{key}.json"

    def _wait_turn(self) -> None:
        delay = self._last + self.min_interval - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        self._last = time.monotonic()

    def _opener(self) -> urllib.request.OpenerDirector:
        """No proxy for loopback endpoints (tests), the environment's proxy settings otherwise."""
        host = urllib.parse.urlparse(self.endpoint).hostname or ""
        if urllib.parse.urlparse(self.endpoint).scheme not in ("http", "https"):
            raise EndpointError(f"{self.endpoint}: not an http(s) URL. Give --endpoint http(s)://host/sparql.")
        proxies: dict[str, str] | None = {} if host in ("127.0.0.1", "localhost", "::1") else None
        return urllib.request.build_opener(urllib.request.ProxyHandler(proxies))

    def request(self, query: str, accept: str = "application/sparql-results+json") -> bytes:
        """The raw answer body (cached). Raises :class:`EndpointError` with what failed and what to do."""
        cached = self._cache_path(query, accept)
        if cached is not None and cached.exists():
            self.cache_hits += 1
            return bytes.fromhex(json.loads(cached.read_text(encoding="utf-8"))["body"])
        body = urllib.parse.urlencode({"query": query}).encode()
        last_error = ""
        wait = self.backoff
        for attempt in range(self.retries + 1):
            self._wait_turn()
            req = urllib.request.Request(self.endpoint, data=body, method="POST", headers={
                "User-Agent": self.user_agent, "Accept": accept,
                "Content-Type": "application/x-www-form-urlencoded"})
            self.requests_sent += 1
            try:
                with self._opener().open(req, timeout=self.timeout) as resp:
                    data = resp.read()
                break
            except urllib.error.HTTPError as exc:
                detail = exc.read()[:300].decode("utf-8", "replace")
                last_error = f"HTTP {exc.code} {exc.reason}: {detail}".strip()
                if exc.code not in (429, 500, 502, 503, 504) or attempt == self.retries:
                    raise EndpointError(f"{self.endpoint}: the query was refused ({last_error}). "
                                        "Check the query or the endpoint URL (--endpoint).") from None
                retry_after = exc.headers.get("Retry-After", "")
                pause = float(retry_after) if retry_after.isdigit() else wait
                time.sleep(min(pause, 60.0))
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                last_error = f"{type(exc).__name__}: {reason}"
                if attempt == self.retries:
                    raise EndpointError(
                        f"{self.endpoint}: cannot reach the SPARQL endpoint after {self.retries + 1} tries "
                        f"({last_error}). Nothing was written. If this machine has no access to Wikidata, run "
                        "against another endpoint with --endpoint URL (e.g. a local copy loaded with "
                        "graph/wikidata/snapshot.ttl) or use the offline snapshot.") from None
                time.sleep(wait)
            wait *= 2
        else:  # pragma: no cover - the loop always breaks or raises
            raise EndpointError(f"{self.endpoint}: {last_error}")
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_suffix(f".tmp-{os.getpid()}")
            tmp.write_text(json.dumps({"endpoint": self.endpoint, "query": query, "body": data.hex()}),
                           encoding="utf-8")
            os.replace(tmp, cached)
        return data

    def select(self, query: str) -> list[dict[str, dict[str, str]]]:
        """Rows of a SELECT as SPARQL JSON bindings (``{"var": {"type": "uri", "value": ...}}``)."""
        data = self.request(query)
        try:
            return json.loads(data)["results"]["bindings"]
        except (ValueError, KeyError) as exc:
            raise EndpointError(f"{self.endpoint}: the answer is not SPARQL JSON results ({exc}); "
                                f"first bytes: {data[:120]!r}. Is --endpoint a SPARQL endpoint?") from None
