"""SPARQL text rewriting for SHACL-SPARQL constraints: what pySHACL's pre-binding of ``$this`` means as query text.

Why text: pySHACL pre-binds ``$this`` by substituting the focus node into the query; the fast path either joins all
focus nodes in at once (``VALUES``, when :func:`joinable` proves it equal) or substitutes as pySHACL does. Strings
and IRIs are masked before any brace or keyword is counted.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, BNode, Graph, Node
from rdflib.namespace import SH

from kzjp_kg.validate.fast.model import Unsupported

FORBIDDEN_SPARQL = re.compile(r"\b(MINUS|VALUES|SERVICE|GRAPH|GROUP\s+BY|HAVING|ORDER\s+BY|LIMIT|OFFSET|"
                               r"COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT)\b|\$PATH\b|\$shapesGraph\b|"
                               r"\$currentShape\b", re.I)
IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
STRING = re.compile(r"'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"", re.S)


def prefixes_of(sg: Graph, node: Node) -> dict[str, str]:
    """pySHACL's prefix collection for a SPARQL constraint (rdf, rdfs, owl, then sh:declare of sh:prefixes)."""
    out = {"rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL)}
    onts = set(sg.subjects(RDF.type, OWL.Ontology))
    ng = set(sg.objects(sg.identifier, SH.declare)) if sg.identifier else set()
    glob = ng.union(*(set(sg.objects(o, SH.declare)) for o in onts)) if onts else ng
    for pv in set(sg.objects(node, SH.prefixes)):
        own = set(sg.objects(pv, SH.declare))
        for dec in (own | ng) if own and pv in onts else (glob | own):
            out[str(sg.value(dec, SH.prefix))] = str(sg.value(dec, SH.namespace))
    return out


def where_body(query: str) -> tuple[str, str, str]:
    """(projection text, body text inside the outer WHERE braces, text after it) of a SELECT query."""
    m = re.search(r"\bSELECT\b(.*?)\bWHERE\s*\{", query, re.S | re.I)
    if not m or len(re.findall(r"\bSELECT\b", query, re.I)) != 1:
        raise Unsupported("SPARQL constraint is not one plain SELECT ... WHERE { }")
    start = m.end()
    depth, i = 1, start
    masked = STRING.sub(lambda s: "_" * len(s.group()), IRI.sub(lambda s: "_" * len(s.group()), query))
    while i < len(masked) and depth:
        depth += {"{": 1, "}": -1}.get(masked[i], 0)
        i += 1
    if depth:
        raise Unsupported("unbalanced braces in SPARQL constraint")
    return m.group(1), query[start:i - 1], query[i:]


def joinable(body: str) -> bool:
    """True when joining all focus nodes in through VALUES gives what pre-binding $this per focus node gives.

    The VALUES block is the first element of the outer group, so triple patterns, OPTIONALs (whose filters are the
    left join's condition) and top-level FILTERs see ``$this`` bound. Only a FILTER or BIND that names ``$this`` inside
    a nested group other than OPTIONAL/EXISTS (a UNION branch, a plain ``{ }``) would see it unbound: then we run per
    focus node instead.
    """
    masked = STRING.sub(lambda s: "_" * len(s.group()), IRI.sub(lambda s: "_" * len(s.group()), body))
    stack: list[bool] = []  # per open nested group: is it an OPTIONAL/EXISTS group?
    i = 0
    while i < len(masked):
        ch = masked[i]
        if ch == "{":
            before = masked[:i].rstrip().upper()
            stack.append(before.endswith(("OPTIONAL", "EXISTS")) and all(stack))
        elif ch == "}":
            stack.pop()
        elif stack and not all(stack):
            kw = re.match(r"(FILTER|BIND)\b", masked[i:], re.I)
            if kw:
                depth, j = 0, i + kw.end()
                while j < len(masked):  # the expression: up to its closing parenthesis
                    depth += {"(": 1, ")": -1}.get(masked[j], 0)
                    j += 1
                    if depth == 0 and masked[j - 1] == ")":
                        break
                if re.search(r"[?$]this\b", masked[i:j]):
                    return False
        i += 1
    return True


def joined_query(prefixes: str, text: str, projection: list[str], focus: list) -> str:
    """All focus nodes in one query: ``VALUES ?__focus`` first in the outer group, ``$this`` renamed to it."""
    _projection, body, _rest = where_body(text)
    body = re.sub(r"[?$]this\b", "?__focus", body)
    names = " ".join(f"?{n}" for n in projection if n != "this")
    values = " ".join(f"<{_iri(f)}>" for f in focus)
    return f"{prefixes}SELECT DISTINCT ?__focus {names} WHERE {{ VALUES ?__focus {{ {values} }}\n{body}\n}}"


def _iri(node: object) -> str:
    """The IRI of a focus node, an rdflib or a pyoxigraph term (whose ``str`` is already in angle brackets)."""
    return node.value if isinstance(node, ox.NamedNode) else str(node)


def with_this(text: str) -> str:
    """The query projecting ``?this`` too (to be bound by a substitution and dropped from the rows)."""
    return re.sub(r"\bSELECT(\s+(?:DISTINCT|REDUCED))?", r"SELECT\1 ?this", text, count=1, flags=re.I)


def prebound(prefixes: str, text: str, focus: Node) -> str:
    """pySHACL's pre-binding as text: ``$this`` replaced by the focus node's IRI (never a blank node)."""
    if isinstance(focus, (BNode, ox.BlankNode)) or re.search(r"[<>\"{}|^`\\\x00-\x20]", _iri(focus)):
        raise Unsupported("a SPARQL constraint that needs pre-binding, on a focus node no query text can name")
    m = re.search(r"\bSELECT\b(.*?)\bWHERE\s*\{", text, re.S | re.I)
    assert m is not None  # checked at compile time
    _projection, body, _rest = where_body(text)
    iri = f"<{_iri(focus)}>"
    projection = re.sub(r"[?$]this\b", f"({iri} AS ?this)", m.group(1))
    body = re.sub(r"[?$]this\b", iri, body)
    return f"{prefixes}\n{text[:m.start(1)]}{projection} WHERE {{{body}}}"
