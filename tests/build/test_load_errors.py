"""Bad input gives a clear error with its place and a hint, exits 2, and leaves the last good build untouched."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kzjp_kg import config
from kzjp_kg.errors import RdfSyntaxError, UndeclaredTermError
from kzjp_kg.load import check_declarations, check_syntax, load_dataset, rebase

HEADER = """@prefix kzjp: <https://w3id.org/kzjp-kg/ontology#> .
@prefix kzr: <https://w3id.org/kzjp-kg/resource/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
"""


def _tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def source_copy(tmp_path: Path) -> Path:
    """A copy of the repository's sources (ontology/, graph/, shapes/) that a test may break."""
    for name in ("ontology", "graph", "shapes"):
        shutil.copytree(config.ROOT / name, tmp_path / name)
    return tmp_path


def test_syntax_error_names_file_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(HEADER + "kzr:a kzjp:statedIn kzr:b ;\n    rdfs:label \"x\"@en\nkzr:c a owl:Thing .\n", encoding="utf-8")
    with pytest.raises(RdfSyntaxError) as err:
        check_syntax(bad)
    assert err.value.lineno == 7 and err.value.offset is not None
    msg = str(err.value)
    assert msg.startswith(f"{bad}:7:") and "Fix the statement" in msg


def test_undeclared_property_is_reported_with_did_you_mean(tmp_path: Path) -> None:
    onto = tmp_path / "ontology"
    onto.mkdir()
    (onto / "o.ttl").write_text(HEADER + "kzjp:statedIn a owl:ObjectProperty .\n", encoding="utf-8")
    facts = tmp_path / "graph" / "facts"
    facts.mkdir(parents=True)
    (facts / "f.ttl").write_text(HEADER + "kzr:a a owl:Thing ;\n    kzjp:statedln kzr:a .\n", encoding="utf-8")
    with pytest.raises(UndeclaredTermError) as err:
        load_dataset(tmp_path)
    msg = str(err.value)
    assert "graph/facts/f.ttl:6:5" in msg.replace(str(tmp_path) + "/", ""), msg
    assert "undeclared property <kzjp:statedln>" in msg and "Did you mean <kzjp:statedIn>?" in msg


def test_declared_terms_pass(tmp_path: Path) -> None:
    onto = tmp_path / "ontology"
    onto.mkdir()
    (onto / "o.ttl").write_text(HEADER + "kzjp:statedIn a owl:ObjectProperty .\n", encoding="utf-8")
    ds = load_dataset(tmp_path)
    check_declarations(ds, [])  # nothing undeclared: no error


def test_rebase_rewrites_every_project_iri(tmp_path: Path) -> None:
    onto = tmp_path / "ontology"
    onto.mkdir()
    (onto / "o.ttl").write_text(HEADER + "kzjp:statedIn a owl:ObjectProperty .\nkzr:a kzjp:statedIn kzr:a .\n"
                                "kzr:a a owl:Thing .\n", encoding="utf-8")
    ds = rebase(load_dataset(tmp_path), config.DEFAULT_BASE, "https://example.org/kg/")
    iris = {str(t) for g in ds.graphs() for triple in g for t in triple}
    assert "https://example.org/kg/resource/a" in iris
    assert not any(i.startswith(config.DEFAULT_BASE) for i in iris)


@pytest.mark.parametrize("breakage", ["syntax", "undeclared"])
def test_cli_bad_input_exits_2_and_keeps_last_good_build(built: Path, source_copy: Path, tmp_path: Path,
                                                         breakage: str) -> None:
    out = tmp_path / "out"
    shutil.copytree(built, out)
    before = _tree_digest(out)
    target = source_copy / "graph" / "facts" / "zz-broken.ttl"
    if breakage == "syntax":
        target.write_text(HEADER + "kzr:x rdfs:label \"unterminated .\n", encoding="utf-8")
    else:
        target.write_text(HEADER + "kzr:nazarbayev kzjp:visitedd kzr:japan .\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "kzjp_kg.cli", "build", "--root", str(source_copy),
                           "--out", str(out)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2, proc.stderr
    assert "zz-broken.ttl:5:" in proc.stderr
    assert "Traceback" not in proc.stderr
    if breakage == "undeclared":
        assert "undeclared property <kzjp:visitedd>" in proc.stderr and "Did you mean <kzjp:visited>?" in proc.stderr
    assert _tree_digest(out) == before


def test_build_with_violations_exits_1_keeps_last_good_build_and_says_why(built: Path, source_copy: Path,
                                                                        tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(built, out)
    before = _tree_digest(out)
    (source_copy / "graph" / "facts" / "zz-wrong.ttl").write_text(HEADER + """@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix kzs: <https://w3id.org/kzjp-kg/source/article-kk/> .
kzr:visit-backwards a kzjp:Visit ;
    rdfs:label "Кері сапар"@kk, "A visit that ends before it starts"@en ;
    kzjp:visitor kzr:nazarbayev ;
    kzjp:visitingState kzr:kazakhstan ;
    kzjp:startDate "1994-04-09"^^xsd:date ;
    kzjp:endDate "1994-04-06"^^xsd:date ;
    kzjp:statedIn kzs:s018 .
""", encoding="utf-8")
    with (source_copy / "graph" / "facts" / "references.tsv").open("a", encoding="utf-8") as fh:
        for p, o in (("visitor", "kzr:nazarbayev"), ("visitingState", "kzr:kazakhstan"),
                     ("startDate", '"1994-04-09"^^xsd:date'), ("endDate", '"1994-04-06"^^xsd:date')):
            fh.write(f"kzr:visit-backwards\tkzjp:{p}\t{o}\tkzs:s018\t\t\t\n")
    proc = subprocess.run([sys.executable, "-m", "kzjp_kg.cli", "build", "--root", str(source_copy),
                           "--out", str(out)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stderr
    assert "violation" in proc.stderr and "last good build" in proc.stderr
    assert _tree_digest(out / "dumps") == {k[len("dumps/"):]: v for k, v in before.items() if k.startswith("dumps/")}
    report = (out / "failed" / "reports" / "validation.txt").read_text(encoding="utf-8")
    assert "A visit that ends before it starts" in report and "on or before its end date" in report
