"""The store route (``validate_files``: N-Triples files bulk-loaded into pyoxigraph, no rdflib graph of the data)
gives the same report and QC rows as ``validate(graph)`` on the same triples.

Compared on the project graph, every fixture of tests/data, and a synthetic graph (``kzjp_kg.synth``) reasoned as
the build reasons it; defects injected into the files must be reported. Where the routes differ by design (the store
keeps terms its own way: ``StoreView``'s docstring) the tests show the difference instead of hiding it.
"""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, BNode, Graph, Literal
from rdflib.namespace import XSD

from kzjp_kg import config
from kzjp_kg.load import asserted_graph, load_dataset
from kzjp_kg.reason import closure
from kzjp_kg.sources.translit import latin_labels
from kzjp_kg.synth import generate
from kzjp_kg.terms import bcp47_case
from kzjp_kg.validate import ValidationResult, fast, load_shapes, validate, validate_files
from kzjp_kg.validate.fast import result_keys
from tests.validate._files import nt_files as _files
from tests.validate._files import rdf11

DATA = Path(__file__).resolve().parent.parent / "data"
KZJP, KZR = config.KZJP, config.KZR
SHAPES = load_shapes()
ONTO = load_dataset().graph(config.GRAPH_ONTOLOGY)


def _qc_rows(res: ValidationResult) -> Counter:
    # blank nodes get fresh ids in the store: compare them as blank nodes, not by id
    return Counter(("_:" if isinstance(r.focus, BNode) else str(r.focus), r.shape,
                    r.message if not isinstance(r.focus, BNode) else r.shape) for r in res.qc_failures)


def same(paths: list[Path], reference: Graph) -> ValidationResult:
    """The store route on ``paths`` and ``validate(rdf11(reference))`` agree result for result and row for row."""
    store = validate_files(paths, shapes=SHAPES)
    ref = validate(rdf11(reference), shapes=SHAPES)
    assert store.engine == "store" and ref.engine == "fast"
    a = result_keys(store.report, canonical_bnodes=True)
    b = result_keys(ref.report, canonical_bnodes=True)
    assert a == b, f"only store: {list(a - b)[:3]}\nonly graph: {list(b - a)[:3]}"
    assert store.conforms == ref.conforms
    assert _qc_rows(store) == _qc_rows(ref)
    return store


def test_same_result_on_the_project_graph(tmp_path: Path) -> None:
    data = asserted_graph(load_dataset())
    data += latin_labels(data)
    inferred = closure(data).inferred
    result = same(_files(tmp_path, data, inferred), data + inferred)
    assert result.conforms and len(result.warnings) >= 10 and result.infos
    # the census gave xsd:nonNegativeInteger back to the offsets the store keeps as xsd:integer
    assert not [r for r in result.violations if "offset" in r.message]


@pytest.mark.parametrize("path", [*sorted((DATA / "invalid").glob("*.ttl")), DATA / "valid" / "minimal.ttl"],
                         ids=lambda p: p.stem)
def test_same_result_on_every_fixture(path: Path, tmp_path: Path) -> None:
    g = Graph().parse(path, format="turtle")
    g += ONTO
    inferred = closure(g, "reasonable").inferred
    same(_files(tmp_path, g, inferred), g + inferred)


def _synthetic(n: int = 3000, seed: int = 7) -> tuple[Graph, Graph]:
    """Synthetic facts plus the ontology, and their inferred triples (as the build reasons)."""
    buf = io.StringIO()
    generate(n, seed, buf)
    g = Graph().parse(data=buf.getvalue(), format="nt")
    g += ONTO
    g += latin_labels(g)
    return g, closure(g, "reasonable").inferred


def test_same_result_on_a_synthetic_graph(tmp_path: Path) -> None:
    g, inferred = _synthetic()
    result = same(_files(tmp_path, g, inferred), g + inferred)
    assert result.conforms and not result.violations


def test_defects_injected_into_the_files_are_reported(tmp_path: Path) -> None:
    g, inferred = _synthetic()
    paths = _files(tmp_path, g, inferred)
    assert validate_files(paths, shapes=SHAPES).conforms
    person = sorted(g.subjects(RDF.type, KZJP.Person), key=str)[0]
    sentence = sorted(g.subjects(RDF.type, KZJP.Sentence), key=str)[0]
    visit = sorted(g.subjects(KZJP.visitingState, None), key=str)[0]
    kk = next(o for o in g.objects(person, RDFS.label) if o.language == "kk")
    defects = Graph()
    defects.add((sentence, KZJP.endOffset, Literal("-1", datatype=XSD.nonNegativeInteger)))  # ill-typed, 2nd end
    defects.add((visit, KZJP.visitingState, KZR.nowhere))  # a second visiting state, and not a state
    broken = tmp_path / "facts-with-defects.nt"
    text = paths[0].read_text(encoding="utf-8").replace(f"<{person}> <{RDFS.label}> {kk.n3()} .\n", "")
    assert text != paths[0].read_text(encoding="utf-8")
    broken.write_text(text + defects.serialize(format="nt"), encoding="utf-8")
    reference = Graph().parse(broken, format="nt") + inferred
    result = same([broken, paths[1]], reference)
    found = {(r.focus, r.path) for r in result.violations}
    assert {(person, RDFS.label), (sentence, KZJP.endOffset), (visit, KZJP.visitingState)} <= found, found
    assert not result.conforms


