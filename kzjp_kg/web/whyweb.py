"""``/why?s=&p=&o=``: the web face of ``kzjp-kg why`` — the rule or axiom behind an inferred triple, its premises,
and the references (sentences, rows of table sources) behind each premise.

Why from the build's dumps and cached: ``why`` needs the asserted graph, the closure with the rule that made each
triple, and the statement graph as rdflib graphs. The build folder the server serves has them as Turtle dumps;
parsing them and re-running the fast closure (for ``rule_of``) takes seconds, so it is done once per build (keyed
by the manifest's ``built`` stamp) and kept for the server's lifetime.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef

if TYPE_CHECKING:
    from kzjp_kg.reason.why import Explanation

#: Dumps of the asserted layers (everything but the inferred, statement and Wikidata-projection graphs).
ASSERTED_DUMPS = ("facts", "source", "ontology", "links", "wikidata", "wikidata-snapshot", "wikidata-supplied")


@dataclass
class Reasoned:
    stamp: str
    asserted: Graph
    inferred: Graph
    rule_of: dict
    statements: Graph


_lock = threading.Lock()
_cache: dict[str, Reasoned] = {}


def _stamp(build: Path) -> str:
    manifest = build / "manifest.json"
    if manifest.is_file():
        return str(json.loads(manifest.read_text(encoding="utf-8")).get("built", manifest.stat().st_mtime))
    return "no-manifest"


def reasoned(build: Path) -> Reasoned:
    """The build's asserted graph, closure (with ``rule_of``) and statement graph, computed once per build."""
    from kzjp_kg.reason import closure

    stamp = _stamp(build)
    key = str(build.resolve())
    with _lock:
        got = _cache.get(key)
        if got is not None and got.stamp == stamp:
            return got
        dumps = build / "dumps"
        missing = [n for n in (*ASSERTED_DUMPS, "statements") if not (dumps / f"{n}.ttl").is_file()]
        if missing:
            raise FileNotFoundError(f"{dumps} lacks {', '.join(m + '.ttl' for m in missing)}: run `kzjp-kg build`")
        asserted = Graph()
        for name in ASSERTED_DUMPS:
            asserted.parse(dumps / f"{name}.ttl", format="turtle")
        statements = Graph().parse(dumps / "statements.ttl", format="turtle")
        res = closure(asserted)
        got = _cache[key] = Reasoned(stamp, asserted, res.inferred, res.rule_of, statements)
        return got


def term(value: str, datatype: str | None = None, lang: str | None = None) -> URIRef | Literal:
    if value.startswith(("http://", "https://", "urn:")) and not datatype and not lang:
        return URIRef(value)
    return Literal(value, datatype=URIRef(datatype) if datatype else None, lang=lang or None)


def explain_web(build: Path, s: str, p: str, o: str, datatype: str | None = None,
                lang: str | None = None) -> Explanation:
    from kzjp_kg.reason.why import explain

    r = reasoned(build)
    return explain(r.asserted, r.inferred, URIRef(s), URIRef(p), term(o, datatype, lang), rule_of=r.rule_of,
                   statements=r.statements)
