"""The fast validation path gives the same report as pySHACL (the reference), or is not used.

Same report means the same multiset of (focus node, result path, value, severity, source shape, constraint
component, source constraint, messages) and the same QC rows, compared on: the project graph; every fixture of
tests/data; a synthetic graph with defects injected for every shape and QC query (and the awkward cases: blank-node
focus nodes, ill-typed dates, mixed-case language tags, ``"a"`` beside ``"a"^^xsd:string``, disagreeing claims of
different datatypes); the W3C SHACL tests the fast path compiles; and SPARQL constraints that need the per-focus
path instead of the one-query join. Shapes the fast path cannot evaluate make ``engine="auto"`` fall back to pySHACL.
"""

from __future__ import annotations

import io
import random
from collections import Counter
from pathlib import Path

import pytest
from pyshacl import validate as pyshacl_validate
from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH, XSD

from kzjp_kg import config
from kzjp_kg.load import asserted_graph, load_dataset
from kzjp_kg.reason import closure
from kzjp_kg.sources.translit import latin_labels
from kzjp_kg.synth import generate
from kzjp_kg.validate import fast, load_shapes, validate
from kzjp_kg.validate.fast import result_keys

DATA = Path(__file__).resolve().parent.parent / "data"
KZJP, KZR, KZS = config.KZJP, config.KZR, config.KZS
SHAPES = load_shapes()
ONTO = load_dataset().graph(config.GRAPH_ONTOLOGY)


def both(data: Graph, shapes: Graph = SHAPES):  # type: ignore[no-untyped-def]
    """Validate with both paths; assert they agree result for result and row for row; return the fast result."""
    quick = validate(data, engine="fast", shapes=shapes)
    ref = validate(data, engine="pyshacl", shapes=shapes)
    assert quick.engine == "fast" and ref.engine == "pyshacl"
    a, b = result_keys(quick.report), result_keys(ref.report)
    assert a == b, f"only fast: {list(a - b)[:3]}\nonly pyshacl: {list(b - a)[:3]}"
    assert quick.conforms == ref.conforms
    rows = [Counter((str(r.focus), r.message) for r in res.qc_failures) for res in (quick, ref)]
    assert rows[0] == rows[1]
    return quick


def reasoned(g: Graph) -> Graph:
    g += ONTO
    return g + closure(g, "reasonable").inferred


def test_same_report_on_the_project_graph() -> None:
    data = asserted_graph(load_dataset())
    data += latin_labels(data)
    result = both(data + closure(data).inferred)
    assert result.conforms and len(result.warnings) >= 10 and result.infos


@pytest.mark.parametrize("path", [*sorted((DATA / "invalid").glob("*.ttl")), DATA / "valid" / "minimal.ttl"],
                         ids=lambda p: p.stem)
def test_same_report_on_every_fixture(path: Path) -> None:
    both(reasoned(Graph().parse(path, format="turtle")))


# ------------------------------------------------------------------------------------- synthetic graph with defects

