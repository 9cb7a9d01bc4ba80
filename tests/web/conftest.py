"""Live servers for the web tests: ``kzjp-kg serve`` in a subprocess on 127.0.0.1, a port of its own choosing.

Why a subprocess and not Flask's test client: the limits (time limit killing a worker, body cap, concurrency)
live in waitress and in the worker processes; only a real server on a real socket shows they hold. The server
picks a free port itself (``--port 0``) and prints it, so there is no race for the port; readiness is a probe
with a deadline; the log goes to a file shown when a start fails.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
MINI = DATA / "kzjp-mini.trig"
READY_DEADLINE = 60.0


@dataclass
class LiveServer:
    url: str
    proc: subprocess.Popen
    log: Path

    def get(self, path: str, headers: dict[str, str] | None = None, timeout: float = 30):  # type: ignore[no-untyped-def]
        req = urllib.request.Request(self.url + path, headers=headers or {})
        return _open(req, timeout)

    def post(self, path: str, body: bytes, headers: dict[str, str] | None = None, timeout: float = 30):  # type: ignore[no-untyped-def]
        req = urllib.request.Request(self.url + path, data=body, headers=headers or {}, method="POST")
        return _open(req, timeout)

    def alive(self) -> bool:
        status, _, body = self.get("/sparql?query=ASK%20%7B%7D", {"Accept": "application/sparql-results+json"})
        return status == 200 and b"boolean" in body


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


_OPENER = urllib.request.build_opener(_NoRedirect, urllib.request.ProxyHandler({}))


def _open(req: urllib.request.Request, timeout: float) -> tuple[int, dict[str, str], bytes]:
    try:
        with _OPENER.open(req, timeout=timeout) as resp:
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


def start_server(tmp: Path, *args: str) -> LiveServer:
    """Start ``kzjp-kg serve`` with ``args`` on 127.0.0.1 and wait until it answers (deadline READY_DEADLINE s)."""
    log = tmp / "server.log"
    fh = open(log, "wb")  # noqa: SIM115 - kept open for the server's lifetime
    proc = subprocess.Popen([sys.executable, "-m", "kzjp_kg.web.cli", "--host", "127.0.0.1", "--port", "0", *args],
                            stdout=fh, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + READY_DEADLINE
    url = None
    while time.monotonic() < deadline and proc.poll() is None:
        m = re.search(r"listening on (http://127\.0\.0\.1:\d+)/", log.read_text(errors="replace"))
        if m:
            url = m.group(1)
            break
        time.sleep(0.1)
    if url is None:
        proc.kill()
        raise RuntimeError(f"the server did not start within {READY_DEADLINE} s:\n{log.read_text(errors='replace')}")
    server = LiveServer(url, proc, log)
    while time.monotonic() < deadline:
        try:
            if server.alive():
                return server
        except OSError:
            pass
        time.sleep(0.1)
    stop_server(server)
    raise RuntimeError(f"the server never answered:\n{log.read_text(errors='replace')}")


def stop_server(server: LiveServer) -> None:
    server.proc.terminate()
    try:
        server.proc.wait(10)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        server.proc.wait(5)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The mini graph served with small limits (2 s per query, 50 rows, 64 KiB bodies, 2 workers)."""
    tmp = tmp_path_factory.mktemp("web-server")
    (tmp / "build" / "dumps").mkdir(parents=True)
    (tmp / "build" / "dumps" / "kzjp-kg.trig").write_bytes(MINI.read_bytes())
    srv = start_server(tmp, "--data", str(MINI), "--store", str(tmp / "store"), "--build-dir", str(tmp / "build"),
                       "--timeout", "2", "--row-cap", "50", "--max-body", str(64 * 1024), "--workers", "2")
    yield srv
    stop_server(srv)


@pytest.fixture(scope="session")
def server_factory():  # type: ignore[no-untyped-def]
    """(start, stop) for tests that need a server with data or settings of their own."""
    return start_server, stop_server
