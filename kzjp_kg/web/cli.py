"""``kzjp-kg serve``: build if needed, load the embedded store once, serve with waitress and print the URLs.

Why a stamp in the store folder: loading N-Quads into pyoxigraph is the slow part of starting; the store keeps the
SHA-256 of the manifest (or data file) it was loaded from, so a restart with an unchanged build opens the store in
milliseconds, and a new build is loaded into a fresh folder that replaces the old one only when complete.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
from pathlib import Path

from kzjp_kg import config, digest
from kzjp_kg.errors import InputError

STAMP = "kzjp-loaded-from.sha256"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks a free one)")
    parser.add_argument("--build-dir", type=Path, default=None, help="build folder (default build/)")
    parser.add_argument("--data", type=Path, default=None,
                        help="serve this RDF file (.nq, .trig, .ttl ...) instead of the build's dumps; no build")
    parser.add_argument("--store", type=Path, default=None, help="store folder (default <build-dir>/store)")
    parser.add_argument("--no-build", action="store_true", help="never run the build, even if it looks stale; "
                        "with --store and no --data, serve that store folder as it is")
    parser.add_argument("--base", default=None, help="IRI base the server's paths map to (default $KZJP_BASE or "
                                                       f"{config.DEFAULT_BASE})")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per query before it is stopped (10)")
    parser.add_argument("--row-cap", type=int, default=10_000, help="rows/triples per answer before truncation")
    parser.add_argument("--max-body", type=int, default=1024 * 1024,
                        help="request body limit in bytes, the app's KZJP_MAX_BODY (1 MiB)")
    parser.add_argument("--workers", type=int, default=4, help="query worker processes (4)")
    parser.add_argument("--threads", type=int, default=32, help="HTTP threads of waitress (32)")
    parser.add_argument("--memory-quads", type=int, default=1_000_000,
                        help="each worker copies a store of at most this many quads into memory (0: read from disk)")
    parser.add_argument("--cache-mb", type=float, default=None,
                        help="MiB of answers the answer cache keeps (default 64, 0 with --store-url; 0 turns it "
                             "off; clients bypass it with Cache-Control: no-cache)")
    parser.add_argument("--store-url", metavar="URL", default=None,
                        help="serve from this remote SPARQL query endpoint (loaded by `kzjp-kg publish`) instead "
                             "of the embedded store; no build, no store folder (Virtuoso: http://HOST:8890/sparql)")
    parser.add_argument("--store-auth", metavar="USER:PASS", default=None,
                        help="credentials for --store-url (or USER with KZJP_REMOTE_PASSWORD); reading is usually "
                             "anonymous")
    parser.add_argument("--store-graph", action="append", default=None, metavar="IRI",
                        help="with --store-url: a graph to serve (repeatable; default the graphs publish recorded)")
    parser.add_argument("--service-allow", action="append", default=None, metavar="URL",
                        help="SERVICE endpoint to allow (repeatable; default Wikidata's query service)")
    parser.add_argument("--service-loopback", action="append", default=[], metavar="HOST:PORT",
                        help="loopback host:port a SERVICE may reach (for tests; default none)")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def build_is_stale(build_dir: Path, root: Path = config.ROOT) -> bool:
    """True when the manifest is missing or records other inputs than ``root``'s now (by content, rules included:
    :func:`kzjp_kg.digest.build_is_current`, the same check the notebooks make)."""
    return not digest.build_is_current(build_dir, root)


def ensure_store(data: Path, store_dir: Path, fingerprint_of: Path) -> bool:
    """Load ``data`` into ``store_dir`` unless the store was loaded from the same ``fingerprint_of`` file.
    Return True when it (re)loaded."""
    from kzjp_kg.store import OxigraphStore

    if not fingerprint_of.exists():
        raise InputError(f"{fingerprint_of}: no such file. Run `kzjp-kg build` first (or give --data FILE).")
    want = _sha256(fingerprint_of)
    stamp = store_dir / STAMP
    if stamp.exists() and stamp.read_text().strip() == want:
        return False
    if not data.exists():
        raise InputError(f"{data}: no such file. Run `kzjp-kg build` first (or give --data FILE).")
    tmp = store_dir.with_name(store_dir.name + f".loading-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    store = OxigraphStore(tmp)
    store.load(data)
    store.ox_store.optimize()
    store.ox_store.flush()
    store.close()
    del store
    (tmp / STAMP).write_text(want + "\n")
    old = store_dir.with_name(store_dir.name + f".old-{os.getpid()}")
    if store_dir.exists():
        store_dir.rename(old)
    tmp.rename(store_dir)
    shutil.rmtree(old, ignore_errors=True)
    return True


def run(args: argparse.Namespace) -> int:
    from waitress.server import create_server

    from kzjp_kg.web import create_app

    build_dir = Path(args.build_dir or config.BUILD_DIR)
    cache_mb = args.cache_mb if args.cache_mb is not None else (0 if args.store_url else 64)
    remote = {"KZJP_STORE_URL": args.store_url, "KZJP_STORE_AUTH": args.store_auth,
              "KZJP_STORE_GRAPHS": args.store_graph}
    if args.store_url:
        store_dir = None
        print(f"kzjp-kg serve: remote store {args.store_url} (see docs/larger-graphs.md)", flush=True)
    elif args.data:
        store_dir = Path(args.store or build_dir / "store")
        loaded = ensure_store(args.data, store_dir, args.data)
    else:
        if not args.no_build and build_is_stale(build_dir):
            from kzjp_kg.build import build

            print(f"kzjp-kg serve: {build_dir}/manifest.json is missing or older than the sources; building…",
                  flush=True)
            build(build_dir)
        store_dir = Path(args.store or build_dir / "store")
        if args.no_build and not (build_dir / "manifest.json").exists() and store_dir.is_dir():
            loaded = False  # no build to compare with: serve the existing store folder as it is
        else:
            loaded = ensure_store(build_dir / "dumps" / "kzjp-kg.nq", store_dir, build_dir / "manifest.json")
    if store_dir is not None:
        print(f"kzjp-kg serve: store {store_dir} ({'loaded now' if loaded else 'reused, unchanged build'})",
              flush=True)
    from kzjp_kg.web.assets import editor_installed, install_editor

    if not editor_installed() and install_editor():  # setup copies it; serve fills in a checkout that skipped it
        print("kzjp-kg serve: query UI (YASGUI) copied from node_modules into the package", flush=True)
    app = create_app({
        **remote, "KZJP_STORE_PATH": str(store_dir) if store_dir else None,
        "KZJP_BASE": args.base or config.base_from_env(),
        "KZJP_TIMEOUT": args.timeout, "KZJP_ROW_CAP": args.row_cap, "KZJP_MAX_BODY": args.max_body,
        "KZJP_WORKERS": args.workers, "KZJP_BUILD_DIR": str(build_dir), "KZJP_MEMORY_QUADS": args.memory_quads,
        "KZJP_CACHE_BYTES": int(cache_mb * 1024 * 1024),
        "KZJP_SERVICE_ALLOW": args.service_allow if args.service_allow is not None
        else ["https://query.wikidata.org/sparql"],
        "KZJP_SERVICE_LOOPBACK": args.service_loopback,
    })
    server = create_server(app, host=args.host, port=args.port, threads=args.threads,
                           max_request_body_size=max(64 * 1024 * 1024, args.max_body * 2),
                           connection_limit=1000, channel_timeout=60, ident="kzjp-kg")
    host, port = server.effective_host, server.effective_port  # type: ignore[union-attr]  # one socket: a TcpWSGIServer
    root = f"http://{host}:{port}"
    print(f"kzjp-kg serve: listening on {root}/\n"
          f"  query UI        {root}/\n  SPARQL endpoint {root}/sparql\n  ontology        {root}/ontology\n"
          f"  VoID            {root}/void\n  dumps           {root}/dumps\n"
          f"  entity pages    {root}/resource/<name>  (e.g. {root}/resource/japan)\n"
          f"Limits: {args.timeout:g} s per query, {args.row_cap} rows per answer, {args.max_body} bytes per request; "
          f"answer cache {cache_mb:g} MiB. "
          "Ctrl-C stops.", flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        app.extensions["kzjp_pool"].close()
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m kzjp_kg.web.cli ARGS`` = ``kzjp-kg serve ARGS`` (same errors and exit codes)."""
    from kzjp_kg.cli import main as kzjp_main

    return kzjp_main(["serve", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
