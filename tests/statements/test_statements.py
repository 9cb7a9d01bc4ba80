"""Every asserted statement has its own reference and a rank; doubted claims are kept but never premises."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import RDF, Literal, URIRef

from kzjp_kg import config
from kzjp_kg.statements.asbuilt import as_built
from kzjp_kg.statements.layer import PROV, StatementError, make_statements, statement_iri
from kzjp_kg.statements.table import TableError, read_table

KZJP, KZR, KZS = config.KZJP, config.KZR, config.KZS
TABLE = config.FACTS_DIR / "references.tsv"


@pytest.fixture(scope="module")
def built_ds():
    return as_built()


@pytest.fixture
def source_copy(tmp_path: Path) -> Path:
    for name in ("ontology", "graph"):
        shutil.copytree(config.ROOT / name, tmp_path / name)
    return tmp_path


def test_every_asserted_statement_of_the_facts_has_a_reference(built_ds) -> None:
    """The coverage test: it fails on the first triple of kzg:facts without a statement node and a reference."""
    facts = built_ds.dataset.graph(config.GRAPH_FACTS)
    stmts = built_ds.statements.graph
    missing = [t for t in facts if not list(stmts.objects(statement_iri(*t), PROV.wasDerivedFrom))]
    assert len(facts) > 1000 and not missing, missing[:5]
    for node in stmts.subjects(RDF.type, RDF.Statement):
        assert len(list(stmts.objects(node, KZJP.rank))) == 1, node


def test_the_1994_end_date_is_referenced_by_its_own_sentence(built_ds) -> None:
    t = (KZR["visit-1994-04-nazarbayev-japan"], KZJP.endDate, Literal("1994-04-09", datatype=config.PREFIXES["xsd"] and
                                                                      URIRef("http://www.w3.org/2001/XMLSchema#date")))
    refs = set(built_ds.statements.graph.objects(statement_iri(*t), PROV.wasDerivedFrom))
    # s019 (also about the visit) says nothing of its dates; the Kazakh MFA's page (row F007) says 6-9 April too
    assert refs == {KZS.s018, URIRef(config.NS.base + "source/secondary-facts/F007")}


def test_the_doubted_kawaguchi_holding_is_deprecated_not_a_fact(built_ds) -> None:
    holding = KZR["holding-kawaguchi-pm-2004"]
    facts = built_ds.dataset.graph(config.GRAPH_FACTS)
    assert (holding, KZJP.holder, KZR.kawaguchi) not in facts
    assert (holding, KZJP.office, KZR["pos-pm-japan"]) not in facts
    assert (holding, KZJP.doubtedBy, KZR["defect-kawaguchi-title"]) in facts  # the doubt itself stays a fact
    node = statement_iri(holding, KZJP.holder, KZR.kawaguchi)
    stmts = built_ds.statements.graph
    assert stmts.value(node, KZJP.rank) == KZJP.DeprecatedRank
    assert stmts.value(node, KZJP.rankReason) == KZR["defect-kawaguchi-title"]
    assert set(stmts.objects(node, PROV.wasDerivedFrom)) == {KZS.s043}
    assert (holding, KZJP.holder, KZR.kawaguchi) not in built_ds.asserted()


def test_the_conflicting_2008_datings_stay_normal_side_by_side(built_ds) -> None:
    stmts = built_ds.statements.graph
    for claim, start in (("claim-2008-visit-dates-s008", "2008-06-19"), ("claim-2008-visit-dates-s066", "2008-06-18")):
        t = (KZR[claim], KZJP.claimedStartDate, Literal(start, datatype=URIRef("http://www.w3.org/2001/XMLSchema#date")))
        assert stmts.value(statement_iri(*t), KZJP.rank) == KZJP.NormalRank


def test_a_statement_without_a_reference_fails_with_the_triple_and_the_fix(source_copy: Path) -> None:
    table = source_copy / "graph" / "facts" / "references.tsv"
    lines = table.read_text(encoding="utf-8").splitlines()
    victim = next(i for i, line in enumerate(lines) if line.startswith("kzr:visit-1994-04-nazarbayev-japan\tkzjp:endDate"))
    del lines[victim]
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(StatementError) as err:
        as_built(source_copy)
    msg = str(err.value)
    assert 'no reference for kzr:visit-1994-04-nazarbayev-japan kzjp:endDate "1994-04-09"^^xsd:date' in msg
    assert "references.tsv" in msg and "--suggest" in msg


def test_a_doubted_holding_used_as_a_premise_is_refused(source_copy: Path) -> None:
    table = source_copy / "graph" / "facts" / "references.tsv"
    text = table.read_text(encoding="utf-8")
    row = "kzr:holding-kawaguchi-pm-2004\tkzjp:holder\tkzr:kawaguchi\tkzs:s043\tdeprecated\tkzr:defect-kawaguchi-title\t"
    assert row in text
    table.write_text(text.replace(row, row.replace("\tdeprecated\tkzr:defect-kawaguchi-title", "\tnormal\t")),
                     encoding="utf-8")
    with pytest.raises(StatementError) as err:
        as_built(source_copy)
    line = next(i for i, x in enumerate(table.read_text(encoding="utf-8").splitlines(), 1)
                if x.startswith("kzr:holding-kawaguchi-pm-2004\tkzjp:holder"))
    assert f"references.tsv:{line}:" in str(err.value) and "cannot be a premise" in str(err.value)


@pytest.mark.parametrize(("row", "message"), [
    ("kzr:x\tkzjp:holder\tkzr:y\tkzs:s001\tdoubtful\t\t", "unknown rank 'doubtful'"),
    ("kzr:x\tkzjp:holder\tkzr:y\tkzs:s001\tdeprecated\t\t", "needs a reason"),
    ("kzr:x\tnope:holder\tkzr:y\tkzs:s001\t\t\t", "unknown prefix"),
    ("kzr:x\tkzjp:holder\tkzr:y", "3 columns, expected 7"),
])
def test_a_malformed_row_names_its_line(tmp_path: Path, row: str, message: str) -> None:
    table = tmp_path / "references.tsv"
    table.write_text("# c\nsubject\tpredicate\tobject\treferences\trank\treason\tnote\n" + row + "\n", encoding="utf-8")
    with pytest.raises(TableError) as err:
        read_table(table)
    assert ":3:" in str(err.value) and message in str(err.value)


def test_a_row_for_a_statement_the_graph_does_not_have_is_refused(source_copy: Path) -> None:
    table = source_copy / "graph" / "facts" / "references.tsv"
    with table.open("a", encoding="utf-8") as fh:
        fh.write("kzr:japan\tkzjp:capital\tkzr:astana\tkzs:s001\t\t\t\n")
    n = len(table.read_text(encoding="utf-8").splitlines())
    with pytest.raises(StatementError) as err:
        as_built(source_copy)
    assert f"references.tsv:{n}: no such statement in graph/facts: kzr:japan kzjp:capital kzr:astana" in str(err.value)


def test_make_statements_is_not_strict_for_the_suggester(source_copy: Path) -> None:
    from kzjp_kg.load import load_dataset

    table = source_copy / "graph" / "facts" / "references.tsv"
    table.write_text("subject\tpredicate\tobject\treferences\trank\treason\tnote\n", encoding="utf-8")
    layer = make_statements(load_dataset(source_copy), table, strict=False)
    assert len(layer.unreferenced) > 100


def test_why_quotes_the_reference_of_each_premise_triple(built_ds) -> None:
    from kzjp_kg.reason import closure
    from kzjp_kg.reason.why import explain

    asserted = built_ds.asserted()
    res = closure(asserted)
    exp = explain(asserted, res.inferred, KZR.akihito, KZJP.metWith, KZR.nazarbayev, rule_of=res.rule_of,
                  statements=built_ds.statements.graph)
    assert exp.status == "inferred" and "SymmetricProperty" in exp.reason
    premise = next(p for p in exp.premises if p.triple == (KZR.nazarbayev, KZJP.metWith, KZR.akihito))
    assert [iri for iri, _ in premise.sentences] == [str(KZS.s067)]  # the sentence of this triple, not all of his
    assert "Акихито" in premise.sentences[0][1]


def test_why_names_the_deprecated_statements_behind_a_missing_conclusion() -> None:
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "kzjp_kg.cli", "why", "kzr:kawaguchi", "kzjp:holdsOffice",
                           "kzr:pos-pm-japan"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stderr
    assert "not entailed" in proc.stdout
    assert ("kzr:holding-kawaguchi-pm-2004 kzjp:office kzr:pos-pm-japan   [deprecated: kzr:defect-kawaguchi-title; "
            "kzs:s043]") in proc.stdout
