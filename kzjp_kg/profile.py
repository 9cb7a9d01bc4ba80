"""A check that an ontology stays inside the OWL 2 RL profile, so the reasoner uses every axiom.

Why our own check: owlrl silently ignores axioms outside RL (an existential on the superclass side, a union
superclass, a cardinality above one), so an ontology can look richer than what is actually reasoned with. This
lists each construct RL forbids, with the class or property it occurs on.

A fast first line only: the reference is OWL API's OWL2RLProfile (tools/owlcheck/OwlCheck.java, run by
tests/ontology/). The structural rules it enforces that this check also encodes: ranges only to datatypes of the
OWL 2 RL datatype map (not xsd:date, xsd:gYear, xsd:gYearMonth or rdf:langString: their values are checked by
SHACL instead), no IRI used as two kinds of property (illegal punning), and no annotation property or class used
without a declaration.
"""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, XSD, BNode, Graph, Literal, Node, URIRef

_FORBIDDEN_ON_SUPER = (OWL.someValuesFrom, OWL.unionOf, OWL.minCardinality, OWL.cardinality,
                       OWL.minQualifiedCardinality, OWL.qualifiedCardinality, OWL.oneOf)


#: The datatypes of OWL 2 RL (OWL 2 Profiles, section 4.2): a data range outside them is outside the profile.
RL_DATATYPES = frozenset({RDF.PlainLiteral, RDF.XMLLiteral, RDFS.Literal, *(XSD[n] for n in (
    "decimal", "integer", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger", "negativeInteger", "long",
    "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte", "float", "double",
    "string", "normalizedString", "token", "language", "Name", "NCName", "NMTOKEN", "boolean", "hexBinary",
    "base64Binary", "anyURI", "dateTime", "dateTimeStamp"))})
_PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
_BUILT_IN = (str(RDF), str(RDFS), str(OWL), str(XSD))


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
    out += _declaration_violations(g)
    return sorted(set(out))


def _declaration_violations(g: Graph) -> list[str]:
    """Datatype ranges outside the map and punning between kinds of property: what OWL API's profile checker
    reports and the construct rules above do not see."""
    out = []
    declared_dt = set(g.subjects(RDF.type, RDFS.Datatype))
    for p, r in g.subject_objects(RDFS.range):
        outside = str(r).startswith(str(XSD)) or r == RDF.langString
        if isinstance(r, URIRef) and outside and r not in RL_DATATYPES and r not in declared_dt:
            out.append(f"{p}: rdfs:range {r} is outside the OWL 2 RL datatype map (check it with sh:datatype)")
    kinds: dict[Node, set] = {}
    for k in _PROPERTY_KINDS:
        for p in g.subjects(RDF.type, k):
            kinds.setdefault(p, set()).add(k)
    for p, ks in kinds.items():
        if len(ks) > 1:
            out.append(f"{p}: illegal punning, declared as {' and '.join(sorted(k.split('#')[-1] for k in ks))}")
    # a declared datatype property used with an IRI or as a super-property of an object property is punned too
    for sub, sup in g.subject_objects(RDFS.subPropertyOf):
        ks, kp = kinds.get(sub, set()), kinds.get(sup, set())
        if ks and kp and ks.isdisjoint(kp):
            out.append(f"{sub}: sub-property of {sup}, which is a different kind of property (illegal punning)")
    for p, ks in kinds.items():
        if ks == {OWL.ObjectProperty} and any(isinstance(o, Literal) for o in g.objects(None, p)):
            out.append(f"{p}: an object property used with a literal value (illegal punning with an annotation)")
    return out


def undeclared(g: Graph) -> list[str]:
    """Properties and classes used without a declaration: outside OWL 2 DL and the structural OWL 2 RL profile
    (what OWL API checks), though the RDF-based RL rules do not need declarations (W3C's RL test premises omit
    them, so :func:`rl_violations` leaves this out)."""
    kinds = {p for k in _PROPERTY_KINDS for p in g.subjects(RDF.type, k)}
    used = {p for p in g.predicates() if isinstance(p, URIRef) and not str(p).startswith(_BUILT_IN)}
    out = [f"{p}: used but not declared (an undeclared annotation property is outside OWL 2 DL and RL)"
           for p in used if p not in kinds]
    classes = set(g.subjects(RDF.type, OWL.Class)) | set(g.subjects(RDF.type, RDFS.Class))
    for x, c in g.subject_objects(RDF.type):
        if isinstance(c, URIRef) and not str(c).startswith(_BUILT_IN) and c not in classes:
            out.append(f"{x}: typed {c}, a class the ontology does not declare")
    return sorted(set(out))
