"""``kzjp-kg validate`` exit codes and reports: 0 when the project conforms (warnings allowed), 1 on violations,
2 on unreadable input with its place; reports for people and machines are written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF, SH

DATA = Path(__file__).resolve().parent.parent / "data"


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kzjp_kg.cli", "validate", *args], capture_output=True, text=True,
                          timeout=300)


def test_project_conforms_with_source_warnings_and_writes_reports(tmp_path: Path) -> None:
    proc = _run("--reports", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "The graph conforms: 0 violation(s)" in proc.stdout and "warning(s) about the source" in proc.stdout
    report = Graph().parse(tmp_path / "validation.ttl", format="turtle")
    assert any(report.subjects(RDF.type, SH.ValidationReport))
    quality = (tmp_path / "data-quality.md").read_text(encoding="utf-8")
    assert "Dates of the 2008 visit" in quality or "2008 visit is dated two ways" in quality
    assert "Сол себепті 2004 жылы тамыздағы" in quality  # Kawaguchi's sentence quoted
    assert "(an unnamed node)" not in (tmp_path / "validation.txt").read_text(encoding="utf-8")
    assert "validated with the fast path" in proc.stdout  # the default engine, where it agrees with pySHACL


def test_data_quality_page_lists_every_source_defect_with_its_sentence_and_explanation(tmp_path: Path) -> None:
    """Every kzjp:SourceDefect of the graph is on the page (Markdown and HTML): its English explanation and the text
    of each sentence it is in — read from the graph, not from a list in the test."""
    import html

    from rdflib import Literal

    from kzjp_kg.config import KZJP
    from kzjp_kg.load import asserted_graph, load_dataset
    from kzjp_kg.validate import validate
    from kzjp_kg.validate.report import write_reports

    g = asserted_graph(load_dataset())
    write_reports(validate(g, engine="fast"), g, tmp_path)
    md = (tmp_path / "data-quality.md").read_text(encoding="utf-8")
    page = html.unescape((tmp_path / "data-quality.html").read_text(encoding="utf-8"))
    defects = set(g.subjects(KZJP.defectIn, None))
    assert len(defects) >= 40
    for d in defects:
        en = next(str(o) for o in g.objects(d, KZJP.explanation) if isinstance(o, Literal) and o.language == "en")
        assert en in md and en in page, d
        for sentence in g.objects(d, KZJP.defectIn):
            text = str(g.value(sentence, KZJP.text))
            assert f"«{text}»" in md and f"«{text}»" in page, (d, sentence)


def test_violations_exit_1(tmp_path: Path) -> None:
    proc = _run("--data", str(DATA / "invalid" / "period-order.ttl"), "--reports", str(tmp_path), "--quiet")
    assert proc.returncode == 1
    assert "does NOT conform" in proc.stdout


def test_unreadable_input_exits_2_with_its_place(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://ex/> .\nex:a ex:b .\n", encoding="utf-8")
    proc = _run("--data", str(bad), "--reports", str(tmp_path))
    assert proc.returncode == 2
    assert f"{bad}:2:" in proc.stderr and "Traceback" not in proc.stderr
