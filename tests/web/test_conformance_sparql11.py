"""W3C SPARQL 1.1 Protocol and Service Description tests, run from their manifests against a live server.

The suites are read in place from ``../shared/conformance/sparql11`` (never copied). The protocol data
(data1.nt …) is loaded into named graphs named as the manifest's ``ut:graphData`` labels say.

Documented exceptions (everything else must pass exactly as the manifest says):

* Update tests that expect 2xx (``update_*``) get 403: the endpoint is read-only by design; the test asserts the 403
  and the explanation instead. Their follow-up ASK requests check the update's effect, so they are not sent.
* ``bad_update_*`` tests expect a 4xx: they get 403 when the request is recognisably an update, 415 when its media
  type is not one of a SPARQL operation at all; both are checked to be 4xx.
"""

from __future__ import annotations

import http.client
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import RDF, Namespace
from rdflib.collection import Collection

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
RDF_TYPES = ("application/rdf+xml", "text/turtle", "application/n-triples", "text/plain", "application/xhtml+xml",
             "text/html", "application/ld+json", "application/trig")
TABULAR = ("application/sparql-results+xml", "application/sparql-results+json", "text/csv",
           "text/tab-separated-values")


def _suite(shared: Path, name: str) -> tuple[rdflib.Graph, list]:
    path = shared / "conformance" / "sparql11" / name / "manifest.ttl"
    g = rdflib.Graph().parse(path, format="turtle", publicID=path.as_uri())
    manifest = next(g.subjects(RDF.type, MF.Manifest))
    entries = list(Collection(g, g.value(manifest, MF.entries)))
    assert entries, f"{path} lists no tests"
    return g, entries


@pytest.fixture(scope="module")
def protocol_server(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory, server_factory):  # type: ignore[no-untyped-def]
    g, entries = _suite(shared_dir, "protocol")
    tmp = tmp_path_factory.mktemp("protocol")
    store = ox.Store(str(tmp / "store"))
    loaded = set()
    for test in entries:
        for gd in g.objects(test, UT.graphData):
            file, name = g.value(gd, UT.graph), str(g.value(gd, rdflib.RDFS.label))
            if name not in loaded:
                store.bulk_load(path=str(Path(rdflib.URIRef(file).replace("file://", ""))),
                                format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))
                loaded.add(name)
    assert len(loaded) == 3
    store.flush()
    del store
    start_server, stop_server = server_factory
    srv = start_server(tmp, "--store", str(tmp / "store"), "--no-build", "--build-dir", str(tmp), "--workers", "2")
    yield srv, g, entries
    stop_server(srv)


def _send(srv, g: rdflib.Graph, req) -> tuple[int, str, bytes]:  # type: ignore[no-untyped-def]
    path = str(g.value(req, HT.absolutePath))
    method = str(g.value(req, HT.methodName))
    headers = {}
    hlist = g.value(req, HT.headers)
    if hlist is not None:
        for h in Collection(g, hlist):
            headers[str(g.value(h, HT.fieldName))] = str(g.value(h, HT.fieldValue))
    body_node = g.value(req, HT.body)
    body = None
    if body_node is not None:
        encoding = str(g.value(body_node, CNT.characterEncoding) or "UTF-8")
        chars = str(g.value(body_node, CNT.chars))
        body = chars.encode("utf-16" if "16" in headers.get("content-type", "") else encoding)
    conn = http.client.HTTPConnection(srv.url.removeprefix("http://"), timeout=30)
    conn.request(method, path, body=body, headers=headers)
    resp = conn.getresponse()
    out = resp.status, resp.getheader("Content-Type", ""), resp.read()
    conn.close()
    return out


def _boolean(ctype: str, body: bytes) -> bool:
    if "json" in ctype:
        return json.loads(body)["boolean"]
    return b"<boolean>true</boolean>" in body


def _protocol_ids(shared: Path) -> list[str]:
    try:
        _, entries = _suite(shared, "protocol")
    except FileNotFoundError:
        return []
    return [str(e).rsplit("#", 1)[-1] for e in entries]


from kzjp_kg import config  # noqa: E402

