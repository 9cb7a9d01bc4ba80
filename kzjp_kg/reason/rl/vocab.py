"""The RDF, RDFS and OWL terms the rules match, in N-Triples form (``<iri>``), and which triples count as schema.

Terms are compared as plain strings (see :mod:`kzjp_kg.reason.rl`), so every vocabulary term is spelled here once,
already wrapped in angle brackets.
"""

from __future__ import annotations

Triple = tuple[str, str, str]

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
_XSD = "http://www.w3.org/2001/XMLSchema#"


def _r(ns: str, name: str) -> str:
    """``<ns + name>``: a vocabulary IRI as an N-Triples term."""
    return f"<{ns}{name}>"


TYPE, FIRST, REST, NIL = (_r(_RDF, n) for n in ("type", "first", "rest", "nil"))
PROPERTY = _r(_RDF, "Property")
SCO, SPO, DOMAIN, RANGE, DATATYPE = (_r(_RDFS, n) for n in ("subClassOf", "subPropertyOf", "domain", "range",
                                                            "Datatype"))
(SAME, DIFFERENT, EQC, EQP, INV, CLASS, THING, NOTHING, OBJPROP, DTPROP, ONPROP, SVF, AVF, HV, INTER, UNION,
 ONEOF, COMPL, DISJ, PDISJ, CHAIN, HASKEY, MAXC, MAXQC, ONCLASS, MEMBERS, DMEMBERS, ALLDIFF, ALLDISJC, ALLDISJP,
 SRCIND, ASSPROP, TGTIND, TGTVAL, TRANS, SYMM, ASYM, IRR, FUNC, IFP) = (_r(_OWL, n) for n in (
    "sameAs", "differentFrom", "equivalentClass", "equivalentProperty", "inverseOf", "Class", "Thing", "Nothing",
    "ObjectProperty", "DatatypeProperty", "onProperty", "someValuesFrom", "allValuesFrom", "hasValue",
    "intersectionOf", "unionOf", "oneOf", "complementOf", "disjointWith", "propertyDisjointWith",
    "propertyChainAxiom", "hasKey", "maxCardinality", "maxQualifiedCardinality", "onClass", "members",
    "distinctMembers", "AllDifferent", "AllDisjointClasses", "AllDisjointProperties", "sourceIndividual",
    "assertionProperty", "targetIndividual", "targetValue", "TransitiveProperty", "SymmetricProperty",
    "AsymmetricProperty", "IrreflexiveProperty", "FunctionalProperty", "InverseFunctionalProperty"))

#: Predicates whose triples are schema: a new one derived from data means the schema must be compiled again.
SCHEMA_PREDICATES = frozenset({
    SCO, SPO, DOMAIN, RANGE, EQC, EQP, INV, ONPROP, SVF, AVF, HV, INTER, UNION, ONEOF, COMPL, DISJ, PDISJ,
    CHAIN, HASKEY, MAXC, MAXQC, ONCLASS, MEMBERS, DMEMBERS, SRCIND, ASSPROP, TGTIND, TGTVAL, FIRST, REST})
#: Classes whose instances are schema (property characteristics, class declarations, n-ary axioms).
SCHEMA_CLASSES = frozenset({CLASS, OBJPROP, DTPROP, PROPERTY, TRANS, SYMM, ASYM, IRR, FUNC, IFP, ALLDIFF,
                            ALLDISJC, ALLDISJP})