def test_where_the_routes_differ_by_design(tmp_path: Path) -> None:
    """The store keeps ``"Q7"`` and ``"Q7"^^xsd:string`` as one term and lower-cases tags: shown, not hidden."""
    g, inferred = _synthetic(1500)
    person = sorted(g.subjects(RDF.type, KZJP.Person), key=str)[0]
    g.add((person, KZJP.wikidataId, Literal("Q7")))
    g.add((person, KZJP.wikidataId, Literal("Q7", datatype=XSD.string)))
    g.add((person, RDFS.label, Literal("Mixed", lang="KK-latn")))  # Latin in a kk-Latn label: fine, any case
    g.add((person, RDFS.label, Literal("Кирилл", lang="EN")))  # Cyrillic in an English label: a violation
    paths = _files(tmp_path, g, inferred)
    store, ref = validate_files(paths, shapes=SHAPES), validate(g + inferred, shapes=SHAPES)
    ids = [r for r in ref.violations if r.path == KZJP.wikidataId]
    assert [r.focus for r in ids] == [person]  # rdflib: two values, over sh:maxCount 1
    assert not [r for r in store.violations if r.path == KZJP.wikidataId]  # the store: one value
    labels = {r.value for r in store.violations if r.focus == person and r.path == RDFS.label}
    assert labels == {Literal("Кирилл", lang="en")}  # tag case as BCP 47 writes it, not as the data did
    assert {r.value for r in ref.violations if r.focus == person and r.path == RDFS.label} == {
        Literal("Кирилл", lang="EN")}


def test_one_value_written_with_two_datatypes_the_store_merges_is_refused(tmp_path: Path) -> None:
    """``"0"^^xsd:int`` and ``"0"^^xsd:nonNegativeInteger`` are one term in the store, two in the files: no
    answer would be right, so the store route says so (sh:datatype reads kzjp:startOffset)."""
    g, inferred = _synthetic(1500)
    sentence = sorted(g.subjects(RDF.type, KZJP.Sentence), key=str)[0]
    g.set((sentence, KZJP.startOffset, Literal("0", datatype=XSD.nonNegativeInteger)))
    g.add((sentence, KZJP.startOffset, Literal("0", datatype=XSD.int)))
    with pytest.raises(fast.Unsupported, match="cannot tell"):
        validate_files(_files(tmp_path, g, inferred), shapes=SHAPES)


def test_several_derived_datatypes_on_one_predicate_keep_their_own(tmp_path: Path) -> None:
    g, inferred = _synthetic(1500)
    sentences = sorted(g.subjects(RDF.type, KZJP.Sentence), key=str)
    g.set((sentences[0], KZJP.startOffset, Literal("0", datatype=XSD.int)))  # a violation: not nonNegativeInteger
    g.set((sentences[1], KZJP.startOffset, Literal("-2", datatype=XSD.nonNegativeInteger)))  # ill-typed
    result = same(_files(tmp_path, g, inferred), g + inferred)
    bad = {(r.focus, r.value) for r in result.violations if r.path == KZJP.startOffset}
    assert bad == {(sentences[0], Literal("0", datatype=XSD.int)),
                   (sentences[1], Literal("-2", datatype=XSD.nonNegativeInteger))}


def test_bad_files_are_named() -> None:
    with pytest.raises(ValueError, match=r"invalid\.nq.*triple files"):
        validate_files([Path("invalid.nq")], shapes=SHAPES)


def test_bad_syntax_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.nt"
    bad.write_text("<http://example.org/a> <http://example.org/b> .\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.nt"):
        validate_files([bad], shapes=SHAPES)


@pytest.mark.parametrize("stored,written", [("kk-latn", "kk-Latn"), ("en-gb", "en-GB"), ("zh-hant-tw", "zh-Hant-TW"),
                                            ("ja", "ja"), ("en-x-abcd-gb", "en-x-abcd-gb"), ("de-1996", "de-1996"),
                                            ("sl-rozaj-biske", "sl-rozaj-biske")])
def test_language_tags_come_back_in_bcp47_case(stored: str, written: str) -> None:
    assert bcp47_case(stored) == written


def test_sh_datatype_xsd_string_accepts_plain_and_typed_strings() -> None:
    """Why the merge of ``"a"`` with ``"a"^^xsd:string`` cannot change an ``sh:datatype xsd:string`` result."""
    assert fast._datatype_ok(Literal("Q1"), XSD.string) and fast._datatype_ok(Literal("Q1", datatype=XSD.string),
                                                                             XSD.string)
    assert not fast._datatype_ok(Literal("Q1", lang="en"), XSD.string)
