"""The web layer: ``create_app(config)`` builds the Flask app serving SPARQL, Linked Data pages and the query UI.

Why an app factory with blueprints (Flask's flaskr pattern): tests and ``kzjp-kg serve`` build the app with
their own settings, and each concern — the SPARQL endpoint, the Linked Data pages, the UI — stays in its own
module. The app never opens the store itself: every query goes through a :class:`~kzjp_kg.store.pool.QueryPool`
of worker processes, so a time limit really stops a query.

Settings (``config`` keys, all documented on ``/sparql``'s service description and the UI's "Limits" section):

``KZJP_STORE_PATH`` the pyoxigraph store folder (required, unless ``KZJP_STORE_URL`` names a remote SPARQL
server to serve from: see :mod:`kzjp_kg.store.remotepool`); ``KZJP_BASE`` the IRI base (default
``https://w3id.org/kzjp-kg/``); ``KZJP_TIMEOUT`` seconds per query (10); ``KZJP_ROW_CAP`` rows per answer
(10 000); ``KZJP_MAX_BODY`` request body bytes (1 MiB; ``kzjp-kg serve --max-body``; the app sets Flask's
``MAX_CONTENT_LENGTH`` from it, and a config giving only ``MAX_CONTENT_LENGTH`` sets both, so the 413 messages name
a setting that exists); ``KZJP_WORKERS`` query processes (4);
``KZJP_MEMORY_QUADS`` stores up to this size are copied into each worker's memory (1 000 000);
``KZJP_SERVICE_ALLOW`` SERVICE endpoints allowed (Wikidata's); ``KZJP_SERVICE_LOOPBACK`` loopback ``host:port``
allowed for SERVICE (none); ``KZJP_BUILD_DIR`` whose ``dumps/`` are served at ``/dumps``; ``KZJP_CACHE_BYTES``
bytes of answers kept by the answer cache (64 MiB; 0 turns it off, see :mod:`kzjp_kg.web.cache`), and half as
much again by the response cache in front of Flask (:mod:`kzjp_kg.web.frontcache`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import Flask

from kzjp_kg import config as kconfig

if TYPE_CHECKING:
    from kzjp_kg.store.remotepool import RemoteQueryPool

DEFAULTS: dict[str, Any] = {
    "KZJP_BASE": kconfig.DEFAULT_BASE,
    "KZJP_TIMEOUT": 10.0,
    "KZJP_ROW_CAP": 10_000,
    "KZJP_MAX_BODY": 1024 * 1024,
    "KZJP_WORKERS": 4,
    "KZJP_SERVICE_ALLOW": ["https://query.wikidata.org/sparql"],
    "KZJP_SERVICE_LOOPBACK": [],
    "KZJP_BUILD_DIR": str(kconfig.BUILD_DIR),
    "KZJP_MEMORY_QUADS": 1_000_000,
    "KZJP_CACHE_BYTES": 64 * 1024 * 1024,
}


def store_generation(store_path: str) -> str:
    """What names the store's content: the fingerprint ``serve`` stamped on it, else the folder and its mtime."""
    from kzjp_kg.web.cli import STAMP

    stamp = Path(store_path) / STAMP
    if stamp.is_file():
        return stamp.read_text(encoding="utf-8").strip()
    return f"{Path(store_path).resolve()}@{Path(store_path).stat().st_mtime_ns}"


def body_limit(given: dict[str, Any]) -> int:
    """The request body limit in bytes: ``KZJP_MAX_BODY``, else Flask's ``MAX_CONTENT_LENGTH``, else 1 MiB.

    Why two names: Flask enforces ``MAX_CONTENT_LENGTH``; the project's settings (and its 413 messages) say
    ``KZJP_MAX_BODY``. The app sets both to this value, so the message always names a setting that exists."""
    return int(given.get("KZJP_MAX_BODY", given.get("MAX_CONTENT_LENGTH", DEFAULTS["KZJP_MAX_BODY"])))


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app; ``config`` must give ``KZJP_STORE_PATH``. Starts the query workers and reads the store; it
    writes nothing (the query UI's files are copied by setup and by ``kzjp-kg serve``: :mod:`kzjp_kg.web.assets`)."""
    from kzjp_kg.store.pool import QueryPool
    from kzjp_kg.web import dataset, errors, i18n, linkeddata, pages, search, sparql, ui, viz

    app = Flask(__name__)
    app.config.update(DEFAULTS)
    app.config.update(config or {})
    app.config["KZJP_MAX_BODY"] = app.config["MAX_CONTENT_LENGTH"] = body_limit(config or {})
    base = app.config["KZJP_BASE"]
    app.config.setdefault("KZJP_INFERRED_GRAPH", str(kconfig.Namespaces(base).KZG.inferred))
    store_path = app.config.get("KZJP_STORE_PATH")
    store_url = app.config.get("KZJP_STORE_URL")  # a remote SPARQL server instead (kzjp_kg.store.remotepool)
    if not store_url and (not store_path or not Path(store_path).is_dir()):
        raise FileNotFoundError(f"KZJP_STORE_PATH={store_path!r} is not a store folder. Run `kzjp-kg serve`, "
                                "which builds and loads it.")
    prefixes = {k: v.replace(kconfig.DEFAULT_BASE, base) for k, v in kconfig.PREFIXES.items()}
    app.config["KZJP_PREFIXES"] = prefixes
    pool: QueryPool | RemoteQueryPool
    if store_url:
        from kzjp_kg.store.remotepool import remote_pool

        pool, generation = remote_pool(app.config, prefixes, base + "service#truncated")
    else:
        assert store_path  # checked above
        pool = QueryPool(store_path, workers=int(app.config["KZJP_WORKERS"]),
                         timeout=float(app.config["KZJP_TIMEOUT"]), row_cap=int(app.config["KZJP_ROW_CAP"]),
                         truncated_link=base + "service#truncated", prefixes=prefixes,
                         memory_quads=int(app.config["KZJP_MEMORY_QUADS"]))
        generation = store_generation(store_path)
    app.extensions["kzjp_pool"] = pool
    from kzjp_kg.web.cache import AnswerCache
    from kzjp_kg.web.compress import Gzip
    from kzjp_kg.web.frontcache import FrontCache

    cache_bytes = int(app.config["KZJP_CACHE_BYTES"])
    app.extensions["kzjp_cache"] = AnswerCache(cache_bytes, generation=generation)
    app.wsgi_app = FrontCache(app.wsgi_app, max_bytes=cache_bytes // 2, generation=generation,  # type: ignore[method-assign]
                              max_body=min(int(app.config["MAX_CONTENT_LENGTH"]), 64 * 1024))
    app.wsgi_app = Gzip(app.wsgi_app)  # type: ignore[method-assign]  # outside the cache, which keeps plain bytes
    from kzjp_kg.store.pool import QueryRequest

    known = getattr(pool, "graphs", None)  # a remote pool knows its graphs: no scan of every quad at start-up
    if known is not None:
        app.extensions["kzjp_graphs"] = sorted(known)
    else:
        graphs = pool.run(QueryRequest("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g",
                                       results_format="python", row_cap=100_000))
        app.extensions["kzjp_graphs"] = [row["g"].value for row in graphs.python[1]]
    for module in (errors, sparql, linkeddata, dataset, search, pages, ui, viz):
        app.register_blueprint(module.bp)
    app.register_blueprint(__import__("kzjp_kg.web.browse", fromlist=["bp"]).bp)  # /browse: class pages, facets
    i18n.init_app(app)
    return app
