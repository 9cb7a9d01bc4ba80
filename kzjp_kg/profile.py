"""A check that an ontology stays inside the OWL 2 RL profile, so the reasoner uses every axiom.

Why our own check: owlrl silently ignores axioms outside RL (an existential on the superclass side, a union
superclass, a cardinality above one), so an ontology can look richer than what is actually reasoned with. This
lists each construct RL forbids, with the class or property it occurs on.
"""

from __future__ import annotations

from rdflib import OWL, RDFS, BNode, Graph, Literal

_FORBIDDEN_ON_SUPER = (OWL.someValuesFrom, OWL.unionOf, OWL.minCardinality, OWL.cardinality,
                       OWL.minQualifiedCardinality, OWL.qualifiedCardinality, OWL.oneOf)


def rl_violations(g: Graph) -> list[str]:
    """Constructs outside OWL 2 RL (RDF-based rules), as readable lines; empty when the ontology is in RL."""
    out = []
    for sub, sup in g.subject_objects(RDFS.subClassOf):
        if isinstance(sup, BNode):
            for p in _FORBIDDEN_ON_SUPER:
                if (sup, p, None) in g:
                    out.append(f"{sub}: superclass uses {p.split('#')[-1]} (not allowed on the superclass side in RL)")
            for p in (OWL.maxCardinality, OWL.maxQualifiedCardinality):
                for n in g.objects(sup, p):
                    if isinstance(n, Literal) and int(n) > 1:
                        out.append(f"{sub}: max cardinality {n} > 1 is outside RL")
    for s in g.subjects(OWL.disjointUnionOf, None):
        out.append(f"{s}: owl:disjointUnionOf is outside RL")
    for s in g.subjects(None, OWL.ReflexiveProperty):
        out.append(f"{s}: owl:ReflexiveProperty is outside RL")
    for s in g.subjects(OWL.equivalentClass, None):
        for o in g.objects(s, OWL.equivalentClass):
            if isinstance(o, BNode) and ((o, OWL.someValuesFrom, None) in g or (o, OWL.unionOf, None) in g):
                out.append(f"{s}: equivalent to an existential or union class (outside RL)")
    return sorted(set(out))