def _defective_synthetic(seed: int = 3) -> Graph:
    """A synthetic ontology-conformant graph, then defects for every shape and QC query, chosen by a seeded RNG."""
    buf = io.StringIO()
    generate(2500, seed, buf)
    g = Graph().parse(data=buf.getvalue(), format="nt")
    rnd = random.Random(seed)

    def some(cls: URIRef, n: int = 3, pred: URIRef | None = None) -> list:
        nodes = sorted(set(g.subjects(RDF.type, cls) if pred is None else g.subjects(pred, None)), key=str)
        assert len(nodes) >= n, (cls, pred, len(nodes))
        return rnd.sample(nodes, n)

    sentence = sorted(g.subjects(RDF.type, KZJP.Sentence), key=str)[0]
    persons, states = some(KZJP.Person, 6), some(KZJP.State, 2)
    for p in persons[:2]:  # labels: no @kk, no @en
        g.remove((p, RDFS.label, next(o for o in g.objects(p, RDFS.label) if o.language == ["kk", "en"][p == persons[1]])))
    g.add((persons[2], RDFS.label, Literal("Latin text", lang="kk")))  # wrong script
    g.add((persons[3], RDFS.label, Literal("Кирилл", lang="en")))
    g.add((persons[3], RDFS.label, Literal("no kana", lang="ja")))
    g.add((persons[4], RDFS.label, Literal("Mixed", lang="KK-latn")))  # tag case must not matter
    g.add((persons[4], RDFS.label, Literal("日本", lang="ja")))
    events = some(KZJP.Visit, 8, KZJP.visitor)
    g.remove((events[0], KZJP.statedIn, None))
    g.set((events[1], KZJP.startDate, Literal("2030-01-01", datatype=XSD.date)))  # after its end
    g.add((events[2], KZJP.startDate, Literal("2001-13-45", datatype=XSD.date)))  # ill-typed, and a second one
    g.add((events[2], KZJP.year, Literal("abc")))
    g.remove((events[3], KZJP.visitingState, None))
    g.add((events[4], KZJP.visitingState, states[0]))
    g.add((events[4], KZJP.visitingState, states[1]))
    g.set((events[5], KZJP.visitor, states[0]))  # a state as visitor: not a person, holds no office
    g.set((events[6], KZJP.hostState, persons[5]))
    docs = some(KZJP.Document, 3, KZJP.signedAt)
    for d in docs[:2]:
        g.add((d, KZJP.documentDate, Literal("1900-01-01", datatype=XSD.date)))  # outside the signing event
    g.add((docs[1], KZJP.documentDate, Literal("1900-01-02", datatype=XSD.date)))
    g.add((docs[2], KZJP.party, persons[5]))
    g.remove((docs[2], KZJP.statedIn, None))
    for d in some(KZJP.Doctrine, 1, KZJP.pursuedBy):
        g.add((d, KZJP.targetsState, Literal("Japan")))  # a range axiom cannot make a literal a state
    offices = some(KZJP.Office, 2, KZJP.officeOf)
    g.remove((offices[0], KZJP.officeOf, None))
    holdings = some(KZJP.OfficeHolding, 3, KZJP.holder)
    g.remove((holdings[0], KZJP.holder, None))
    g.add((holdings[1], KZJP.office, offices[1]))
    g.remove((holdings[2], KZJP.statedIn, None))
    g.add((holdings[2], KZJP.startDate, Literal("1999", datatype=XSD.gYear)))
    sentences = some(KZJP.Sentence, 3, KZJP.text)
    g.remove((sentences[0], KZJP.text, None))
    g.add((sentences[1], KZJP.text, Literal("in English", lang="en")))
    g.set((sentences[2], KZJP.startOffset, Literal(10 ** 6, datatype=XSD.nonNegativeInteger)))
    ttl = f"""
@prefix kzjp: <{KZJP}> . @prefix kzr: <{KZR}> . @prefix xsd: <{XSD}> . @prefix sh: <{SH}> .
@prefix rdfs: <{RDFS}> .
kzr:p1 a kzjp:Period ; rdfs:label "Кезең"@kk, "Period one"@en ; kzjp:startYear "1997"^^xsd:gYear ;
    kzjp:endYear "1991"^^xsd:gYear ; kzjp:statedIn <{sentence}> .
kzr:p2 a kzjp:Period ; rdfs:label "Кезең екі"@kk, "Period two"@en ; kzjp:endYear "2000"^^xsd:gYear, "2001" .
<{events[7]}> kzjp:inPeriod kzr:p1 .
kzr:c1 a kzjp:Claim ; rdfs:label "Тұжырым"@kk, "Claim"@en ; kzjp:claimAbout <{events[7]}> ;
    kzjp:claimedStartDate "1994-04-06"^^xsd:date ; kzjp:statedIn <{sentence}> .
kzr:c2 a kzjp:Claim ; kzjp:claimAbout <{events[7]}> ; kzjp:claimedStartDate "1994-04"^^xsd:gYearMonth .
[] a kzjp:Claim ; kzjp:claimAbout <{events[7]}> ; kzjp:claimedValue kzr:jp ; kzjp:claimedStartDate "1994-04-07"^^xsd:date .
[] a kzjp:Claim ; kzjp:claimAbout <{events[7]}> ; kzjp:claimedValue kzr:kz .
kzr:c3 a kzjp:Claim ; rdfs:label "Тұжырым 3"@kk, "Claim 3"@en ; kzjp:claimAbout kzr:c1 ; kzjp:claimedValue kzr:kz ;
    kzjp:statedIn <{sentence}> .
kzr:c4 a kzjp:Claim ; rdfs:label "Тұжырым 4"@kk, "Claim 4"@en ; kzjp:claimAbout kzr:c1 ; kzjp:claimedValue kzr:jp ;
    kzjp:statedIn <{sentence}> .
kzr:conflict a kzjp:Conflict ; rdfs:label "Қайшылық"@kk, "Conflict"@en ; kzjp:conflictingClaim kzr:c3, kzr:c4 .
kzr:d1 a kzjp:DateInconsistency ; rdfs:label "Ақау"@kk, "Defect"@en ; kzjp:defectIn <{sentence}> ;
    kzjp:severity sh:Warning ; kzjp:explanation "The dates disagree {{?value}} {{$this}}."@en, "Күндер"@kk .
kzr:d2 a kzjp:BrokenLine ; rdfs:label "Ақау 2"@kk, "Defect 2"@en ; kzjp:defectIn <{sentence}> ;
    kzjp:severity sh:Info ; kzjp:explanation "A line is broken."@en .
kzr:d3 a kzjp:SourceDefect ; rdfs:label "Ақау 3"@kk, "Defect 3"@en ; kzjp:severity sh:Violation ;
    kzjp:explanation "No sentence."@kk .
kzr:w1 kzjp:wikidataId "Q0" . kzr:w2 kzjp:wikidataId "q12" . kzr:w3 kzjp:wikidataId "Q5"^^xsd:anyURI .
kzr:w4 kzjp:wikidataId "Q7", "Q7"^^xsd:string .
kzr:lonely a kzjp:Person ; rdfs:label "Жалғыз"@kk, "Lonely"@en .
kzr:twin a kzjp:Person ; rdfs:label "Егіз"@kk, "Lonely"@en ; kzjp:citizenOf kzr:kz .
kzr:x kzjp:notATerm kzr:y .
kzjp:NewClass a <http://www.w3.org/2002/07/owl#Class> ; rdfs:label "New"@en .
<{KZS}s999> a kzjp:Sentence ; kzjp:text "Бос сөйлем."@kk ; kzjp:startOffset "5"^^xsd:nonNegativeInteger ;
    kzjp:endOffset "1"^^xsd:nonNegativeInteger .
kzr:a1 a kzjp:Assessment ; rdfs:label "Баға"@kk, "Assessment"@en ; kzjp:claimAbout kzr:c1 ; kzjp:statedIn <{sentence}> .
kzr:m1 a kzjp:Mention ; rdfs:label "Атау"@kk, "Mention"@en ; kzjp:mentionOf kzr:kz ; kzjp:statedIn <{sentence}> .
kzr:r1 a kzjp:Recognition ; rdfs:label "Тану"@kk, "Recognition"@en ; kzjp:statedIn <{sentence}> .
<{docs[0]}> kzjp:yearMonth "1994"^^xsd:gYear .
"""
    g.parse(data=ttl, format="turtle")
    return g


