"""A real SPARQL 1.1 endpoint on 127.0.0.1 for the linker's tests: pyoxigraph behind http.server.

Why not a mock: the linker must hold a real HTTP SPARQL conversation (form-encoded POST, content negotiation,
JSON results, errors and retries) with a store that evaluates its queries — here Wikidata's query service stands in
for itself through a store loaded with the Wikidata-shaped snapshot. ``fail_next`` makes the next answers HTTP
errors, to test backoff; ``requests`` records what the client sent (User-Agent, pacing).
"""

from __future__ import annotations

import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox


class SparqlServer:
    def __init__(self, *files: Path, extra_turtle: str = "") -> None:
        self.store = ox.Store()
        for f in files:
            self.store.load(path=str(f), format=ox.RdfFormat.TURTLE)
        if extra_turtle:
            self.store.load(extra_turtle.encode(), format=ox.RdfFormat.TURTLE)
        self.fail_next: list[tuple[int, dict[str, str]]] = []
        self.requests: list[dict[str, object]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # quiet
                pass

            def _answer(self, query: str) -> None:
                server.requests.append({"t": time.monotonic(), "ua": self.headers.get("User-Agent", ""),
                                        "accept": self.headers.get("Accept", ""), "query": query})
                if server.fail_next:
                    code, headers = server.fail_next.pop(0)
                    self.send_response(code)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(b"try again later")
                    return
                try:
                    res = server.store.query(query)
                except SyntaxError as exc:
                    self.send_response(400)
                    self.end_headers()
                    self.wfile.write(str(exc).encode())
                    return
                if isinstance(res, ox.QuerySolutions | ox.QueryBoolean):
                    body = res.serialize(format=ox.QueryResultsFormat.JSON)
                    ctype = "application/sparql-results+json"
                else:
                    body = ox.serialize(res, format=ox.RdfFormat.N_TRIPLES)
                    ctype = "application/n-triples"
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                qs = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
                self._answer(qs.get("query", [""])[0])

            def do_POST(self) -> None:
                data = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                if self.headers.get("Content-Type", "").startswith("application/sparql-query"):
                    self._answer(data)
                else:
                    self._answer(urllib.parse.parse_qs(data).get("query", [""])[0])

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/sparql"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> SparqlServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)
