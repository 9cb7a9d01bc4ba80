"""The engine: the triple store and its indexes, the worklist, and the fixpoint loop that runs the registered rules.

What is here is independent of any one rule: storing a triple (and noticing that it is schema), closing and
compiling the schema when it changed (:mod:`.schema`, then each table's ``compile_schema``), draining the worklist
through the plans' rules, the between-rounds rules (eq-rep over existing triples, prp-key), and the checks.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import class_axioms, classes, equality, properties
from .datatypes import dt_type2
from .equality import eq_rep, eq_rep_existing
from .plans import ClassPlan, Compiled, PropertyPlan, SchemaIndex, finish_classes, finish_properties
from .properties import prp_key
from .registry import BY_KIND
from .schema import close_schema
from .vocab import SAME, SCHEMA_CLASSES, SCHEMA_PREDICATES, TYPE, Triple


class RLEngine:
    """OWL 2 RL closure kept in memory; :meth:`add` then :meth:`run` as often as needed (each run is incremental).

    The underscored attributes are the indexes the rule modules read (they are part of this package, not of its
    public interface). Slots, because the rule functions read them for every triple."""

    __slots__ = ("_compiled", "_cplan", "_literals", "_ops", "_pplan", "_queue", "_same", "_same_dirty",
                 "_schema_dirty", "_spo", "_types", "derived", "inconsistencies", "literal_types", "triples")

    def __init__(self) -> None:
        self.triples: set[Triple] = set()
        self.derived: list[Triple] = []  # every triple added by reasoning (not by add(..., derived=False)), in order
        self.inconsistencies: list[str] = []
        self._queue: list[Triple] = []
        self._schema_dirty = True
        self._types: dict[str, set[str]] = {}
        self._spo: dict[str, dict[str, set[str]]] = {}  # join property -> subject -> objects
        self._ops: dict[str, dict[str, set[str]]] = {}  # join property -> object -> subjects
        self._same: dict[str, set[str]] = {}  # the owl:sameAs index (self._spo[SAME] once compiled)
        self._same_dirty: set[str] = set()  # terms made equal to others since eq-rep last ran over old triples
        self._literals: set[str] = set()
        self.literal_types = 0  # literal-subject rdf:type triples derived (kept in the class index, not stored)
        self._compiled = Compiled(SchemaIndex())
        self._pplan: dict[str, PropertyPlan] = {}
        self._cplan: dict[str, ClassPlan] = {}

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
                self._compile(close_schema(self))
                self._queue = list(self.triples)  # a new schema applies to every triple
            self._drain()
            if self._schema_dirty:
                continue
            if self._same_dirty:
                eq_rep_existing(self)
                continue
            if self._compiled.keys and prp_key(self):
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

    def _process(self, t: Triple) -> None:
        """Run the rules of the triple's class plan (for rdf:type), of its property plan, and equality."""
        s, p, o = t
        if p == TYPE:
            cp = self._cplan.get(o)
            if cp is not None:
                for fn in cp.rules:
                    fn(self, cp, s, o)
        plan = self._pplan.get(p)
        if plan is not None:
            for fn in plan.rules:
                fn(self, plan, s, p, o)
        if p == SAME or self._same:
            eq_rep(self, s, p, o)

    # --- schema compilation ---------------------------------------------------------------------------------

    def _compile(self, schema: SchemaIndex) -> None:
        """Per-property and per-class plans from the closed schema; join indexes for the properties that need them."""
        c = Compiled(schema)
        class_axioms.compile_schema(c)
        properties.compile_schema(c, self._types)
        equality.compile_schema(c)
        classes.compile_schema(c, self)
        missing = c.join - set(self._spo)
        for p in missing:
            self._spo[p], self._ops[p] = {}, {}
        if missing:
            for s, p, o in self.triples:
                if p in missing:
                    self._spo[p].setdefault(s, set()).add(o)
                    self._ops[p].setdefault(o, set()).add(s)
        self._same = self._spo[SAME]
        # only properties and classes with something to do get a plan: the others' triples are not even looked at
        self._pplan = finish_properties(c.props)
        self._cplan = finish_classes(c.classes)
        self._compiled = c
        self._schema_dirty = False

    # --- lookups and checks ---------------------------------------------------------------------------------

    def types_of(self, x: str) -> set[str]:
        """Classes of ``x``; a literal also has its datatype and the datatypes that subsume it (dt-type2)."""
        ts = self._types.get(x, set())
        if x[0] == '"':
            return dt_type2(x, ts, self._cplan)
        return ts

    def _check(self) -> None:
        """Run every registered check (the rules with ``false`` in the head); messages start with the rule id."""
        errs: list[str] = []
        for r in BY_KIND["check"]:
            errs.extend(r.fn(self))
        self.inconsistencies = sorted(set(errs))
