"""The remote store against a real Virtuoso: publish, then the same questions give the same answers.

Virtuoso open source (Debian's package) runs on 127.0.0.1 with a temp database (tests/scale/conftest.py); the
embedded store is pyoxigraph on disk (OxigraphStore). Answers are compared as sets of rows of normalised RDF
terms: typed literals by canonical lexical form (Virtuoso stores values, so it gives back ``1.5`` for
``"1.50"^^xsd:decimal`` and ``1`` for ``true``; same value, other spelling), blank nodes as one placeholder
(their labels are local to each store). No other difference is tolerated.
"""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal as RLiteral
from rdflib import URIRef

from kzjp_kg import config
from kzjp_kg.errors import InputError, StorageError
from kzjp_kg.publish import GRAPH_PUBLICATION, local_graphs, publish
from kzjp_kg.store import OxigraphStore, Store
from kzjp_kg.store.remote import RemoteStore

from .conftest import FIXTURE_TRIG

#: One Virtuoso serves these modules: run them on one xdist worker, so no test's slow query (which Virtuoso keeps
#: computing after our timeout) starves another test's query (make test runs pytest with --dist loadgroup).
pytestmark = pytest.mark.xdist_group("virtuoso")

HERE = Path(__file__).parent
#: Queries Virtuoso 7.2.5 cannot answer, with its error: asserted, so a fixed Virtuoso shows up here.
KNOWN_VIRTUOSO_LIMITS = {
    # a transitive path (+ or *) needs one end bound in Virtuoso; SPARQL 1.1 allows both ends free
    "05-class-hierarchy": "transitive start not given",
}
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def example_queries() -> list[Path]:
    """The README's example queries (kzjp_kg/web/queries/*.rq) and this folder's own (for literal round trips)."""
    files = sorted((config.ROOT / "kzjp_kg" / "web" / "queries").glob("*.rq")) + sorted((HERE / "queries").glob("*.rq"))
    assert len(files) >= 9, f"expected the example queries, found {len(files)}"
    return files


def canonical(lit: ox.Literal) -> tuple[str, str, str]:
    """A literal as (lexical form, language, datatype) with the lexical form canonical for its datatype."""
    if lit.language:
        return (lit.value, lit.language.lower(), "")
    dt = lit.datatype.value
    if dt == XSD_STRING:
        return (lit.value, "", "")
    value = RLiteral(lit.value, datatype=URIRef(dt)).value
    if isinstance(value, bool):
        lex = "true" if value else "false"
    elif isinstance(value, Decimal):
        lex = format(value.normalize(), "f")
    elif isinstance(value, (int, float)):
        lex = repr(value)
    elif value is not None:
        lex = str(RLiteral(value, datatype=URIRef(dt)))
    else:
        lex = lit.value
    return (lex, "", dt)


def norm(term: object) -> tuple:
    if term is None:
        return ("unbound",)
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("bnode",)
    if isinstance(term, ox.Literal):
        return ("literal", *canonical(term))
    raise TypeError(term)


def answers(result: object) -> object:
    """A query result as something comparable: a bool, or a sorted list of normalised rows / triples."""
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        return sorted(tuple(norm(row[n]) for n in names) for row in result)
    return sorted(tuple(norm(x) for x in (t.subject, t.predicate, t.object)) for t in result)


@pytest.fixture(scope="module", params=["fixture", "build"])
def source(request: pytest.FixtureRequest) -> Path:
    """What to publish: the small TriG fixture, and the project's real build (its per-graph Turtle dumps)."""
    if request.param == "fixture":
        return FIXTURE_TRIG
    try:
        built = request.getfixturevalue("built")
    except ModuleNotFoundError as exc:
        pytest.skip(f"the build pipeline is not complete yet ({exc}); the fixture case still runs")
    return built / "dumps"


@pytest.fixture(scope="module")
def published(virtuoso_server, source: Path) -> tuple[RemoteStore, list[str]]:
    writer = RemoteStore(virtuoso_server.update_url, gsp_url=virtuoso_server.gsp_url, auth=virtuoso_server.auth)
    outcomes = publish(source, writer, quiet=True)
    assert outcomes and all(o.status in ("created", "replaced") for o in outcomes)
    graphs = [o.graph for o in outcomes]
    return writer, graphs


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory, source: Path) -> OxigraphStore:
    store = OxigraphStore(tmp_path_factory.mktemp("oxigraph"))
    if source.is_dir():
        for g in local_graphs(source):
            store.load(g.path, graph=g.iri)
    else:
        store.load(source)
    return store