def test_same_report_on_a_synthetic_graph_with_injected_defects() -> None:
    result = both(reasoned(_defective_synthetic()))
    fired = {r.shape for r in result.violations + result.warnings + result.infos + result.qc_failures}
    names = {str(SHAPES.value(s, SH.name)) for s in SHAPES.subjects(RDF.type, SH.NodeShape)}
    # every node shape fired (the label-script node shape reports under its property shapes' names)
    assert names - fired - {"language tag matches script"} == set(), names - fired
    assert {"Kazakh label in Cyrillic", "English and Kazakh Latin labels in Latin script",
            "Japanese label in Japanese script"} <= fired
    assert {stem for stem in (p.stem for p in (config.SHAPES_DIR / "qc").glob("*.rq"))} <= fired
    assert any(isinstance(r.focus, BNode) for r in result.violations)  # the per-focus path for blank nodes ran


# ------------------------------------------------------------------------- SPARQL: join versus per-focus pre-binding

EX = Namespace("http://example.org/")
PREFIXES = f"""@prefix sh: <{SH}> . @prefix ex: <{EX}> . @prefix xsd: <{XSD}> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
ex:pfx a owl:Ontology ; sh:declare [ sh:prefix "ex" ; sh:namespace "{EX}"^^xsd:anyURI ] .
"""
DATA_TTL = """@prefix ex: <http://example.org/> .
ex:a a ex:C ; ex:p ex:b ; ex:q ex:a . ex:b a ex:C ; ex:p ex:a . ex:c a ex:C ; ex:q ex:a . [] a ex:C ; ex:p ex:c .
"""


