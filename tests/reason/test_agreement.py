"""The fast path gives the same inferred graph as owlrl, the reference: on the project graph and on LUBM(1).

This is what makes the fast path the default (kzjp_kg.reason.DEFAULT_ENGINE). "The same" means: after both engines'
noise is filtered (kzjp_kg.reason.noise), the inferred graphs are equal triple for triple, the SPARQL rules added
the same triples, and ``why`` gets the same rule for each rule-derived triple. What differs, and why it does not
matter, is listed in test_what_differs_is_noise_only.
"""

from __future__ import annotations

import pytest
from rdflib import RDF, Literal

from kzjp_kg.reason import DEFAULT_ENGINE
from kzjp_kg.reason.noise import category, category_key
from kzjp_kg.terms import to_ox

#: owlrl's closure of the project is computed once per worker: the tests that need it share one worker
pytestmark = pytest.mark.xdist_group("owlrl-project")


def test_the_fast_path_is_the_default() -> None:
    assert DEFAULT_ENGINE == "fast"


def test_project_graph_same_inferred_triples(project_closure) -> None:  # type: ignore[no-untyped-def]
    fast, ref = project_closure("fast"), project_closure("owlrl")
    only_fast, only_ref = set(fast.inferred) - set(ref.inferred), set(ref.inferred) - set(fast.inferred)
    assert not only_fast and not only_ref, (sorted(only_fast)[:5], sorted(only_ref)[:5])
    assert len(fast.inferred) > 1500
    assert fast.rule_counts == ref.rule_counts and sum(fast.rule_counts.values()) > 50
    assert fast.rule_of == ref.rule_of
    assert fast.inconsistencies == ref.inconsistencies == []


def test_what_differs_is_noise_only(project_closure) -> None:  # type: ignore[no-untyped-def]
    """The only differences are in what is dropped as noise, and each is noise by definition.

    owlrl materialises ``x owl:sameAs x`` for every term (eq-ref) and types every typed literal with its datatype
    and the datatypes above it (dt-type2, giving literal subjects); the fast path does not materialise either — no
    rule needs the first, and the second is looked up when a rule needs it (``RLEngine.types_of``). owlrl also
    states axioms about the RDF/XSD vocabularies themselves (``xsd:date rdf:type rdfs:Datatype``, datatype
    disjointness, ``rdfs:label rdf:type owl:AnnotationProperty``: dt-type1, prp-ap) that the fast path leaves out.
    """
    fast, ref = project_closure("fast").dropped, project_closure("owlrl").dropped
    assert "reflexive sameAs" in ref and "reflexive sameAs" not in fast
    assert fast["literal subject"] < ref["literal subject"]
    assert fast["about the RDF/OWL vocabulary"] <= ref["about the RDF/OWL vocabulary"]
    same = set(fast) - {"literal subject", "about the RDF/OWL vocabulary"}
    assert {k: fast[k] for k in same} == {k: ref[k] for k in same}


def test_both_spellings_of_the_noise_filter_agree(project_asserted, project_closure) -> None:  # type: ignore[no-untyped-def]
    from kzjp_kg.reason.engines import owlrl_closure

    full = owlrl_closure(project_asserted)
    seen = set()
    for t in full:
        k = tuple(str(to_ox(x)) for x in t)
        assert category(t) == category_key(*k), t
        seen.add(category(t))
    assert {"literal subject", "reflexive sameAs", "trivial type", None} <= seen


@pytest.mark.slow
def test_lubm_same_inferred_triples(lubm_inferred) -> None:  # type: ignore[no-untyped-def]
    fast, ref = set(lubm_inferred("fast")), set(lubm_inferred("owlrl"))
    assert fast == ref, (sorted(fast - ref)[:5], sorted(ref - fast)[:5])
    assert len(fast) > 45_000  # 49,747 with owlrl 7.6: types along the hierarchies, inverses, transitive parts
    assert not any(isinstance(s, Literal) for s, _, _ in fast)
    assert sum(1 for t in fast if t[1] == RDF.type) > 30_000