#: Queries whose "+" paths Virtuoso answers with duplicates over a multi-graph default graph (measured on the build).
KNOWN_PATH_DUPLICATES = {"10-ancestors-of-official-visit"}


@pytest.mark.slow
@pytest.mark.parametrize("query_file", example_queries(), ids=lambda p: p.stem)
def test_same_answers_as_embedded_store(published, embedded, virtuoso_server, query_file: Path) -> None:
    _, graphs = published
    reader = RemoteStore(virtuoso_server.query_url, dataset=graphs)  # anonymous, read-only endpoint
    sparql = query_file.read_text(encoding="utf-8")
    local = answers(embedded.query(sparql))
    if query_file.stem in KNOWN_VIRTUOSO_LIMITS:
        with pytest.raises(InputError, match=KNOWN_VIRTUOSO_LIMITS[query_file.stem]):
            reader.query(sparql)
        return
    remote = answers(reader.query(sparql))
    if query_file.stem in KNOWN_PATH_DUPLICATES and isinstance(remote, list) and len(remote) > len(local):
        # Virtuoso 7.2 returns a "+" path's end nodes once per named graph that contributes a path when the
        # default graph merges several graphs; SPARQL 1.1 gives each end node once. Same answers as a set:
        assert sorted(set(remote)) == local, f"{query_file.name}: Virtuoso and the embedded store disagree"
        return
    assert remote == local, f"{query_file.name}: Virtuoso and the embedded store disagree"


@pytest.mark.slow
def test_queries_are_not_vacuous(published, embedded) -> None:
    """Most example queries must return something, or the comparison above proves little."""
    non_empty = [q.name for q in example_queries() if answers(embedded.query(q.read_text(encoding="utf-8")))]
    assert len(non_empty) >= 7, non_empty


@pytest.mark.slow
def test_every_graph_arrives_whole(published, source: Path) -> None:
    writer, _ = published
    for g in local_graphs(source):
        assert writer.count(g.iri) == g.triples, g.iri


@pytest.mark.slow
def test_republish_changes_nothing(published, source: Path) -> None:
    writer, _ = published
    modified = f"SELECT ?g ?t WHERE {{ GRAPH <{GRAPH_PUBLICATION}> {{ ?g <http://purl.org/dc/terms/modified> ?t }} }}"
    before = sorted((r["g"].value, r["t"].value) for r in writer.select(modified))
    counts = {g.iri: writer.count(g.iri) for g in local_graphs(source)}
    outcomes = publish(source, writer, quiet=True)
    assert [o.status for o in outcomes] == ["unchanged"] * len(outcomes)
    assert sorted((r["g"].value, r["t"].value) for r in writer.select(modified)) == before
    assert {g.iri: writer.count(g.iri) for g in local_graphs(source)} == counts


def test_changed_graph_is_replaced_others_untouched(virtuoso_server, tmp_path: Path) -> None:
    """Drop one triple from one graph: only that graph is rewritten, and it then holds exactly the new content."""
    writer = RemoteStore(virtuoso_server.update_url, gsp_url=virtuoso_server.gsp_url, auth=virtuoso_server.auth)
    quads = list(ox.parse(path=FIXTURE_TRIG))
    first = tmp_path / "v1.trig"
    ox.serialize([ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(q.graph_name.value + "-t"))
                  for q in quads], first, format=ox.RdfFormat.TRIG)
    publish(first, writer, quiet=True)
    facts = str(config.GRAPH_FACTS) + "-t"
    victim = next(q for q in quads
                  if q.graph_name.value == str(config.GRAPH_FACTS) and isinstance(q.object, ox.Literal))
    second = tmp_path / "v2.trig"
    ox.serialize([ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(q.graph_name.value + "-t"))
                  for q in quads if q != victim], second, format=ox.RdfFormat.TRIG)
    outcomes = {o.graph: o.status for o in publish(second, writer, quiet=True)}
    assert outcomes.pop(facts) == "replaced"
    assert set(outcomes.values()) == {"unchanged"}
    ask = (f"ASK {{ GRAPH <{facts}> {{ {victim.subject} {victim.predicate} ?o "
           f"FILTER(str(?o) = {ox.Literal(victim.object.value)}) }} }}")
    assert not bool(writer.query(ask))
    assert writer.count(facts) == sum(1 for q in quads if q.graph_name.value == str(config.GRAPH_FACTS)) - 1


