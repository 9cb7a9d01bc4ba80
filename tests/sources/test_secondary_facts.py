"""The official and news facts of graph/sources/secondary-facts.tsv as statements of the graph: every row is a
statement with its reference or listed as not mapped with a reason; the sources' nine disagreements are conflicts;
bad rows fail the build with their line; the agreement report shows what each source says."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF

from kzjp_kg import config
from kzjp_kg.sources.tables import TableRowError, TableSource, read_predicates, read_rows
from kzjp_kg.statements.agreement import report, verdicts
from kzjp_kg.statements.asbuilt import as_built
from kzjp_kg.statements.layer import DESCRIPTIVE, PROV, SENTENCE_LINKS

TABLE = config.ROOT / "graph" / "sources" / "secondary-facts.tsv"
SF = config.NS.base + "source/secondary-facts/"
KZJP, KZR = config.KZJP, config.KZR

#: The nine disagreements of shared/sources/README.md, each as the rows whose claims one conflict must link.
DISAGREEMENTS = {
    "embassy opening year": {"F005", "F006"},
    "number of Nazarbayev's visits": {"F012", "F013"},
    "dates of the 2008 visit": {"F014", "F015"},
    "visit category 2008": {"F014", "F015"},
    "visit category 2016": {"F022"},
    "signatories of the 2006 memorandum": {"F034", "F035"},
    "Japan's order for Nazarbayev": {"F019", "F021"},
    "Japanese foreign-minister visits": {"F044", "F045"},
    "period of the visit counts": {"F045", "F047"},
    "start of Tokayev's 2025 visit": {"F061", "F062"},
}


@pytest.fixture(scope="module")
def built_ds():
    return as_built()


def test_the_table_is_the_shared_one_unchanged() -> None:
    shared = config.SHARED_DIR / "sources" / "secondary-facts.tsv"
    if not shared.exists():
        pytest.skip(f"{shared} is not beside the clone; CI provides it")
    assert hashlib.sha256(TABLE.read_bytes()).digest() == hashlib.sha256(shared.read_bytes()).digest()
    readme = (config.ROOT / "graph" / "sources" / "README.md").read_text(encoding="utf-8")
    assert hashlib.sha256(TABLE.read_bytes()).hexdigest() in readme


def test_every_row_is_a_statement_with_its_reference_or_listed_with_a_reason(built_ds) -> None:
    stmts = built_ds.statements.graph
    content = set()
    for node in stmts.subjects(RDF.type, RDF.Statement):
        p = stmts.value(node, RDF.predicate)
        if p in SENTENCE_LINKS or p in DESCRIPTIVE:
            continue
        content |= {str(r)[len(SF):] for r in stmts.objects(node, PROV.wasDerivedFrom) if str(r).startswith(SF)}
    unmapped_file = TableSource(TABLE).unmapped
    unmapped = {}
    if unmapped_file.exists():
        for line in unmapped_file.read_text(encoding="utf-8").splitlines()[1:]:
            rid, reason = line.split("\t", 1)
            assert reason.strip(), f"{rid} is listed as not mapped without a reason"
            unmapped[rid] = reason
    rows = {row["id"] for _, row in read_rows(TableSource(TABLE), read_predicates(TABLE.parent / "predicates.tsv"))}
    assert len(rows) == 80
    missing = sorted(rows - content - set(unmapped))
    assert not missing, f"rows neither a statement's reference nor listed as not mapped: {missing}"
    assert not (content & set(unmapped)), "a row is both mapped and listed as not mapped"


@pytest.mark.parametrize("name", sorted(DISAGREEMENTS))
def test_each_disagreement_is_a_conflict_with_every_claim_kept(built_ds, name: str) -> None:
    facts = built_ds.dataset.graph(config.GRAPH_FACTS)
    rows = DISAGREEMENTS[name]
    found = []
    for conflict in facts.subjects(RDF.type, KZJP.Conflict):
        claims = list(facts.objects(conflict, KZJP.conflictingClaim))
        cited = {str(r)[len(SF):] for c in claims for r in facts.objects(c, KZJP.statedIn) if str(r).startswith(SF)}
        if rows <= cited and len(claims) >= 2:
            found.append(conflict)
    assert found, f"no conflict links the claims of rows {sorted(rows)} ({name})"


def test_the_2008_visit_datings_from_every_source(built_ds) -> None:
    text = report(built_ds.dataset)
    block = text.split("**Conflicting dates of the 2008 visit**", 1)[1].split("- **", 1)[0]
    assert "19–20 June (sentence 8) — kzs:s008 (article)" in block
    assert "18–22 June (the joint statement) — sf:F014 (official)" in block
    assert "18–23 June (MOFA's summary) — sf:F015 (official)" in block
    by_triple = {(str(v.triple[0]).rsplit("/", 1)[-1], str(v.triple[1]).rsplit("#", 1)[-1]): v
                 for v in verdicts(built_ds.dataset)}
    s008 = by_triple[("claim-2008-visit-dates-s008", "claimedStartDate")]
    assert s008.status == "contradicted" and {x.label for x in s008.contradicting} == {"sf:F014", "sf:F015"}
    assert by_triple[("recognition-1991", "date")].status == "confirmed (official)"


def _break(tmp_path: Path, old: str, new: str) -> Path:
    for name in ("ontology", "graph"):
        shutil.copytree(config.ROOT / name, tmp_path / name)
    table = tmp_path / "graph" / "sources" / "secondary-facts.tsv"
    text = table.read_text(encoding="utf-8")
    assert old in text
    table.write_text(text.replace(old, new, 1), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("old", "new", "message"), [
    ("\tpaid official visit to\tJapan\t1994-04-06", "\twas flown to\tJapan\t1994-04-06",
     "secondary-facts.tsv:8: row F007: unknown predicate 'was flown to'"),
    ("\tJapan\t1994-04-06\tday", "\tJapan\t1994-04-31\tday", "secondary-facts.tsv:8: row F007: '1994-04-31' is not a calendar date"),
    ("\tJapan\t1994-04-06\tday", "\tJapan\t1994-04\tday", "secondary-facts.tsv:8: row F007: malformed date '1994-04' for precision 'day'"),
])
def test_a_bad_row_fails_the_build_with_its_line_and_keeps_the_last_good_build(
        built: Path, tmp_path: Path, old: str, new: str, message: str) -> None:
    root = _break(tmp_path / "src", old, new)
    with pytest.raises(TableRowError) as err:
        as_built(root)
    assert message in str(err.value)
    out = tmp_path / "out"
    shutil.copytree(built, out)
    before = {p.name: p.read_bytes() for p in (out / "dumps").iterdir()}
    proc = subprocess.run([sys.executable, "-m", "kzjp_kg.cli", "build", "--root", str(root), "--out", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2 and message in proc.stderr, proc.stderr
    assert {p.name: p.read_bytes() for p in (out / "dumps").iterdir()} == before