@pytest.mark.parametrize("select,joinable", [
    ("SELECT $this ?value WHERE { $this ex:p ?value . FILTER NOT EXISTS { ?value ex:q $this } }", True),
    ("SELECT ?value WHERE { $this ex:p ?value OPTIONAL { ?value ex:q ?z FILTER(?z != $this) } FILTER(!BOUND(?z)) }",
     True),
    # $this inside a FILTER of a UNION branch: unbound there under a join, bound under pre-binding
    ("SELECT ?value WHERE { { ?value ex:q ?o FILTER(?o != $this) } UNION { $this ex:p ?value } }", False),
    ("SELECT ?value WHERE { { ?value ex:p ?o . BIND($this AS ?t) } FILTER(!BOUND(?t)) }", False),
])
def test_sparql_constraints_agree_whether_joined_or_pre_bound(select: str, joinable: bool) -> None:
    shapes = Graph().parse(data=PREFIXES + f'''ex:S a sh:NodeShape ; sh:targetClass ex:C ;
        sh:sparql [ sh:prefixes ex:pfx ; sh:message "bad {{$this}} {{?value}}" ; sh:select """{select}""" ] .''',
                           format="turtle")
    plan = fast.Plan(shapes)
    assert plan.top[0].sparql[0].joinable is joinable
    data = Graph().parse(data=DATA_TTL, format="turtle")
    if joinable:
        assert result_keys(both(data, shapes).report)
    else:  # pre-binding needs the focus node in the query text: a blank node cannot be written there
        auto = validate(data, shapes=shapes)
        assert auto.engine == "pyshacl" and "pre-binding" in auto.fallback
        for b in [s for s in data.subjects() if isinstance(s, BNode)]:
            data.remove((b, None, None))
        reference = both(data, shapes).report
        # and a plain join would have been wrong here: that is why the fast path pre-binds per focus node
        focus = sorted(set(data.subjects(RDF.type, EX.C)), key=str)
        body = fast._where_body(select)[1].replace("$this", "?this")
        values = " ".join(f"<{f}>" for f in focus)
        joined = {(str(r["this"]), str(r["value"])) for r in fast.OxView(data).select(
            f"PREFIX ex: <{EX}> SELECT DISTINCT ?this ?value WHERE {{ VALUES ?this {{ {values} }} {body} }}")}
        assert len(joined) != len(result_keys(reference)), joined


def test_unsupported_shapes_fall_back_to_pyshacl() -> None:
    shapes = Graph().parse(data=PREFIXES + "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property "
                           "[ sh:path ex:p ; sh:minLength 3 ; sh:message \"short\" ] .", format="turtle")
    data = Graph().parse(data=DATA_TTL, format="turtle")
    with pytest.raises(fast.Unsupported, match="minLength"):
        validate(data, engine="fast", shapes=shapes)
    auto = validate(data, shapes=shapes)
    assert auto.engine == "pyshacl" and "minLength" in auto.fallback
    assert validate(data).engine == "fast"  # the project's shapes compile: the default takes the fast path


# ----------------------------------------------------------------------------- W3C SHACL tests the fast path compiles

def _w3c_cases() -> list:
    from tests.validate.test_w3c_shacl import ENTRIES, EXPECTED_FAILURES

    return [e for e in ENTRIES if e[0].rsplit("/tests/", 1)[-1] not in EXPECTED_FAILURES]


@pytest.mark.slow
def test_same_report_on_the_w3c_tests_the_fast_path_compiles() -> None:
    from tests.validate.test_w3c_shacl import _load

    mf, sht = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"), Namespace("http://www.w3.org/ns/shacl-test#")
    cases = _w3c_cases()
    if not cases:
        pytest.skip("the shared W3C SHACL suite is not beside the clone")
    compiled = 0
    for iri, manifest, node in cases:
        g = Graph().parse(manifest, format="turtle", publicID=manifest.as_uri())
        action = g.value(node, mf.action)
        if (node, mf.result, None) in g and isinstance(g.value(node, mf.result), URIRef):
            continue  # ill-formed shapes graphs: expected to raise, pySHACL's job
        data, shapes = _load(g, g.value(action, sht.dataGraph)), _load(g, g.value(action, sht.shapesGraph))
        try:  # third-party shapes without sh:message: compared without messages (pySHACL writes generic ones)
            quick, report, _view = fast.run(data, shapes, generic_messages=True)
        except fast.Unsupported:
            continue
        conforms, ref, _text = pyshacl_validate(data, shacl_graph=shapes, inference="none", advanced=False,
                                                allow_warnings=True, allow_infos=True)
        assert result_keys(report, messages=False) == result_keys(ref, messages=False), iri
        assert quick == conforms, iri
        compiled += 1
    assert compiled >= 40, f"only {compiled} W3C tests compiled for the fast path"
