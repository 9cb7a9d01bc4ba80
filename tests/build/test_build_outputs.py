"""The published build: every dump parses to the same dataset, layers are separate, labels and manifest are right."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kzjp_kg import config, digest

LAYERS = ("ontology", "source", "facts", "inferred")


def _quads(path: Path, fmt: ox.RdfFormat) -> set[ox.Quad]:
    return set(ox.parse(path=str(path), format=fmt))


@pytest.fixture(scope="module")
def trig(built: Path) -> set[ox.Quad]:
    return _quads(built / "dumps" / "kzjp-kg.trig", ox.RdfFormat.TRIG)


def test_every_dump_format_holds_the_same_dataset(built: Path, trig: set[ox.Quad]) -> None:
    assert len(trig) > 1000
    assert _quads(built / "dumps" / "kzjp-kg.nq", ox.RdfFormat.N_QUADS) == trig
    jsonld = _quads(built / "dumps" / "kzjp-kg.jsonld", ox.RdfFormat.JSON_LD)
    assert len(jsonld) == len(trig)


def test_one_named_graph_per_layer_with_its_own_turtle(built: Path, trig: set[ox.Quad],
                                                      built_manifest: dict) -> None:
    by_graph: dict[str, int] = {}
    for q in trig:
        by_graph[q.graph_name.value] = by_graph.get(q.graph_name.value, 0) + 1
    for layer in LAYERS:
        iri = str(config.KZG[layer])
        assert by_graph.get(iri, 0) > 0, f"named graph {iri} is empty or missing"
        turtle = list(ox.parse(path=str(built / "dumps" / f"{layer}.ttl"), format=ox.RdfFormat.TURTLE))
        assert len(turtle) == by_graph[iri] == built_manifest["graphs"][layer]
    assert all(not q.graph_name.value.startswith("urn:x-rdflib") for q in trig)


def test_inferred_graph_adds_only_new_triples(trig: set[ox.Quad]) -> None:
    derived = {str(config.GRAPH_INFERRED), str(config.GRAPH_STATEMENTS), str(config.GRAPH_WIKIDATA_PROJECTION)}
    inferred = {q.triple for q in trig if q.graph_name.value == str(config.GRAPH_INFERRED)}
    asserted = {q.triple for q in trig if q.graph_name.value not in derived}
    assert inferred and not (inferred & asserted)


def test_every_kazakh_label_has_a_latin_twin(trig: set[ox.Quad]) -> None:
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    kk = {(q.subject, q.graph_name) for q in trig
          if q.predicate.value == label and getattr(q.object, "language", None) == "kk"}
    latn = {(q.subject, q.graph_name) for q in trig
            if q.predicate.value == label and getattr(q.object, "language", None) == "kk-latn"}
    assert kk and kk <= latn, f"{len(kk - latn)} subjects with @kk but no @kk-Latn label"


def test_manifest_records_inputs_counts_and_validation(built_manifest: dict) -> None:
    assert built_manifest[digest.MANIFEST_KEY] == digest.current_digest()
    assert built_manifest["validation"]["conforms"] is True
    assert built_manifest["kk_latn_labels_added"] > 0
    assert set(LAYERS) <= set(built_manifest["graphs"])


def test_reports_are_published(built: Path) -> None:
    reports = sorted(p.name for p in (built / "reports").iterdir())
    assert reports, "no reports written"