def test_sparql_update_path_without_graph_store_protocol(virtuoso_server, tmp_path: Path) -> None:
    """Without --gsp, publish loads by SPARQL Update (INSERT DATA; a template for blank nodes) with the same result."""
    writer = RemoteStore(virtuoso_server.update_url, auth=virtuoso_server.auth)
    quads = list(ox.parse(path=FIXTURE_TRIG))
    data = tmp_path / "u.trig"
    ox.serialize([ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(q.graph_name.value + "-u")) for q in quads],
                 data, format=ox.RdfFormat.TRIG)
    outcomes = publish(data, writer, chunk=7, quiet=True)
    graphs = [o.graph for o in outcomes]
    assert sum(writer.count(g) for g in graphs) == len(quads)
    chain = ("SELECT ?first WHERE { ?p <http://www.w3.org/2002/07/owl#propertyChainAxiom>/"
             "<http://www.w3.org/1999/02/22-rdf-syntax-ns#rest>*/<http://www.w3.org/1999/02/22-rdf-syntax-ns#first> "
             "?first }")
    got = {r["first"].value for r in writer.select(chain, default_graphs=graphs)}
    assert got == {str(config.KZJP.holdsPosition), str(config.KZJP.office)}  # the OWL list survived as one list


def test_cli_publish_reports_and_hides_password(virtuoso_server, tmp_path: Path) -> None:
    data = tmp_path / "c.trig"
    ox.serialize([ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(q.graph_name.value + "-c"))
                  for q in ox.parse(path=FIXTURE_TRIG)], data, format=ox.RdfFormat.TRIG)
    cmd = [sys.executable, "-m", "kzjp_kg.cli", "publish", "--to", virtuoso_server.update_url,
           "--gsp", virtuoso_server.gsp_url, "--auth", virtuoso_server.auth, "--from", str(data)]
    first = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=config.ROOT)
    assert first.returncode == 0, first.stderr
    assert "3 graph(s) written, 0 unchanged" in first.stdout
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=config.ROOT)
    assert again.returncode == 0, again.stderr
    assert "0 graph(s) written, 3 unchanged" in again.stdout
    password = virtuoso_server.auth.split(":", 1)[1]
    bad = subprocess.run([*cmd[:-4], "--auth", "dba:not-the-password", "--from", str(data)],
                         capture_output=True, text=True, timeout=120, cwd=config.ROOT)
    assert bad.returncode == StorageError.exit_code
    assert "refused (401) as 'dba'" in bad.stderr
    for out in (first.stdout, first.stderr, again.stdout, bad.stdout, bad.stderr):
        assert not re.search(rf"dba:{re.escape(password)}\b|not-the-password", out)


def test_anonymous_endpoint_refuses_updates(virtuoso_server) -> None:
    """Why publish needs --auth on Virtuoso: /sparql runs as the SPARQL user, without the SPARQL_UPDATE role."""
    with pytest.raises(StorageError, match=r"no right to write .*SR186:SECURITY: No permission"):
        RemoteStore(virtuoso_server.query_url).update(
            "INSERT DATA { GRAPH <urn:x-test:g> { <urn:x-test:a> <urn:x-test:b> <urn:x-test:c> } }")


def test_remote_store_satisfies_the_store_protocol(virtuoso_server) -> None:
    remote = RemoteStore(virtuoso_server.query_url)
    assert isinstance(remote, Store)
    for name in ("load", "query", "named_graphs", "__len__", "close"):
        proto = inspect.signature(getattr(Store, name))
        mine = inspect.signature(getattr(RemoteStore, name))
        assert list(mine.parameters) == list(proto.parameters), name
    assert isinstance(remote.query("ASK { }"), ox.QueryBoolean)
    assert bool(remote.query("ASK { }"))


def test_datatype_of_a_language_literal_differs(virtuoso_server, published, embedded) -> None:
    """A real difference to know when writing queries: SPARQL 1.1 gives ``datatype("x"@kk)`` = rdf:langString
    (Oxigraph does); Virtuoso 7 leaves it unbound (SPARQL 1.0's error). Filter on ``lang(?o)`` instead."""
    _, graphs = published
    q = 'SELECT (datatype(?o) AS ?dt) WHERE { ?s ?p ?o FILTER(lang(?o) = "kk") } LIMIT 1'
    assert [r["dt"].value for r in embedded.query(q)] == ["http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"]
    assert [r["dt"] for r in RemoteStore(virtuoso_server.query_url, dataset=graphs).query(q)] == [None]
