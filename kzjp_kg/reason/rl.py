"""The fast path: an OWL 2 RL/RDF rule engine on N-Triples term strings, incremental and semi-naive.

Why our own engine: owlrl (the reference) re-runs every rule over the whole graph in each cycle and takes about a
minute for 100k triples; ``reasonable`` (Rust) is fast but misses chain conclusions whose links are inferred and
the schema rules, damages literals, and its Python bridge turns every output triple into rdflib objects (at 1M
triples the bridge costs as much as the reasoning). This engine instead

* closes the schema first (the scm-* rules, on the few schema triples, naively) and *compiles* it into per-property
  and per-class plans (super-properties, domains, ranges, inverses, characteristics, chains, restrictions);
* then runs the instance rules (prp-*, cls-*, cax-*, eq-*) as a worklist: every triple is processed once, joined
  only with indexes kept for the properties that need joins (transitive, functional, chain links, restriction
  properties, sameAs), so a triple costs a few dictionary look-ups;
* keeps its state, so triples added later (by the SPARQL rules) are reasoned incrementally;
* works on plain strings in N-Triples form (``<iri>``, ``_:b``, ``"lex"^^<dt>``, ``"lex"@kk``): literals are never
  re-encoded, and the inferred graph is written by joining strings.

If instance reasoning derives schema triples (OWL 2 Full-style data, e.g. ``p owl:sameAs q``), the schema is closed
and compiled again and every triple re-processed, until nothing changes. What owlrl adds that says nothing about the
data (``x owl:sameAs x``, ``c rdfs:subClassOf c``, axiomatic vocabulary triples, ``"lit" rdf:type xsd:…``) is not
produced, or is produced only where a rule needs it; :mod:`kzjp_kg.reason.noise` filters both engines alike.
Inconsistencies (the rules with ``false`` in the head) are collected as messages, not raised.
"""

from __future__ import annotations

from collections.abc import Iterable

Triple = tuple[str, str, str]

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
_XSD = "http://www.w3.org/2001/XMLSchema#"


def _r(ns: str, name: str) -> str:
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


def _datatype_tables() -> tuple[frozenset[str], dict[str, tuple[str, ...]]]:
    """OWL 2 RL datatypes and their subsumptions, taken from owlrl so both engines type literals alike (dt-type2)."""
    from owlrl.XsdDatatypes import OWL_Datatype_Subsumptions, OWL_RL_Datatypes

    dts = frozenset(f"<{d}>" for d in OWL_RL_Datatypes)
    subs = {f"<{d}>": tuple(f"<{x}>" for x in sup) for d, sup in OWL_Datatype_Subsumptions.items()}
    return dts, subs


RL_DATATYPES, DT_SUBSUMPTIONS = _datatype_tables()


def literal_datatype(term: str) -> str | None:
    """``<dt>`` of a typed literal in N-Triples form, else None (IRIs, blank nodes, plain and tagged literals)."""
    if term[0] == '"' and term[-1] == ">":
        i = term.rfind('"^^<')
        if i > 0:
            return term[i + 3:]
    return None


def literal_lexical(term: str) -> str:
    """The lexical form of a literal in N-Triples form (escapes undone for the common cases)."""
    end = term.rfind('"')
    lex = term[1:end]
    if "\\" in lex:
        lex = lex.encode("latin-1", "backslashreplace").decode("unicode_escape")
    return lex


