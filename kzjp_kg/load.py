"""Load the ontology, the source and the curated facts into one dataset, one named graph per layer.

Why a separate step: everything downstream (reasoning, validation, the store) must start from input that parses and
whose terms are declared. Errors are caught here with the exact place (``file:line:col``) and a hint, before any
output is written, so a bad edit can never reach ``build/``.

Syntax is checked with pyoxigraph's parser first: it reports 1-based line and column precisely, where rdflib's
parser reports only a line and a byte excerpt. The data is then loaded into rdflib, which reasoning and SHACL use.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, Dataset, Graph, Node, URIRef

from kzjp_kg import config
from kzjp_kg.errors import UndeclaredTermError
from kzjp_kg.sources.tables import sources_graph
from kzjp_kg.terms import check_rdf, display, open_rdf, short


@dataclass(frozen=True)
class Layer:
    """One named graph of the build and the files it is read from."""

    name: str
    graph: URIRef
    files: tuple[Path, ...]


#: Wikidata's own model (wd:, wdt:, p:, ps:, pq:) and the facts Wikidata supplies, each in a graph of its own so
#: that it never mixes with ours (see kzjp_kg/link/snapshot.py and crosscheck.py).
GRAPH_WIKIDATA_SNAPSHOT = config.GRAPH_WIKIDATA_SNAPSHOT
GRAPH_WIKIDATA_SUPPLIED = config.GRAPH_WIKIDATA_SUPPLIED
_OWN_GRAPH = {"links.ttl": ("links", config.GRAPH_LINKS),
              "snapshot.ttl": ("wikidata-snapshot", GRAPH_WIKIDATA_SNAPSHOT),
              "supplied.ttl": ("wikidata-supplied", GRAPH_WIKIDATA_SUPPLIED)}


def layers(root: Path = config.ROOT) -> list[Layer]:
    """The asserted layers in load order. In ``graph/wikidata/``, ``links.ttl`` (the QID links), ``snapshot.ttl``
    (Wikidata's statements in Wikidata's model) and ``supplied.ttl`` (facts Wikidata adds) are layers of their own."""
    graph_dir = root / "graph"
    wikidata = sorted((graph_dir / "wikidata").glob("*.ttl"))
    return [
        Layer("ontology", config.GRAPH_ONTOLOGY, tuple(sorted((root / "ontology").glob("*.ttl")))),
        Layer("source", config.GRAPH_SOURCE, tuple(sorted((graph_dir / "source").glob("*.ttl")))),
        Layer("facts", config.GRAPH_FACTS, tuple(sorted((graph_dir / "facts").glob("*.ttl")))),
        Layer("wikidata", config.GRAPH_WIKIDATA, tuple(p for p in wikidata if p.name not in _OWN_GRAPH)),
        *(Layer(name, iri, tuple(p for p in wikidata if p.name == file))
          for file, (name, iri) in _OWN_GRAPH.items()),
    ]


def check_syntax(path: Path) -> None:
    """Raise :class:`RdfSyntaxError` with ``file:line:col`` if ``path`` does not parse (see :func:`terms.check_rdf`;
    kept under this name for the steps that check before they load)."""
    check_rdf(path)


def load_dataset(root: Path = config.ROOT, *, check_declared: bool = True, base: str | None = None) -> Dataset:
    """Parse every layer into its named graph; fail on syntax errors and on undeclared terms of our namespaces.

    ``base`` (or ``KZJP_BASE``) rewrites the project's IRIs from the default base to another one, so a deployment
    under a different domain needs no edits to the Turtle files.
    """
    ds = Dataset()
    for layer in layers(root):
        g = ds.graph(layer.graph)
        for path in layer.files:
            open_rdf(path, g)
    tables = root / "graph" / "sources"
    if tables.is_dir():  # table sources: their rows and pages join the source layer (kzjp_kg/sources/tables.py)
        ds.graph(config.GRAPH_SOURCE).__iadd__(sources_graph(tables))
    if check_declared:
        check_declarations(ds, [p for layer in layers(root) for p in layer.files])
    target = base or config.base_from_env()
    if target != config.DEFAULT_BASE:
        ds = rebase(ds, config.DEFAULT_BASE, target)
    return ds


def asserted_graph(ds: Dataset) -> Graph:
    """All asserted layers as one rdflib Graph (a copy): the input to reasoning and validation.

    Leaves out the inferred graph and the statement graph (references and ranks are metadata about the triples,
    never premises: a deprecated statement is there and nowhere else)."""
    union = Graph()
    for prefix, ns in config.PREFIXES.items():
        union.bind(prefix, ns)
    for g in ds.graphs():
        if g.identifier not in (config.GRAPH_INFERRED, config.GRAPH_STATEMENTS, config.GRAPH_WIKIDATA_PROJECTION):
            for t in g:
                union.add(t)
    return union


# --- declared terms -----------------------------------------------------------------------------------------------

def _our_iris(g: Graph) -> Iterator[tuple[URIRef, bool]]:
    """Yield (iri, used_as_predicate) for every IRI of our namespaces that ``g`` uses."""
    ours = (str(config.KZJP), str(config.KZR), str(config.KZS))
    for s, p, o in g:
        for term, is_pred in ((s, False), (p, True), (o, False)):
            if isinstance(term, URIRef) and str(term).startswith(ours):
                yield term, is_pred


def declared_terms(ds: Dataset) -> set[URIRef]:
    """IRIs that something declares: any subject with an ``rdf:type`` (ontology terms and described resources)."""
    return {s for g in ds.graphs() for s in g.subjects(RDF.type, None) if isinstance(s, URIRef)}


def check_declarations(ds: Dataset, files: Iterable[Path]) -> None:
    """Fail if an IRI of our namespaces is used but nowhere given a type, naming where and suggesting a fix.

    Why: a misspelt property (``kzjp:statedin``) silently creates a new, unqueryable predicate; W3C ORG and PROV-O
    both shipped such typos. Catching them at load time keeps every term queryable and documented.
    """
    declared = declared_terms(ds)
    used: dict[URIRef, bool] = {}
    for g in ds.graphs():
        for iri, is_pred in _our_iris(g):
            used[iri] = used.get(iri, False) or is_pred
    missing = sorted(iri for iri in used if iri not in declared and iri != URIRef(config.NS.ontology_iri)
                     and not str(iri).startswith(config.NS.ontology_iri + "/"))
    if not missing:
        return
    files = list(files)
    by_local = {short(str(d)): str(d) for d in declared}
    lines = []
    for iri in missing[:20]:
        where = _find_usage(iri, files) or "(location not found)"
        close = difflib.get_close_matches(short(str(iri)), list(by_local), n=1, cutoff=0.85)
        hint = (f" Did you mean <{close[0]}>?" if close
                else " Declare it in ontology/ (or give the resource a type).")
        kind = "property" if used[iri] else "term"
        lines.append(f"{where}: undeclared {kind} <{short(iri)}>.{hint}")
    more = f"\n… and {len(missing) - 20} more" if len(missing) > 20 else ""
    raise UndeclaredTermError("\n".join(lines) + more)


def _find_usage(iri: URIRef, files: list[Path]) -> str | None:
    """First ``file:line:col`` where ``iri`` appears, as a full IRI or as ``prefix:local`` with any prefix name."""
    text_iri = str(iri)
    for ns in (config.KZJP, config.KZR, config.KZS):
        if text_iri.startswith(str(ns)):
            local, namespace = text_iri[len(str(ns)):], str(ns)
            break
    else:
        return None
    for path in files:
        try:
            content = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        prefixes = [m.group(1) for m in re.finditer(r"@prefix\s+([\w-]*):\s*<" + re.escape(namespace) + ">", content)]
        patterns = [re.escape(f"<{text_iri}>")] + [rf"(?<![\w:-]){re.escape(p)}:{re.escape(local)}(?![\w-])"
                                                  for p in prefixes]
        for pattern in patterns:
            m = re.search(pattern, content)
            if m:
                line = content.count("\n", 0, m.start()) + 1
                col = m.start() - (content.rfind("\n", 0, m.start()) + 1) + 1
                return f"{display(path)}:{line}:{col}"
    return None


# --- base rewriting -----------------------------------------------------------------------------------------------

def rebase(ds: Dataset, old: str, new: str) -> Dataset:
    """Return a copy of ``ds`` with every IRI starting with ``old`` rewritten to start with ``new``."""

    def fix(term: Node) -> Node:
        if isinstance(term, URIRef) and str(term).startswith(old):
            return URIRef(new + str(term)[len(old):])
        return term

    out = Dataset()
    for g in ds.graphs():
        target = out.graph(fix(g.identifier))  # type: ignore[arg-type]  # a graph name stays an IRI or a blank node
        for s, p, o in g:
            target.add((fix(s), fix(p), fix(o)))
    return out
