"""The fast path's constraint components are a registry: one class per SHACL Core component, keyed by its parameter,
and the plan refuses any constraint parameter no class is registered for (so pySHACL, the reference, takes it)."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.namespace import SH

from kzjp_kg.validate import fast
from kzjp_kg.validate.fast.components import REGISTRY, Component

SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:message "m" ;
  sh:property [ sh:path ex:p ; sh:message "m" ; {constraint} ] .
ex:T a sh:NodeShape ; sh:property [ sh:path ex:q ; sh:minCount 1 ] .
"""


def test_each_component_is_one_class_registered_by_its_parameter() -> None:
    assert len({type(c) for c in REGISTRY.values()}) == len(REGISTRY)
    for parameter, component in REGISTRY.items():
        assert isinstance(component, Component) and component.parameter == parameter
        assert str(parameter).startswith(str(SH)) and str(component.iri).endswith("ConstraintComponent")
    assert frozenset(REGISTRY) == fast.PARAMETERS


@pytest.mark.parametrize("constraint", ["sh:minCount 1", "sh:datatype <http://www.w3.org/2001/XMLSchema#string>",
                                        "sh:pattern \"^a\"", "sh:in ( ex:a ex:b )"])
def test_a_registered_parameter_compiles(constraint: str) -> None:
    fast.Plan(Graph().parse(data=SHAPES.replace("{constraint}", constraint), format="turtle"))


@pytest.mark.parametrize("constraint", ["sh:node ex:T", "sh:hasValue ex:a", "sh:uniqueLang true",
                                        "sh:minLength 2", "sh:equals ex:q"])
def test_an_unregistered_parameter_is_refused_by_name(constraint: str) -> None:
    with pytest.raises(fast.Unsupported) as e:
        fast.Plan(Graph().parse(data=SHAPES.replace("{constraint}", constraint), format="turtle"))
    assert constraint.split()[0].removeprefix("sh:") in str(e.value)


def test_registering_a_component_makes_the_plan_accept_it(monkeypatch: pytest.MonkeyPatch) -> None:
    class HasValue(Component):
        parameter, iri = SH.hasValue, SH.HasValueConstraintComponent

    monkeypatch.setitem(REGISTRY, SH.hasValue, HasValue())
    monkeypatch.setattr("kzjp_kg.validate.fast.plan.PARAMETERS", frozenset(REGISTRY))
    plan = fast.Plan(Graph().parse(data=SHAPES.replace("{constraint}", "sh:hasValue ex:a"), format="turtle"))
    assert any(SH.hasValue in s.params for s in plan.shapes.values())