PROTOCOL_IDS = _protocol_ids(config.SHARED_DIR)


def test_protocol_manifest_found() -> None:
    if not PROTOCOL_IDS:
        pytest.skip(f"the shared conformance folder is not beside the clone ({config.SHARED_DIR})")
    assert len(PROTOCOL_IDS) >= 30


@pytest.mark.parametrize("name", PROTOCOL_IDS)
def test_protocol(protocol_server, name: str) -> None:  # type: ignore[no-untyped-def]
    srv, g, entries = protocol_server
    test = next(e for e in entries if str(e).endswith("#" + name))
    requests = list(Collection(g, g.value(g.value(test, MF.action), HT.requests)))
    first = requests[0]
    expect = g.value(first, HT.resp)
    statuses = set(g.objects(expect, MF.expectedStatus))
    status, ctype, body = _send(srv, g, first)
    if name.startswith("update_"):
        assert status == 403, (name, status, body[:300])
        assert b"read-only" in body
        assert srv.alive()
        return
    if statuses == {HTS.StatusCode4xx}:
        assert 400 <= status < 500, (name, status, body[:300])
        if name.startswith("bad_update") and b"update" in (g.value(g.value(first, HT.body), CNT.chars) or "").encode() \
                .lower() + str(g.value(first, HT.absolutePath)).encode().lower():
            assert status in (403, 415), (name, status)
        assert srv.alive()
        return
    assert 200 <= status < 400, (name, status, body[:300])
    fmt = str(g.value(expect, MF.expectedFormat) or "")
    if fmt == "boolean":
        assert any(t in ctype for t in ("sparql-results+json", "sparql-results+xml")), ctype
        expected = g.value(expect, MF.expectedBoolean)
        if expected is not None:
            assert _boolean(ctype, body) is bool(expected.toPython())
    elif fmt == "tabular":
        assert ctype.split(";")[0] in TABULAR, ctype
    elif fmt == "RDF":
        assert ctype.split(";")[0] in RDF_TYPES, ctype
    assert len(requests) == 1, "multi-request query tests are not expected in this manifest"


def test_service_description_suite(shared_dir: Path, server) -> None:  # type: ignore[no-untyped-def]
    _, entries = _suite(shared_dir, "service-description")
    names = {str(e).rsplit("#", 1)[-1] for e in entries}
    assert names == {"has-endpoint-triple", "returns-rdf", "conforms-to-schema"}
    # returns-rdf: GET on the endpoint without a query returns RDF
    status, headers, body = server.get("/sparql", {"Accept": "text/turtle, application/rdf+xml;q=0.9"})
    assert status == 200 and headers["content-type"].split(";")[0] in RDF_TYPES
    g = rdflib.Graph().parse(data=body, format="turtle")
    # has-endpoint-triple: an sd:endpoint whose value is the URL that was dereferenced
    me = rdflib.URIRef(server.url + "/sparql")
    assert (None, SD.endpoint, me) in g
    # conforms-to-schema: sd:Service with the required shape (SPARQL 1.1 SD §3)
    service = g.value(None, SD.endpoint, me)
    assert (service, RDF.type, SD.Service) in g
    langs = set(g.objects(service, SD.supportedLanguage))
    assert langs and langs <= {SD.SPARQL10Query, SD.SPARQL11Query, SD.SPARQL11Update}
    for o in g.objects(service, SD.resultFormat):
        assert isinstance(o, rdflib.URIRef)
    for o in g.objects(service, SD.feature):
        assert o in {SD.DereferencesURIs, SD.UnionDefaultGraph, SD.RequiresDataset, SD.EmptyGraphs,
                     SD.BasicFederatedQuery}
    ds = g.value(service, SD.defaultDataset)
    assert (ds, RDF.type, SD.Dataset) in g
    for ng in g.objects(ds, SD.namedGraph):
        assert isinstance(g.value(ng, SD.name), rdflib.URIRef)
    # also as RDF/XML, the SD's other common format
    status, headers, body = server.get("/sparql", {"Accept": "application/rdf+xml"})
    assert status == 200 and (None, SD.endpoint, me) in rdflib.Graph().parse(data=body, format="xml")
