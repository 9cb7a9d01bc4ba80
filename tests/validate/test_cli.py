"""``kzjp-kg validate`` exit codes and reports: 0 when the project conforms (warnings allowed), 1 on violations,
2 on unreadable input with its place; reports for people and machines are written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from rdflib import Graph, Literal
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
    # SHACL 1.0 §3.6.1: conforms is false whenever there is a result, warnings included (the gate is "no violation")
    results = len(set(report.subjects(RDF.type, SH.ValidationResult)))
    assert results > 0 and list(report.objects(None, SH.conforms)) == [Literal(False)]
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


def _project_files(tmp: Path) -> list[Path]:
    """The project graph (asserted with Latin labels, and its inferred triples) as two N-Triples files, in RDF 1.1's
    term form (:func:`tests.validate._files.rdf11`), so both routes read the same terms."""
    from kzjp_kg.load import asserted_graph, load_dataset
    from kzjp_kg.reason import closure
    from kzjp_kg.sources.translit import latin_labels
    from tests.validate._files import nt_files, rdf11

    data = asserted_graph(load_dataset())
    data += latin_labels(data)
    return nt_files(tmp, rdf11(data), rdf11(closure(data).inferred))


def test_store_engine_gives_the_fast_paths_report_for_people(tmp_path: Path) -> None:
    """``--engine store`` (files bulk-loaded into pyoxigraph, no rdflib graph) prints the same report for people —
    labels, sentences, counts — and writes the same data-quality page as the fast path on the same files."""
    files = [str(p) for p in _project_files(tmp_path)]
    store = _run("--engine", "store", "--data", *files, "--reports", str(tmp_path / "store"))
    graph = _run("--engine", "fast", "--data", *files, "--reports", str(tmp_path / "graph"))
    assert store.returncode == 0 and graph.returncode == 0, store.stderr + graph.stderr
    assert "over a pyoxigraph store" in store.stdout
    report = store.stdout.split("\nvalidated with")[0]
    assert report == graph.stdout.split("\nvalidated with")[0]
    assert "warning(s) about the source" in report and "«" in report  # sentences were read from the store
    for name in ("data-quality.md", "validation.txt"):
        assert (tmp_path / "store" / name).read_text(encoding="utf-8") == \
            (tmp_path / "graph" / name).read_text(encoding="utf-8"), name


def test_store_engine_on_disk_and_its_errors(tmp_path: Path) -> None:
    """An on-disk store in a new folder works; a folder already holding something, a missing file, a syntax error
    and a missing --data are refused with what is wrong and where (exit 2, or the usage error), nothing written."""
    bad_nt = tmp_path / "bad.nt"
    bad_nt.write_text("<http://ex/a> <http://ex/b> <http://ex/c> .\n<http://ex/a> <http://ex/b> .\n",
                      encoding="utf-8")
    ok = _run("--engine", "store", "--data", str(DATA / "invalid" / "period-order.ttl"), "--store-dir",
              str(tmp_path / "db"), "--reports", str(tmp_path / "r1"), "--quiet")
    assert ok.returncode == 1 and "does NOT conform" in ok.stdout, ok.stderr  # the fixture's violation, found
    assert any((tmp_path / "db").iterdir())
    again = _run("--engine", "store", "--data", str(bad_nt), "--store-dir", str(tmp_path / "db"),
                 "--reports", str(tmp_path / "r2"))
    assert again.returncode == 2 and "not empty" in again.stderr and not (tmp_path / "r2").exists()
    syntax = _run("--engine", "store", "--data", str(bad_nt), "--reports", str(tmp_path / "r3"))
    assert syntax.returncode == 2 and str(bad_nt) in syntax.stderr and "line 2" in syntax.stderr.lower()
    assert "Traceback" not in syntax.stderr and not (tmp_path / "r3").exists()
    missing = _run("--engine", "store", "--data", str(tmp_path / "nope.nt"))
    assert missing.returncode == 2 and "nope.nt" in missing.stderr
    no_data = _run("--engine", "store")
    assert no_data.returncode != 0 and "--data" in no_data.stderr
    stray = _run("--store-dir", str(tmp_path / "db2"), "--quiet")
    assert stray.returncode != 0 and "--engine store" in stray.stderr


def test_auto_takes_the_store_route_for_large_files_only(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """``--engine auto`` parses --data into rdflib below STORE_ROUTE_BYTES and bulk-loads it into pyoxigraph above."""
    import argparse

    from kzjp_kg.validate import cli

    data = DATA / "invalid" / "period-order.ttl"
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    args = parser.parse_args(["--data", str(data), "--reports", str(tmp_path), "--quiet"])
    assert cli.run(args) == 1 and "over a pyoxigraph store" not in capsys.readouterr().out
    monkeypatch.setattr(cli, "STORE_ROUTE_BYTES", data.stat().st_size - 1)
    assert cli.run(args) == 1 and "over a pyoxigraph store" in capsys.readouterr().out
