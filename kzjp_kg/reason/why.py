"""``kzjp-kg why S P O``: the rule or axiom behind an inferred triple, and its premises with their sentences.

Why re-derive instead of logging every derivation: the engines do not record proofs, and a full proof log would
be larger than the graph. One derivation step is what a reader needs ("Japan takes part because Kawaguchi, who
held an office of Japan, took part"), so this module finds one axiom or rule instance that yields the triple from
triples in the graph, and quotes the sentence stating each premise. Premises that are themselves inferred are
marked, so the reader can ask ``why`` again.
"""

from __future__ import annotations

import argparse
import re
from collections import deque
from dataclasses import dataclass, field

from rdflib import OWL, RDF, RDFS, Graph, Literal, Node, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS

from kzjp_kg import config
from kzjp_kg.errors import InputError
from kzjp_kg.terms import short

KZJP = config.KZJP
PROV_DERIVED = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")


@dataclass
class Premise:
    triple: tuple
    inferred: bool
    sentences: list[tuple[str, str]] = field(default_factory=list)  # (sentence IRI, text)


@dataclass
class Explanation:
    triple: tuple
    status: str  # "asserted" | "inferred" | "not entailed"
    reason: str = ""
    premises: list[Premise] = field(default_factory=list)

    def to_text(self, graph: Graph | None = None) -> str:
        show = (lambda t: _short(t, graph)) if graph is not None else (lambda t: _short(t, None))
        head = " ".join(show(t) for t in self.triple)
        lines = [f"{head}", f"  {self.status}" + (f" by {self.reason}" if self.reason else "")]
        for prem in self.premises:
            mark = "inferred" if prem.inferred else "asserted"
            lines.append(f"  - {' '.join(show(t) for t in prem.triple)}   [{mark}]")
            for iri, text in prem.sentences:
                where = iri if iri == "evidence" else _short(URIRef(iri), None)
                lines.append(f"      {where}: «{text}»")
        return "\n".join(lines)


def _short(term: Node | None, graph: Graph | None) -> str:
    """A term as an explanation shows it: ``prefix:local`` (:func:`terms.short`), else its N3 (``<iri>``, a
    literal with its tag or datatype), so a reader can paste it back into ``kzjp-kg why``."""
    if isinstance(term, Literal):
        return term.n3()
    text = short(term)
    if text != str(term):
        return text
    return term.n3() if term is not None and hasattr(term, "n3") else str(term)


def _sentences(full: Graph, node: Node) -> list[tuple[str, str]]:
    out = []
    for s in sorted(full.objects(node, KZJP.statedIn), key=str):
        text = next(iter(full.objects(s, KZJP.text)), "")
        out.append((str(s), str(text)))
    return out


def statement_references(statements: Graph, texts: Graph, t: tuple) -> list[tuple[str, str]]:
    """The references of the asserted statement ``t`` (its node in ``kzg:statements``), each with the sentence's
    text where it is a sentence of ``texts``."""
    from kzjp_kg.statements.layer import PROV, statement_iri

    node = statement_iri(*t)
    out = []
    for ref in sorted(statements.objects(node, PROV.wasDerivedFrom), key=str):
        text = next(iter(texts.objects(ref, KZJP.text)), None)
        out.append((str(ref), str(text) if text is not None else "(external reference)"))
    return out


def _premise_of(full: Graph, asserted: Graph, t: tuple, statements: Graph | None = None) -> Premise:
    """A premise with the references of its statement (the sentence that states this very triple); without a
    statement graph, the sentences of its subject or, for reference facts, their external evidence."""
    if statements is not None and t in asserted:
        refs = statement_references(statements, full, t)
        if refs:
            return Premise(t, False, refs)
    sentences = _sentences(full, t[0]) or (_sentences(full, t[2]) if isinstance(t[2], URIRef) else [])
    if not sentences:
        for node in (t[0], t[2]):
            for ev in full.objects(node, DCTERMS.source):
                sentences.append(("evidence", str(ev)))
    return Premise(t, t not in asserted, sentences[:3])


