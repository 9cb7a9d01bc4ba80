"""Errors that cannot pass: each kind of wrong input makes the build refuse, say what and where, and keep the last
good build. The fixtures are added to a copy of the sources, with their rows in the references table."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from kzjp_kg import config
from kzjp_kg.build import build
from kzjp_kg.errors import KzjpError, NonConformingError
from kzjp_kg.statements.layer import StatementError

HEADER = """# fixture: a wrong input the build must refuse
@prefix kzjp: <https://w3id.org/kzjp-kg/ontology#> .
@prefix kzr: <https://w3id.org/kzjp-kg/resource/> .
@prefix kzs: <https://w3id.org/kzjp-kg/source/article-kk/> .
"""


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    for name in ("ontology", "graph"):
        shutil.copytree(config.ROOT / name, tmp_path / name)
    return tmp_path


def _add(root: Path, turtle: str, rows: list[str]) -> None:
    (root / "graph" / "facts" / "zz-fixture.ttl").write_text(HEADER + turtle, encoding="utf-8")
    with (root / "graph" / "facts" / "references.tsv").open("a", encoding="utf-8") as fh:
        fh.writelines(r + "\n" for r in rows)


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and "failed" not in p.parts}


@pytest.fixture(scope="module")
def last_good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("good") / "build"
    build(out)
    return out


def _refused(root: Path, last_good: Path, tmp_path: Path) -> KzjpError:
    out = tmp_path / "build"
    shutil.copytree(last_good, out)
    before = _digest(out)
    with pytest.raises(KzjpError) as err:
        build(out, root=root)
    assert _digest(out) == before, "a refused build changed the last good output"
    return err.value


def test_a_visit_used_as_an_agent_is_refused(sources: Path, last_good: Path, tmp_path: Path) -> None:
    _add(sources, "kzr:visit-1994-04-nazarbayev-japan kzjp:metWith kzr:akihito .\n",
         ["kzr:visit-1994-04-nazarbayev-japan\tkzjp:metWith\tkzr:akihito\tkzs:s018\t\t\t"])
    err = _refused(sources, last_good, tmp_path)
    msg = str(err)
    assert isinstance(err, NonConformingError) and "before reasoning" in msg
    assert "kzr:visit-1994-04-nazarbayev-japan: is the subject of kzjp:metWith but is not asserted to be a kzjp:Agent" in msg
    assert "stated in kzs:s018, kzs:s019" in msg


def test_a_concept_used_as_a_document_is_refused(sources: Path, last_good: Path, tmp_path: Path) -> None:
    _add(sources, "kzr:need-security-dialogue kzjp:signedAt kzr:visit-1994-04-nazarbayev-japan .\n",
         ["kzr:need-security-dialogue\tkzjp:signedAt\tkzr:visit-1994-04-nazarbayev-japan\tkzs:s019\t\t\t"])
    msg = str(_refused(sources, last_good, tmp_path))
    assert "kzr:need-security-dialogue: is the subject of kzjp:signedAt but is not asserted to be a kzjp:Document" in msg


def test_a_doubted_holding_used_as_a_premise_is_refused(sources: Path, last_good: Path, tmp_path: Path) -> None:
    table = sources / "graph" / "facts" / "references.tsv"
    text = table.read_text(encoding="utf-8")
    row = "kzr:holding-kawaguchi-pm-2004\tkzjp:office\tkzr:pos-pm-japan\tkzs:s043\tdeprecated\tkzr:defect-kawaguchi-title"
    assert row in text
    table.write_text(text.replace(row, "kzr:holding-kawaguchi-pm-2004\tkzjp:office\tkzr:pos-pm-japan\tkzs:s043\t\t"),
                     encoding="utf-8")
    err = _refused(sources, last_good, tmp_path)
    assert isinstance(err, StatementError)
    assert "doubted by kzr:defect-kawaguchi-title" in str(err) and "cannot be a premise" in str(err)


def test_a_statement_without_a_reference_is_refused(sources: Path, last_good: Path, tmp_path: Path) -> None:
    _add(sources, "kzr:obuchi kzjp:metWith kzr:yermekbayev .\n", [])
    err = _refused(sources, last_good, tmp_path)
    assert isinstance(err, StatementError)
    assert "no reference for kzr:obuchi kzjp:metWith kzr:yermekbayev" in str(err)
