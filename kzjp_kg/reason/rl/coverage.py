"""Which OWL 2 RL/RDF rules this engine implements, and why the others are left out.

The rule tables of the OWL 2 profiles specification (section 4.3, tables 4 to 9:
https://www.w3.org/TR/owl2-profiles/#Reasoning_in_OWL_2_RL_and_RDF_Graphs_using_Rules) are the checklist: every rule
id is either in the registry (:data:`IMPLEMENTED`, read from :mod:`.registry` after every rule module is imported)
or in :data:`NOT_IMPLEMENTED` with the reason. ``tests/reason/test_rl_rules.py`` holds the full list of ids from
the specification and checks that the two together cover it exactly.
"""

from __future__ import annotations

from . import engine as _engine  # noqa: F401  (imports every rule module, which fills the registry)
from .registry import BY_ID, Rule

#: Rules deliberately not implemented, with the reason.
NOT_IMPLEMENTED: dict[str, str] = {
    "eq-ref": "reflexive sameAs omitted, as owlrl's output is filtered of it (kzjp_kg.reason.noise) and as every "
              "practical reasoner does: it adds `s owl:sameAs s` for every term and says nothing about the data",
    "prp-ap": "axiomatic `p rdf:type owl:AnnotationProperty` for the built-in annotation properties: vocabulary "
              "triples that say nothing about the data (owlrl runs with axiomatic_triples=False)",
    "dt-eq": "literals are N-Triples strings compared as strings: two lexical forms of one value (\"1\"^^xsd:integer, "
             "\"01\"^^xsd:integer) are not made owl:sameAs (owlrl skips dt-eq too); value equality is used only "
             "where it matters, in the dt-diff check",
}

#: rule id -> the registered functions implementing it
IMPLEMENTED: dict[str, list[Rule]] = dict(BY_ID)


def coverage() -> dict[str, str]:
    """rule id -> ``implemented by <functions>`` or ``not implemented: <reason>``, sorted by id."""
    out = {i: "implemented by " + ", ".join(f"{r.fn.__module__.rsplit('.', 1)[-1]}.{r.fn.__name__} ({r.kind})"
                                            for r in rules) for i, rules in IMPLEMENTED.items()}
    out.update({i: f"not implemented: {why}" for i, why in NOT_IMPLEMENTED.items()})
    return dict(sorted(out.items()))