def _chain_path(full: Graph, s: Node, chain: list, o: Node) -> list[tuple] | None:
    queue: deque[tuple[Node, int, list[tuple]]] = deque([(s, 0, [])])
    while queue:
        node, i, path = queue.popleft()
        if i == len(chain):
            if node == o:
                return path
            continue
        for nxt in sorted(full.objects(node, chain[i]), key=str):
            if len(path) < 8:
                queue.append((nxt, i + 1, [*path, (node, chain[i], nxt)]))
    return None


def _by_axiom(full: Graph, s: Node, p: Node, o: Node) -> tuple[str, list[tuple]] | None:
    if (p, RDF.type, OWL.SymmetricProperty) in full and (o, p, s) in full:
        return f"owl:SymmetricProperty ({_short(p, None)})", [(p, RDF.type, OWL.SymmetricProperty), (o, p, s)]
    for q in full.subjects(RDFS.subPropertyOf, p):
        if q != p and (s, q, o) in full:
            why = f"rdfs:subPropertyOf ({_short(q, None)} ⊑ {_short(p, None)})"
            return why, [(q, RDFS.subPropertyOf, p), (s, q, o)]
    for lst in full.objects(p, OWL.propertyChainAxiom):
        chain = list(Collection(full, lst))
        path = _chain_path(full, s, chain, o)
        if path:
            names = " ∘ ".join(_short(c, None) for c in chain)
            return f"owl:propertyChainAxiom ({names} ⊑ {_short(p, None)})", path
    if (p, RDF.type, OWL.TransitiveProperty) in full:
        for m in full.objects(s, p):
            if m not in (s, o) and (m, p, o) in full:
                return f"owl:TransitiveProperty ({_short(p, None)})", [(s, p, m), (m, p, o)]
    for q in set(full.objects(p, OWL.inverseOf)) | set(full.subjects(OWL.inverseOf, p)):
        if (o, q, s) in full:
            why = f"owl:inverseOf ({_short(p, None)} ≡ inverse of {_short(q, None)})"
            return why, [(p, OWL.inverseOf, q), (o, q, s)]
    if p == RDF.type:
        for c in full.subjects(RDFS.subClassOf, o):
            if c != o and (s, RDF.type, c) in full:
                why = f"rdfs:subClassOf ({_short(c, None)} ⊑ {_short(o, None)})"
                return why, [(c, RDFS.subClassOf, o), (s, RDF.type, c)]
        for q in full.subjects(RDFS.domain, o):
            for x in full.objects(s, q):
                return f"rdfs:domain ({_short(q, None)} has domain {_short(o, None)})", [(q, RDFS.domain, o), (s, q, x)]
        for q in full.subjects(RDFS.range, o):
            for x in full.subjects(q, s):
                return f"rdfs:range ({_short(q, None)} has range {_short(o, None)})", [(q, RDFS.range, o), (x, q, s)]
    return None


def _by_rule(full: Graph, rule: str, s: Node, p: Node, o: Node) -> list[tuple]:
    """Premises of a rule instance: triples among the terms the rule's body binds for this conclusion."""
    from kzjp_kg.reason import rules

    text = dict(rules()).get(rule, "")
    m = re.search(r"CONSTRUCT\s*\{(.*?)\}\s*WHERE\s*\{(.*)\}", text, re.S)
    if not m:
        return []
    template, body = m.group(1), m.group(2)
    local = _short(p, None)
    pat = re.search(r"(\?\w+)\s+" + re.escape(local) + r"\s+(\?\w+)", template)
    if not pat:
        return []
    svar, ovar = pat.group(1)[1:], pat.group(2)[1:]
    prefixes = "".join(line + "\n" for line in text.splitlines() if line.startswith("PREFIX"))
    rows = list(full.query(prefixes + "SELECT * WHERE {" + body + "} LIMIT 1", initBindings={svar: s, ovar: o}))  # type: ignore[dict-item]
    if not rows:
        return []
    bound = {v for v in rows[0] if v is not None}  # type: ignore[union-attr]  # a SELECT result yields rows
    preds = {URIRef(str(KZJP) + n) for n in re.findall(r"kzjp:(\w+)", body)} | {RDF.type}
    premises = [t for t in full if t[1] in preds and t[0] in bound and t[2] in bound and t != (s, p, o)]
    return sorted(premises, key=str)[:12]