class RLEngine:
    """OWL 2 RL closure kept in memory; :meth:`add` then :meth:`run` as often as needed (each run is incremental)."""

    def __init__(self) -> None:
        self.triples: set[Triple] = set()
        self.derived: list[Triple] = []  # every triple added by reasoning (not by add(..., derived=False)), in order
        self.inconsistencies: list[str] = []
        self._queue: list[Triple] = []
        self._schema_dirty = True
        self._types: dict[str, set[str]] = {}
        self._spo: dict[str, dict[str, set[str]]] = {}  # join property -> subject -> objects
        self._ops: dict[str, dict[str, set[str]]] = {}  # join property -> object -> subjects
        self._same_dirty: set[str] = set()
        self._literals: set[str] = set()
        self.literal_types = 0  # literal-subject rdf:type triples derived (kept in the class index, not stored)
        self._pplan: dict[str, tuple] = {}
        self._cplan: dict[str, tuple] = {}

    # --- adding triples -------------------------------------------------------------------------------------

    def add(self, triples: Iterable[Triple], *, derived: bool = True) -> int:
        """Add triples (asserted ones with ``derived=False``); they are reasoned on by the next :meth:`run`."""
        n = len(self.triples)
        for t in triples:
            self._add(t, derived)
        return len(self.triples) - n

    def _add(self, t: Triple, derived: bool = True) -> None:
        s, p, o = t
        if p == TYPE and s[0] == '"':
            # A literal's class (prp-rng on a data property, dt-type2): noise in the output, but cls-svf1, cls-int1
            # and the clash checks read it, so it is kept in the class index only (a quarter of the triples at 1M).
            ts = self._types.get(s)
            if ts is None:
                self._types[s] = {o}
            elif o in ts:
                return
            else:
                ts.add(o)
            self.literal_types += 1
            self._queue.append(t)
            return
        if t in self.triples:
            return
        if p[0] != "<" and p[0] != "_":  # a literal predicate is not RDF (owlrl refuses them too)
            return
        self.triples.add(t)
        if o[0] == '"':
            self._literals.add(o)
        if derived:
            self.derived.append(t)
        self._queue.append(t)
        if p == TYPE:
            ts = self._types.get(s)
            if ts is None:
                self._types[s] = {o}
            else:
                ts.add(o)
            if o in SCHEMA_CLASSES:
                self._schema_dirty = True
        elif p in SCHEMA_PREDICATES:
            self._schema_dirty = True
        idx = self._spo.get(p)
        if idx is not None:
            idx.setdefault(s, set()).add(o)
            self._ops[p].setdefault(o, set()).add(s)

    # --- the fixpoint ---------------------------------------------------------------------------------------

    def run(self) -> None:
        """Reason until nothing new follows (schema closure, compilation, instance rules, equality, checks)."""
        while True:
            if self._schema_dirty:
                self._close_schema()
                self._compile()
                self._queue = list(self.triples)  # a new schema applies to every triple
            self._drain()
            if self._schema_dirty:
                continue
            if self._same_dirty:
                self._replicate_same()
                continue
            if self._keys and self._apply_keys():
                continue
            break

    def check(self) -> list[str]:
        """The inconsistencies of the closure (call after :meth:`run`); also kept in ``inconsistencies``."""
        self._check()
        return self.inconsistencies

    def _drain(self) -> None:
        """Process the queue; a triple no rule can use (no plan for its property or class, no sameAs) is skipped
        without a call, which is most data triples (labels, texts, dates)."""
        queue, process, pplan, cplan, same = self._queue, self._process, self._pplan, self._cplan, self._same
        type_planned = TYPE in pplan
        while queue:
            t = queue.pop()
            p = t[1]
            if p == TYPE:
                if not type_planned and t[2] not in cplan and not same:
                    continue
            elif p not in pplan and not same:
                continue
            process(t)
            if self._schema_dirty:
                return

    # --- schema: closure (scm-*) and compilation ------------------------------------------------------------

    def _objects(self, s: str, p: str) -> list[str]:
        return [o for (ss, pp, o) in self._schema_by_s.get(s, ()) if pp == p]

    def _list(self, head: str) -> list[str]:
        """The members of the rdf:List at ``head``; empty unless it is complete (ends in rdf:nil), because a list
        read while its triples are still arriving would give a shorter chain or intersection, and wrong conclusions."""
        out: list[str] = []
        seen = set()
        while head != NIL:
            if head in seen:
                return []
            seen.add(head)
            firsts, rests = self._objects(head, FIRST), self._objects(head, REST)
            if not firsts or not rests:
                return []
            out.append(firsts[0])
            head = rests[0]
        return out

    def _index_schema(self) -> None:
        by_s: dict[str, list[Triple]] = {}
        by_p: dict[str, list[Triple]] = {}
        for t in self.triples:
            p = t[1]
            if p in SCHEMA_PREDICATES or (p == TYPE and t[2] in SCHEMA_CLASSES):
                by_s.setdefault(t[0], []).append(t)
                by_p.setdefault(p, []).append(t)
        self._schema_by_s, self._schema_by_p = by_s, by_p

    def _close_schema(self) -> None:
        """The scm-* rules (and cls-thing/cls-nothing1) to a fixpoint over the schema triples, as owlrl states them."""
        self._index_schema()
        axioms = [(THING, TYPE, CLASS), (NOTHING, TYPE, CLASS)]  # cls-thing, cls-nothing1
        axioms += [(dt, TYPE, DATATYPE) for dt in sorted(RL_DATATYPES)]  # dt-type1
        for t in axioms:
            if t not in self.triples:
                self._add(t)
                self._schema_by_p.setdefault(TYPE, []).append(t)
                self._schema_by_s.setdefault(t[0], []).append(t)
        while True:
            new: set[Triple] = set()
            known = self.triples
            by_p = self._schema_by_p

            def emit(t: Triple, new: set = new, known: set = known) -> None:
                if t not in known:
                    new.add(t)

            sco: dict[str, set[str]] = {}
            sub_of: dict[str, set[str]] = {}
            for s, _, o in by_p.get(SCO, ()):
                sco.setdefault(s, set()).add(o)
                sub_of.setdefault(o, set()).add(s)
            spo: dict[str, set[str]] = {}
            subp_of: dict[str, set[str]] = {}
            for s, _, o in by_p.get(SPO, ()):
                spo.setdefault(s, set()).add(o)
                subp_of.setdefault(o, set()).add(s)
            for c, _, k in by_p.get(TYPE, ()):
                if k == CLASS:  # scm-cls
                    emit((c, SCO, c)), emit((c, EQC, c)), emit((c, SCO, THING)), emit((NOTHING, SCO, c))
                elif k in (OBJPROP, DTPROP, PROPERTY):  # scm-op, scm-dp
                    emit((c, SPO, c)), emit((c, EQP, c))
            for c1, sups in sco.items():  # scm-sco, scm-eqc2
                for c2 in sups:
                    if c1 != c2:
                        for c3 in sco.get(c2, ()):
                            if c1 != c3:
                                emit((c1, SCO, c3))
                    if c1 in sco.get(c2, ()):
                        emit((c1, EQC, c2))
            for c1, _, c2 in by_p.get(EQC, ()):  # scm-eqc1
                if c1 != c2:
                    emit((c1, SCO, c2)), emit((c2, SCO, c1))
            for p1, sups in spo.items():  # scm-spo, scm-eqp2
                for p2 in sups:
                    if p1 != p2:
                        for p3 in spo.get(p2, ()):
                            if p1 != p3:
                                emit((p1, SPO, p3))
                    if p1 in spo.get(p2, ()):
                        emit((p1, EQP, p2))
            for p1, _, p2 in by_p.get(EQP, ()):  # scm-eqp1
                if p1 != p2:
                    emit((p1, SPO, p2)), emit((p2, SPO, p1))
            for rel in (DOMAIN, RANGE):  # scm-dom1/2, scm-rng1/2
                for p, _, c in by_p.get(rel, ()):
                    for c2 in sco.get(c, ()):
                        if c != c2:
                            emit((p, rel, c2))
                    for p1 in subp_of.get(p, ()):
                        if p1 != p:
                            emit((p1, rel, c))
            onp: dict[str, list[str]] = {}
            for r, _, p in by_p.get(ONPROP, ()):
                onp.setdefault(r, []).append(p)
            for filler_rel in (HV, SVF, AVF):  # scm-hv, scm-svf1/2, scm-avf1/2
                restr = [(r, y, p) for r, _, y in by_p.get(filler_rel, ()) for p in onp.get(r, ())]
                for c1, y1, p1 in restr:
                    for c2, y2, p2 in restr:
                        if filler_rel == HV:
                            if y1 == y2 and p2 in spo.get(p1, ()):
                                emit((c1, SCO, c2))
                            continue
                        if p1 == p2 and y2 in sco.get(y1, ()):
                            emit((c1, SCO, c2))
                        if y1 == y2 and p2 in spo.get(p1, ()):
                            emit((c1, SCO, c2) if filler_rel == SVF else (c2, SCO, c1))
            for c, _, lst in by_p.get(INTER, ()):  # scm-int
                for ci in self._list(lst):
                    emit((c, SCO, ci))
            for c, _, lst in by_p.get(UNION, ()):  # scm-uni
                for ci in self._list(lst):
                    emit((ci, SCO, c))
            if not new:
                break
            for t in new:
                self._add(t)
                by_p.setdefault(t[1], []).append(t)
                self._schema_by_s.setdefault(t[0], []).append(t)

    def _compile(self) -> None:
        """Per-property and per-class plans from the closed schema; which properties need join indexes."""
        by_p = self._schema_by_p

        def multimap(pred: str) -> dict[str, list[str]]:
            m: dict[str, list[str]] = {}
            for s, _, o in by_p.get(pred, ()):
                m.setdefault(s, []).append(o)
            return m

        sup_c = {c: [d for d in ds if d != c] for c, ds in multimap(SCO).items()}
        sup_p = {p: [q for q in qs if q != p] for p, qs in multimap(SPO).items()}
        dom, rng = multimap(DOMAIN), multimap(RANGE)
        inv: dict[str, list[str]] = {}
        for p, _, q in by_p.get(INV, ()):
            inv.setdefault(p, []).append(q)
            inv.setdefault(q, []).append(p)
        chars: dict[str, set[str]] = {}
        for s, _, k in by_p.get(TYPE, ()):
            chars.setdefault(k, set()).add(s)
        self._symm, self._trans = chars.get(SYMM, set()) | {SAME}, chars.get(TRANS, set()) | {SAME}
        self._func, self._ifp = chars.get(FUNC, set()), chars.get(IFP, set())
        self._irr, self._asym = chars.get(IRR, set()), chars.get(ASYM, set())
        pdis = {p for t in by_p.get(PDISJ, ()) for p in (t[0], t[2])}
        for s, _, lst in by_p.get(MEMBERS, ()):
            if ALLDISJP in self._types.get(s, ()):
                pdis.update(self._list(lst))
        join = set(self._trans) | self._func | self._ifp | self._irr | self._asym | pdis | {DIFFERENT}
        chain_links: dict[str, list[tuple[str, list[str], int]]] = {}
        for q, _, lst in by_p.get(CHAIN, ()):
            links = self._list(lst)
            if links:
                for i, p in enumerate(links):
                    chain_links.setdefault(p, []).append((q, links, i))
                join.update(links)
        onp = multimap(ONPROP)
        svf_p: dict[str, list[tuple[str, str]]] = {}
        svf_c: dict[str, list[tuple[str, str]]] = {}
        avf_p: dict[str, list[tuple[str, str]]] = {}
        avf_c: dict[str, list[tuple[str, str]]] = {}
        hv_p: dict[str, dict[str, list[str]]] = {}
        hv_c: dict[str, list[tuple[str, str]]] = {}
        maxc_c: dict[str, list[tuple[str, int, str | None]]] = {}
        maxc_p: dict[str, list[tuple[str, int, str | None]]] = {}
        maxqc_oc: dict[str, list[tuple[str, str]]] = {}
        for r, ps in onp.items():
            for p in ps:
                for y in self._objects(r, SVF):
                    svf_p.setdefault(p, []).append((r, y))
                    svf_c.setdefault(y, []).append((r, p))
                    join.add(p)
                for y in self._objects(r, AVF):
                    avf_p.setdefault(p, []).append((r, y))
                    avf_c.setdefault(r, []).append((p, y))
                    join.add(p)
                for v in self._objects(r, HV):
                    hv_p.setdefault(p, {}).setdefault(v, []).append(r)
                    hv_c.setdefault(r, []).append((p, v))
                for rel in (MAXC, MAXQC):
                    for n in self._objects(r, rel):
                        try:
                            card = int(literal_lexical(n))
                        except ValueError:
                            continue
                        if card > 1:
                            continue
                        oc = None
                        if rel == MAXQC:
                            ocs = self._objects(r, ONCLASS)
                            oc = ocs[0] if ocs else THING
                            if oc == THING:
                                oc = None
                        maxc_c.setdefault(r, []).append((p, card, oc))
                        maxc_p.setdefault(p, []).append((r, card, oc))
                        if oc is not None and card == 1:
                            maxqc_oc.setdefault(oc, []).append((r, p))
                        join.add(p)
        inter: dict[str, list[tuple[str, list[str]]]] = {}
        for c, _, lst in by_p.get(INTER, ()):
            comps = self._list(lst)
            for ci in comps:
                inter.setdefault(ci, []).append((c, comps))
        for c, _, lst in by_p.get(ONEOF, ()):  # cls-oo
            for y in self._list(lst):
                self._add((y, TYPE, c))
        self._keys = []
        for c, _, lst in by_p.get(HASKEY, ()):
            props = self._list(lst)
            if props:
                self._keys.append((c, props))
                join.update(props)
        # join indexes: build (or extend) for every property that needs one
        missing = join - set(self._spo)
        for p in missing:
            self._spo[p], self._ops[p] = {}, {}
        if missing:
            for s, p, o in self.triples:
                if p in missing:
                    self._spo[p].setdefault(s, set()).add(o)
                    self._ops[p].setdefault(o, set()).add(s)
        self._same = self._spo[SAME]
        self._pplan = {}
        props = set(sup_p) | set(dom) | set(rng) | set(inv) | join | set(chain_links) | set(svf_p) | set(avf_p) \
            | set(hv_p) | set(maxc_p)
        for p in props:  # only properties with something to do: the others' triples are not even looked at
            plan = (tuple(sup_p.get(p, ())), tuple(dom.get(p, ())), tuple(rng.get(p, ())), tuple(inv.get(p, ())),
                    p in self._symm, p in self._trans, p in self._func, p in self._ifp,
                    tuple(chain_links.get(p, ())), tuple(svf_p.get(p, ())), tuple(avf_p.get(p, ())),
                    hv_p.get(p), tuple(maxc_p.get(p, ())))
            if any(plan):
                self._pplan[p] = plan
        self._cplan = {}
        for c in set(sup_c) | set(inter) | set(svf_c) | set(avf_c) | set(hv_c) | set(maxc_c) | set(maxqc_oc):
            cplan = (tuple(sup_c.get(c, ())), tuple(inter.get(c, ())), tuple(svf_c.get(c, ())),
                     tuple(avf_c.get(c, ())), tuple(hv_c.get(c, ())), tuple(maxc_c.get(c, ())),
                     tuple(maxqc_oc.get(c, ())))
            if any(cplan):
                self._cplan[c] = cplan
        self._schema = {"disjoint": multimap(DISJ), "complement": multimap(COMPL), "pdisjoint": multimap(PDISJ)}
        self._schema_dirty = False

    # --- instance rules -------------------------------------------------------------------------------------

    def types_of(self, x: str) -> set[str]:
        """Classes of ``x``; a literal also has its datatype and the datatypes that subsume it (dt-type2)."""
        ts = self._types.get(x, set())
        if x[0] == '"':
            dt = literal_datatype(x)
            if dt in RL_DATATYPES:
                ts = ts | {dt, *DT_SUBSUMPTIONS.get(dt, ())}
                for d in list(ts):
                    ts.update(self._cplan.get(d, ((),))[0])
        return ts

    def _process(self, t: Triple) -> None:
        s, p, o = t
        add, known = self._add, self.triples
        if p == TYPE:
            cp = self._cplan.get(o)
            if cp is not None:
                sup, inters, svfs, avfs, hvs, maxcs, qcs = cp
                for d in sup:  # cax-sco (and cax-eqc, cls-int2, cls-uni through the closed schema)
                    n_ = (s, TYPE, d)
                    if n_ not in known:
                        add(n_)
                if inters:  # cls-int1
                    ts = self.types_of(s)
                    for c, comps in inters:
                        if all(ci in ts for ci in comps):
                            n_ = (s, TYPE, c)
                            if n_ not in known:
                                add(n_)
                for r, pr in svfs:  # cls-svf1, the type premise arriving last
                    for u in self._ops[pr].get(s, ()):
                        n_ = (u, TYPE, r)
                        if n_ not in known:
                            add(n_)
                for pr, y in avfs:  # cls-avf, the type premise arriving last
                    for v in self._spo[pr].get(s, ()):
                        n_ = (v, TYPE, y)
                        if n_ not in known:
                            add(n_)
                for pr, v in hvs:  # cls-hv1
                    n_ = (s, pr, v)
                    if n_ not in known:
                        add(n_)
                for pr, card, oc in maxcs:  # cls-maxc2, cls-maxqc3/4
                    if card == 1:
                        self._same_values(s, pr, oc)
                for r, pr in qcs:  # cls-maxqc3, the value's type arriving last
                    for u in tuple(self._ops[pr].get(s, ())):
                        if r in self._types.get(u, ()):
                            self._same_values(u, pr, o)
        plan = self._pplan.get(p)
        if plan is not None:
            sup, dom, rng, inv, symm, trans, func, ifp, chains, svfs, avfs, hvs, maxcs = plan
            for q in sup:  # prp-spo1 (and prp-eqp1/2)
                n_ = (s, q, o)
                if n_ not in known:
                    add(n_)
            for c in dom:  # prp-dom
                n_ = (s, TYPE, c)
                if n_ not in known:
                    add(n_)
            for c in rng:  # prp-rng
                n_ = (o, TYPE, c)
                if n_ not in known:
                    add(n_)
            for q in inv:  # prp-inv1/2
                n_ = (o, q, s)
                if n_ not in known:
                    add(n_)
            if symm and s != o:  # prp-symp, eq-sym
                n_ = (o, p, s)
                if n_ not in known:
                    add(n_)
            if trans:  # prp-trp, eq-trans
                for x in tuple(self._ops[p].get(s, ())):
                    if not (p == SAME and x == o):
                        n_ = (x, p, o)
                        if n_ not in known:
                            add(n_)
                for z in tuple(self._spo[p].get(o, ())):
                    if not (p == SAME and z == s):
                        n_ = (s, p, z)
                        if n_ not in known:
                            add(n_)
            if func:  # prp-fp
                for y2 in tuple(self._spo[p].get(s, ())):
                    if y2 != o:
                        n_ = (o, SAME, y2)
                        if n_ not in known:
                            add(n_)
            if ifp:  # prp-ifp
                for x2 in tuple(self._ops[p].get(o, ())):
                    if x2 != s:
                        n_ = (s, SAME, x2)
                        if n_ not in known:
                            add(n_)
            for q, links, i in chains:  # prp-spo2
                left = {s}
                for pl in reversed(links[:i]):
                    left = {x for y in left for x in self._ops[pl].get(y, ())}
                    if not left:
                        break
                if not left:
                    continue
                right = {o}
                for pr in links[i + 1:]:
                    right = {z for y in right for z in self._spo[pr].get(y, ())}
                    if not right:
                        break
                for x in left:
                    for z in right:
                        n_ = (x, q, z)
                        if n_ not in known:
                            add(n_)
            if svfs:  # cls-svf1/2, the property premise arriving last
                ts = None
                for r, y in svfs:
                    if y == THING:
                        n_ = (s, TYPE, r)
                        if n_ not in known:
                            add(n_)
                    else:
                        if ts is None:
                            ts = self.types_of(o)
                        if y in ts:
                            n_ = (s, TYPE, r)
                            if n_ not in known:
                                add(n_)
            if avfs:  # cls-avf, the property premise arriving last
                ts = self._types.get(s, ())
                for r, y in avfs:
                    if r in ts:
                        n_ = (o, TYPE, y)
                        if n_ not in known:
                            add(n_)
            if hvs:  # cls-hv2
                for r in hvs.get(o, ()):
                    n_ = (s, TYPE, r)
                    if n_ not in known:
                        add(n_)
            if maxcs:  # cls-maxc2, cls-maxqc3/4, the property premise arriving last
                ts = self._types.get(s, ())
                for r, card, oc in maxcs:
                    if card == 1 and r in ts:
                        self._same_values(s, p, oc)
        if p == SAME and s != o:
            self._same_dirty.add(s)
            self._same_dirty.add(o)
        same = self._same
        if same:  # eq-rep-s/p/o for triples arriving after the sameAs
            for s2 in same.get(s, ()):
                if s2 != s:
                    n_ = (s2, p, o)
                    if n_ not in known:
                        add(n_)
            for p2 in same.get(p, ()):
                if p2 != p:
                    n_ = (s, p2, o)
                    if n_ not in known:
                        add(n_)
            for o2 in same.get(o, ()):
                if o2 != o:
                    n_ = (s, p, o2)
                    if n_ not in known:
                        add(n_)

    def _same_values(self, s: str, p: str, onclass: str | None) -> None:
        vals = self._spo[p].get(s, ())
        if onclass is not None:
            vals = [v for v in vals if onclass in self.types_of(v)]
        if len(vals) > 1:
            for y1 in vals:
                for y2 in vals:
                    if y1 != y2:
                        self._add((y1, SAME, y2))

    def _replicate_same(self) -> None:
        """eq-rep-s/p/o for triples that were already there when their terms became equal to others."""
        dirty, self._same_dirty = self._same_dirty, set()
        same = self._spo[SAME]
        literal_types = [(x, TYPE, c) for x in dirty if x[0] == '"' for c in self._types.get(x, ())]
        for s, p, o in list(self.triples) + literal_types:
            if s in dirty or p in dirty or o in dirty:
                for s2 in same.get(s, ()):
                    self._add((s2, p, o))
                for p2 in same.get(p, ()):
                    self._add((s, p2, o))
                for o2 in same.get(o, ()):
                    self._add((s, p, o2))

    def _apply_keys(self) -> bool:
        """prp-key: instances of a class with a key that agree on every key property are the same."""
        n = len(self.triples)
        for c, props in self._keys:
            groups: dict[tuple, list[str]] = {}
            for x, ts in self._types.items():
                if c not in ts:
                    continue
                combos: list[tuple] = [()]
                for kp in props:
                    vals = self._spo[kp].get(x, ())
                    combos = [(*cmb, v) for cmb in combos for v in vals]
                    if not combos:
                        break
                for cmb in combos:
                    groups.setdefault(cmb, []).append(x)
            for members in groups.values():
                for x in members:
                    for y in members:
                        if x != y:
                            self._add((x, SAME, y))
        return len(self.triples) > n

    # --- inconsistencies (rules with false in the head) -----------------------------------------------------

    def _check(self) -> None:
        errs: list[str] = []
        by_p = self._schema_by_p
        disjoint: dict[str, set[str]] = {}
        for rel in ("disjoint", "complement"):
            for c1, c2s in self._schema[rel].items():
                for c2 in c2s:
                    disjoint.setdefault(c1, set()).add(c2)
                    disjoint.setdefault(c2, set()).add(c1)
        all_disjoint = [self._list(lst) for s, _, lst in by_p.get(MEMBERS, ()) if ALLDISJC in self._types.get(s, ())]
        for x, ts in self._types.items():
            if NOTHING in ts:  # cls-nothing2
                errs.append(f"cls-nothing2: {x} is an owl:Nothing")
            for c in ts:  # cax-dw, cls-com
                clash = disjoint.get(c)
                if clash and not clash.isdisjoint(ts):
                    errs.append(f"cax-dw/cls-com: {x} is in {c} and {sorted(clash & ts)[0]}")
            for classes in all_disjoint:  # cax-adc
                inside = [c for c in classes if c in ts]
                if len(inside) > 1:
                    errs.append(f"cax-adc: {x} is in {inside[0]} and {inside[1]}")
        same = self._spo[SAME]
        for s, _, lst in list(by_p.get(MEMBERS, ())) + list(by_p.get(DMEMBERS, ())):  # eq-diff2/3
            if ALLDIFF in self._types.get(s, ()):
                ms = self._list(lst)
                for i, a in enumerate(ms):
                    for b in ms[i + 1:]:
                        if a == b or b in same.get(a, ()):
                            errs.append(f"eq-diff2/3: {a} and {b} are declared different but are the same")
        for p in self._irr:  # prp-irp
            errs.extend(f"prp-irp: {x} {p} {x}" for x, os_ in self._spo[p].items() if x in os_)
        for p in self._asym:  # prp-asyp
            errs.extend(f"prp-asyp: {x} {p} {y} both ways" for x, os_ in self._spo[p].items() for y in os_
                        if x in self._spo[p].get(y, ()))
        pdis = [(p1, p2) for p1, p2s in self._schema["pdisjoint"].items() for p2 in p2s]
        for s, _, lst in by_p.get(MEMBERS, ()):
            if ALLDISJP in self._types.get(s, ()):
                ps = self._list(lst)
                pdis.extend((a, b) for i, a in enumerate(ps) for b in ps[i + 1:])
        for x, ys in same.items():  # dt-diff with eq-diff1: two different data values made equal
            if x[0] == '"':
                errs.extend(f"dt-diff: {x} and {y} are different values but are the same" for y in ys
                            if y[0] == '"' and not _same_value(x, y))
        for x, ys in self._spo[DIFFERENT].items():  # eq-diff1
            for y in ys:
                if x == y or y in same.get(x, ()):
                    errs.append(f"eq-diff1: {x} is the same as and different from {y}")
        for p1, p2 in pdis:  # prp-pdw, prp-adp
            other = self._spo[p2]
            for x, ys in self._spo[p1].items():
                for y in ys & other.get(x, set()):
                    errs.append(f"prp-pdw/adp: {x} {p1} and {p2} {y}")
        for r, cp in self._cplan.items():  # cls-maxc1, cls-maxqc1/2
            for pr, card, oc in cp[5]:
                if card == 0:
                    for x, ts in self._types.items():
                        if r in ts and any(oc is None or oc in self.types_of(v) for v in self._spo[pr].get(x, ())):
                            errs.append(f"cls-maxc1/maxqc1-2: {x} has a {pr} value but {r} allows none")
        for x, _, i1 in by_p.get(SRCIND, ()):  # prp-npa1/2
            for p1 in self._objects(x, ASSPROP):
                for i2 in self._objects(x, TGTIND) + self._objects(x, TGTVAL):
                    if (i1, p1, i2) in self.triples:
                        errs.append(f"prp-npa: {i1} {p1} {i2} is asserted negatively")
        errs.extend(_ill_typed(self._literals))
        self.inconsistencies = sorted(set(errs))


def _same_value(a: str, b: str) -> bool:
    """Whether two literals in N-Triples form denote the same data value (rdflib's value comparison)."""
    from rdflib.util import from_n3

    la, lb = from_n3(a), from_n3(b)
    try:
        return bool(la.eq(lb))
    except TypeError:
        return False


def _ill_typed(literals: Iterable[str]) -> list[str]:
    """dt-not-type: literals whose lexical form is not in their datatype's lexical space (as owlrl checks)."""
    from owlrl.DatatypeHandling import AltXSDToPYTHON

    conv = {f"<{k}>": f for k, f in AltXSDToPYTHON.items()}
    errs = []
    for lit in literals:
        dt = literal_datatype(lit)
        f = conv.get(dt) if dt in RL_DATATYPES else None
        if f is not None:
            try:
                f(literal_lexical(lit))
            except ValueError:
                errs.append(f"dt-not-type: {lit} is not in the lexical space of {dt}")
    return errs
