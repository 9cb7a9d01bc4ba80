"""Run a throw-away Virtuoso open source server on 127.0.0.1: for the integration test, the benchmark and by hand.

Why not Debian's system service: it listens on every interface with the well-known ports 1111/8890, keeps its
database under /var/lib and needs systemd. A test needs the opposite: its own free ports on loopback only, a
database in a temporary folder that is deleted afterwards, and a process it can stop. So we write a small
``virtuoso.ini`` into a temp folder and run ``virtuoso-t -f -c virtuoso.ini`` as a child process.

Writing: Virtuoso's anonymous ``/sparql`` endpoint refuses SPARQL Update (the ``SPARQL`` user lacks the
``SPARQL_UPDATE`` role). The supported way is to authenticate: ``/sparql-auth`` (SPARQL Update) and
``/sparql-graph-crud-auth`` (Graph Store Protocol) with HTTP digest auth as ``dba``. A fresh database's ``dba``
password is ``dba``; this server is bound to loopback and deleted on exit, so that is acceptable here (never on a
server others can reach: change it with ``isql-vt 1111 dba dba exec="set password dba <new>"``).

By hand::

    python scripts/virtuoso.py            # start on free ports, print the URLs, Ctrl-C to stop and delete
    python scripts/virtuoso.py --http-port 8890 --keep ./vdb
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

#: Debian's package that holds the server binary (``virtuoso-opensource`` pulls it in, plus a system service).
PACKAGE = "virtuoso-opensource-7-bin"
BINARY = "virtuoso-t"
DBA_PASSWORD = "dba"


def find_binary() -> str | None:
    """The ``virtuoso-t`` executable, or None if Virtuoso is not installed."""
    return shutil.which(BINARY) or next((p for p in ("/usr/bin/virtuoso-t", "/usr/sbin/virtuoso-t")
                                         if Path(p).exists()), None)


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


INI = """\
; Throw-away Virtuoso written by scripts/virtuoso.py: loopback only, database in this folder.
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
ServerThreads = 10
CheckpointInterval = 60
; 8 KB pages: buffers x 8 KB is the page cache (Virtuoso's guide: about 2/3 of the memory given to it).
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
DirsAllowed = ., {d}
MaxQueryMem = 2G
VADInstallDir = {d}
; bytes of roll-forward log one transaction may write (Virtuoso's default: 50 000 000); past it: SR325
TransactionAfterImageLimit = {after_image_limit}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {d}
MaxClientConnections = 10
ServerThreads = 10
; the request body limit must hold one upload chunk of kzjp-kg publish
MaxBody = 200000000

[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = {max_query_seconds}
"""


@dataclass
class VirtuosoServer:
    """A running throw-away Virtuoso: its URLs, process and folder. Use as a context manager."""

    folder: Path
    http_port: int
    sql_port: int
    process: subprocess.Popen | None = None
    keep: bool = False

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def query_url(self) -> str:
        """Anonymous, read-only SPARQL Protocol endpoint."""
        return self.base + "/sparql"

    @property
    def update_url(self) -> str:
        """SPARQL Update (and queries) for an authenticated user with SPARQL_UPDATE: ``dba`` here."""
        return self.base + "/sparql-auth"

    @property
    def gsp_url(self) -> str:
        """Graph Store Protocol with authentication (``?graph=IRI``)."""
        return self.base + "/sparql-graph-crud-auth"

    auth = f"dba:{DBA_PASSWORD}"

    def log_tail(self, lines: int = 20) -> str:
        log = self.folder / "virtuoso.log"
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:]) if log.exists() else "(no log)"

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL after 20 s) and delete its folder unless ``keep``."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if not self.keep:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> VirtuosoServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start(folder: Path | None = None, *, http_port: int | None = None, sql_port: int | None = None,
          memory_gb: float = 2.0, deadline_s: float = 90.0, keep: bool = False,
          after_image_limit: int = 50_000_000, max_query_seconds: int = 600) -> VirtuosoServer:
    """Start ``virtuoso-t`` on 127.0.0.1 with a database in ``folder`` (a new temp folder by default).

    Waits until ``/sparql`` answers ``ASK {}`` or ``deadline_s`` passes; raises RuntimeError with the log's tail
    if the server exits or does not get ready. ``memory_gb`` sizes the page cache. ``after_image_limit`` is
    Virtuoso's ``TransactionAfterImageLimit`` (bytes of log one transaction may write; the default is Virtuoso's
    own): a small one reproduces, with a small graph, what a large graph meets on a default server (SR325).
    ``max_query_seconds`` is Virtuoso's own query time limit (``MaxQueryExecutionTime``).
    """
    binary = find_binary()
    if binary is None:
        raise FileNotFoundError(f"{BINARY} not found: install Debian's {PACKAGE} (bash scripts/install-virtuoso.sh)")
    folder = Path(folder) if folder else Path(tempfile.mkdtemp(prefix="kzjp-virtuoso-"))
    folder.mkdir(parents=True, exist_ok=True)
    buffers = max(10000, int(memory_gb * 2 / 3 * 1024 * 1024 / 8))
    server = VirtuosoServer(folder, http_port or free_port(), sql_port or free_port(), keep=keep)
    ini = folder / "virtuoso.ini"
    ini.write_text(INI.format(d=folder, sql_port=server.sql_port, http_port=server.http_port,
                              buffers=buffers, dirty=buffers * 3 // 4, after_image_limit=after_image_limit,
                              max_query_seconds=max_query_seconds),
                   encoding="utf-8")
    out = (folder / "stdout.log").open("wb")
    server.process = subprocess.Popen([binary, "-f", "-c", str(ini)], cwd=folder, stdout=out,
                                      stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    probe = server.query_url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if server.process.poll() is not None:
            server.stop()
            raise RuntimeError(f"virtuoso-t exited with {server.process.returncode}:\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(probe, timeout=2) as resp:
                if resp.status == 200:
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    tail = server.log_tail()
    server.stop()
    raise RuntimeError(f"Virtuoso did not answer {probe} within {deadline_s:.0f} s:\n{tail}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--http-port", type=int, default=None)
    ap.add_argument("--sql-port", type=int, default=None)
    ap.add_argument("--memory-gb", type=float, default=2.0, help="page cache size (default 2)")
    ap.add_argument("--keep", type=Path, default=None, help="database folder to keep after stopping")
    args = ap.parse_args()
    server = start(args.keep, http_port=args.http_port, sql_port=args.sql_port, memory_gb=args.memory_gb,
                   keep=args.keep is not None)
    print(f"Virtuoso on 127.0.0.1 (database in {server.folder}):\n"
          f"  query:  {server.query_url}\n  update: {server.update_url}  (digest auth dba:dba)\n"
          f"  GSP:    {server.gsp_url}\n"
          f"  publish: kzjp-kg publish --to {server.update_url} --gsp {server.gsp_url} --auth dba:dba\n"
          "Ctrl-C stops it.")
    try:
        while server.process and server.process.poll() is None:
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