def explain(asserted: Graph, inferred: Graph, s: Node, p: Node, o: Node, rule_of: dict | None = None,
            statements: Graph | None = None) -> Explanation:
    """One derivation step for ``(s, p, o)`` with its premises and their references (from ``statements``, the
    ``kzg:statements`` graph, when given: the sentence of each premise triple, not of its subject)."""
    full = asserted + inferred
    t = (s, p, o)

    def _premise(full: Graph, asserted: Graph, x: tuple) -> Premise:
        return _premise_of(full, asserted, x, statements)

    if t in asserted:
        return Explanation(t, "asserted", premises=[_premise(full, asserted, t)])
    if t not in full:
        return Explanation(t, "not entailed")
    rule = (rule_of or {}).get(t) or _rule_from_annotation(inferred, t)
    if rule:
        prem = _by_rule(full, rule, s, p, o)
        return Explanation(t, "inferred", f"rule {rule} (kzjp_kg/reason/rules/{rule}.rq)",
                           [_premise(full, asserted, x) for x in prem])
    found = _by_axiom(full, s, p, o)
    if found:
        reason, prem = found
        return Explanation(t, "inferred", reason, [_premise(full, asserted, x) for x in prem])
    for name, _ in _rules_list():
        prem = _by_rule(full, name, s, p, o)
        if prem:
            return Explanation(t, "inferred", f"rule {name} (kzjp_kg/reason/rules/{name}.rq)",
                               [_premise(full, asserted, x) for x in prem])
    return Explanation(t, "inferred", "OWL 2 RL (no single-step derivation found)")


def _rules_list() -> list[tuple[str, str]]:
    from kzjp_kg.reason import rules

    return rules()


def _rule_from_annotation(inferred: Graph, t: tuple) -> str | None:
    return None


# --- CLI -------------------------------------------------------------------------------------------------------------

def parse_term(text: str) -> URIRef | Literal:
    """A term from the command line: ``prefix:local``, ``<iri>`` or a full IRI; ``a`` means rdf:type."""
    if text == "a":
        return RDF.type
    if text.startswith("<") and text.endswith(">"):
        return URIRef(text[1:-1])
    if re.match(r"^[a-z][\w-]*:", text) and not text.startswith(("http:", "https:")):
        prefix, local = text.split(":", 1)
        if prefix not in config.PREFIXES:
            raise InputError(f"unknown prefix {prefix!r} in {text!r}. Use one of: {', '.join(config.PREFIXES)}.")
        return URIRef(config.PREFIXES[prefix] + local)
    if text.startswith(("http://", "https://")):
        return URIRef(text)
    return Literal(text)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("s", help="subject (prefix:local or <IRI>)")
    parser.add_argument("p", help="predicate (prefix:local, <IRI> or 'a')")
    parser.add_argument("o", help="object (prefix:local, <IRI> or a literal)")
    parser.add_argument("--engine", default=None, help="OWL 2 RL engine (default: the project default)")


def run(args: argparse.Namespace) -> int:
    from kzjp_kg.reason import DEFAULT_ENGINE, closure
    from kzjp_kg.statements.asbuilt import as_built

    s, p, o = parse_term(args.s), parse_term(args.p), parse_term(args.o)
    built = as_built()
    asserted = built.asserted()
    res = closure(asserted, args.engine or DEFAULT_ENGINE)
    exp = explain(asserted, res.inferred, s, p, o, rule_of=res.rule_of, statements=built.statements.graph)
    print(exp.to_text())
    if exp.status == "not entailed":
        near = [t for t in built.statements.deprecated if {t[0], t[2]} & {s, o}]
        if near:
            print("  deprecated statements about these resources (kept with their reference and reason in "
                  "kzg:statements, never premises of reasoning):")
            from kzjp_kg.statements.layer import statement_iri

            graph = built.statements.graph
            for t in near:
                node = statement_iri(*t)
                why = graph.value(node, KZJP.rankReason)
                refs = ", ".join(_short(r, None) for r in sorted(graph.objects(node, PROV_DERIVED), key=str))
                print(f"  - {' '.join(_short(x, None) for x in t)}   [deprecated: {_short(why, None)}; {refs}]")
    return 0 if exp.status != "not entailed" else 1
