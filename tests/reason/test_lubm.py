"""LUBM(1): after OWL 2 RL materialisation the 14 queries give exactly the reference answers, with both engines.

Data, queries and answers are read in place from ../shared/conformance/lubm (GPL, never copied): univ-bench.owl and
University0_0..14.owl, the 14 queries in SPARQL (config.query.sparql, Blazegraph's UBT file), and LUBM's published
answers for LUBM(1,0) (Clipper's answers_queryN.txt). Queries run on pyoxigraph over asserted ∪ inferred (the
engine under test decides only what is materialised). Rows are compared as sets, IRIs by value and literals by
lexical form, as the answer files write them. Every query is answered by RL materialisation alone: the univ-bench
axioms LUBM needs (subclass/subproperty hierarchies, Student ≡ Person ⊓ ∃takesCourse.Course, Chair ≡ Person ⊓
∃headOf.Department, transitive subOrganizationOf, hasAlumnus inverse of degreeFrom) are all in OWL 2 RL.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from tests.reason.conftest import LUBM

QUERY_FILE = LUBM / "bigdata-perf-lubm" / "src" / "resources" / "config" / "config.query.sparql"
ANSWERS = LUBM / "clipper-TestData-lubm"
#: queries whose reference answer is reached without any inference (LUBM's SOURCES.md, checked below)
NO_INFERENCE_NEEDED = {1, 2, 3, 14}

pytestmark = pytest.mark.slow


def _queries() -> dict[int, str]:
    if not QUERY_FILE.is_file():
        return {}
    out: dict[int, str] = {}
    current: int | None = None
    for line in QUERY_FILE.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\[query(\d+)\]\s*$", line)
        if m:
            current = int(m.group(1))
            out[current] = ""
        elif current is not None and not line.lstrip().startswith("#"):
            out[current] += line + "\n"
    return out


QUERIES = _queries()


def _reference(n: int) -> set[tuple[str, ...]]:
    lines = (ANSWERS / f"answers_query{n}.txt").read_text(encoding="utf-8").splitlines()
    if lines and lines[0].strip() == "NO ANSWERS.":
        return set()
    return {tuple(line.split("\t")) for line in lines[1:] if line}


def _answer(store: ox.Store, query: str) -> set[tuple[str, ...]]:
    res = store.query(query)
    names = [v.value for v in res.variables]
    return {tuple(row[v].value for v in names) for row in res}


def test_the_suite_is_there() -> None:
    if not QUERY_FILE.is_file():
        pytest.skip(f"{QUERY_FILE} missing: the shared folder is not beside the clone")
    assert sorted(QUERIES) == list(range(1, 15))
    assert all((ANSWERS / f"answers_query{n}.txt").is_file() for n in QUERIES)


@pytest.mark.parametrize("engine", ["fast", "owlrl"])
@pytest.mark.parametrize("n", range(1, 15))
def test_query_gives_the_reference_answer(n: int, engine: str, lubm_store) -> None:  # type: ignore[no-untyped-def]
    if n not in QUERIES:
        pytest.skip("LUBM queries not found in the shared folder")
    expected = _reference(n)
    got = _answer(lubm_store(engine), QUERIES[n])
    assert len(got) == len(expected), f"Q{n} with {engine}: {len(got)} rows, reference {len(expected)}"
    assert got == expected, f"Q{n} with {engine}: {sorted(got ^ expected)[:5]}"


@pytest.mark.parametrize("n", range(1, 15))
def test_which_queries_need_reasoning(n: int, lubm_store) -> None:  # type: ignore[no-untyped-def]
    """Without materialisation only Q1, Q2, Q3 and Q14 are right: the others really test the reasoner."""
    if n not in QUERIES:
        pytest.skip("LUBM queries not found in the shared folder")
    right = _answer(lubm_store("none"), QUERIES[n]) == _reference(n)
    assert right == (n in NO_INFERENCE_NEEDED)
