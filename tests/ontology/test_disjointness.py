"""Disjoint top classes turn a wrong type into an error: the reasoner reports the clash and the build refuses it.

The fixture tests/data/inconsistent/visit-as-agent.ttl is the mistake the graph had
(``kzr:visit-2006-08-koizumi-kazakhstan kzjp:metWith kzr:nazarbayev``): no shape can see it, because on the
reasoned graph the visit *is* a kzjp:Agent; kzjp:Agent and kzjp:Event being disjoint, OWL 2 RL's cax-adc fires.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from kzjp_kg import config
from kzjp_kg.load import load_dataset
from kzjp_kg.reason import closure
from kzjp_kg.reason.clash import InconsistentGraphError, check_consistency

FIXTURE = Path(__file__).resolve().parent.parent / "data" / "inconsistent" / "visit-as-agent.ttl"
AGENT, EVENT = str(config.KZJP.Agent), str(config.KZJP.Event)


@pytest.fixture(scope="module")
def fixture_graph() -> Graph:
    g = Graph().parse(FIXTURE, format="turtle")
    g += load_dataset().graph(config.GRAPH_ONTOLOGY)
    return g


@pytest.mark.parametrize("engine", ["fast", "owlrl"])
def test_the_reasoner_reports_the_visit_in_two_disjoint_classes(fixture_graph: Graph, engine: str) -> None:
    found = closure(fixture_graph, engine).inconsistencies
    visit = str(config.KZR.visit)
    assert any(visit in m and AGENT in m and EVENT in m for m in found), found


def test_the_clash_names_the_resource_the_classes_the_triple_and_the_sentence(fixture_graph: Graph) -> None:
    res = closure(fixture_graph)
    with pytest.raises(InconsistentGraphError) as err:
        check_consistency(fixture_graph, res.inconsistencies)
    msg = str(err.value)
    assert "kzr:visit is both a" in msg and "kzjp:Agent" in msg and "kzjp:Event" in msg, msg
    assert "kzr:visit kzjp:metWith kzr:host" in msg, msg          # the triple that made it an agent
    assert "kzr:visit a kzjp:Visit" in msg, msg                    # and the one that made it an event
    assert "kzs:s001" in msg and "Елбасы Жапонияға барды." in msg, msg
    assert err.value.exit_code == 1


def test_the_project_graph_is_consistent() -> None:
    from kzjp_kg.statements.asbuilt import as_built

    asserted = as_built().asserted()
    res = closure(asserted)
    assert res.inconsistencies == []
    check_consistency(asserted, res.inconsistencies)


def test_the_build_refuses_a_visit_used_as_an_agent(tmp_path: Path) -> None:
    """The real pipeline on a copy of the sources with the old mistake put back: nothing is published. The build
    may refuse it at either line of defence: the validation of the asserted layers (domain not asserted) or, if that
    let it through, the reasoner's disjointness clash (InconsistentGraphError); both name the triple's sentence."""
    from kzjp_kg.build import build
    from kzjp_kg.errors import NonConformingError

    root = tmp_path / "src"
    for d in ("ontology", "graph"):
        shutil.copytree(config.ROOT / d, root / d)
    events = root / "graph" / "facts" / "events.ttl"
    events.write_text(events.read_text(encoding="utf-8")
                      + "\nkzr:visit-2006-08-koizumi-kazakhstan kzjp:metWith kzr:nazarbayev .\n", encoding="utf-8")
    refs = root / "graph" / "facts" / "references.tsv"
    refs.write_text(refs.read_text(encoding="utf-8").rstrip("\n")
                    + "\nkzr:visit-2006-08-koizumi-kazakhstan\tkzjp:metWith\tkzr:nazarbayev\tkzs:s064\t\t\t\n",
                    encoding="utf-8")
    out = tmp_path / "build"
    with pytest.raises(NonConformingError) as err:
        build(out, root=root)
    msg = str(err.value)
    assert "kzr:visit-2006-08-koizumi-kazakhstan" in msg and "kzjp:Agent" in msg and "kzjp:metWith" in msg, msg
    assert "kzs:s064" in msg, msg
    assert not (out / "manifest.json").exists()
