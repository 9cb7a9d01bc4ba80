"""The synthetic generator is deterministic, sized as asked, and conforms to the ontology's shapes after reasoning."""

from __future__ import annotations

import io

from rdflib import Graph

from kzjp_kg import config
from kzjp_kg.load import load_dataset
from kzjp_kg.reason import closure
from kzjp_kg.sources.translit import latin_labels
from kzjp_kg.synth import generate
from kzjp_kg.validate import validate


def _make(n: int, seed: int) -> str:
    buf = io.StringIO()
    generate(n, seed, buf)
    return buf.getvalue()


def test_same_seed_same_bytes_other_seed_other_data() -> None:
    assert _make(3000, 7) == _make(3000, 7)
    assert _make(3000, 7) != _make(3000, 8)


def test_size_is_as_asked_within_one_block() -> None:
    for n in (1000, 20000):
        got = len(_make(n, 1).splitlines())
        assert n <= got <= n * 1.01 + 60


def test_synthetic_data_conforms_after_reasoning() -> None:
    g = Graph().parse(data=_make(3000, 3), format="nt")
    assert len(g) >= 3000
    g += load_dataset().graph(config.GRAPH_ONTOLOGY)
    g += latin_labels(g)
    result = validate(g + closure(g).inferred)
    assert result.conforms, [r.message for r in (result.violations + result.qc_failures)[:5]]
