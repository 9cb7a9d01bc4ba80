"""``kzjp-kg build``: the whole pipeline, source text to the dumps in ``build/``.

load (syntax + declared terms) → Kazakh Latin labels → statements (every asserted triple with its references and
rank; deprecated ones leave the facts) → reasoning (inferred graph; an inconsistency, such as a resource in two
disjoint classes, refuses the build) → validation of the reasoned
graph → dumps, reports and manifest, staged and swapped into ``build/`` only if every step passed. A graph with
violations is refused and the last good build stays untouched; the refused build's reports go to
``build/failed/`` so the user can read why.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import shutil
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rdflib import RDF, Dataset, Graph

from kzjp_kg import config, digest, dump
from kzjp_kg.errors import NonConformingError
from kzjp_kg.reason import DEFAULT_ENGINE, closure
from kzjp_kg.reason.clash import check_consistency
from kzjp_kg.statements.asbuilt import as_built
from kzjp_kg.statements.projection import project
from kzjp_kg.terms import short
from kzjp_kg.validate import validate, write_reports
from kzjp_kg.validate.asserted import validate_asserted


@dataclass
class BuildResult:
    """What a build produced: per-graph triple counts, entities per class, timings, output folder."""

    build_dir: Path
    graph_counts: dict[str, int]
    class_counts: dict[str, int]
    timings: dict[str, float] = field(default_factory=dict)
    dropped: dict[str, int] = field(default_factory=dict)
    warnings: int = 0
    infos: int = 0


def _class_counts(g: Graph) -> dict[str, int]:
    ns = str(config.KZJP)
    counts = Counter(str(o)[len(ns):] for o in g.objects(None, RDF.type) if str(o).startswith(ns))
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _sentences_of(g: Graph, node: object) -> str:
    from kzjp_kg.statements.layer import sentences_of

    found = sentences_of(g, node)  # type: ignore[arg-type]
    return f" (stated in {', '.join(short(x) for x in found)})" if found else ""


def _write_sources_report(ds: Dataset, out: Path) -> None:
    """What each source says of the article's statements (``sources.md`` for people, ``sources.json`` for /sources)."""
    import json

    from kzjp_kg.statements.agreement import report, report_data

    (out / "sources.md").write_text(report(ds), encoding="utf-8")
    (out / "sources.json").write_text(json.dumps(report_data(ds), ensure_ascii=False, indent=1) + "\n",
                                      encoding="utf-8")


def _write_docs(ds: Dataset, out: Path) -> None:
    """The ontology's documentation page and diagram (``docs/ontology.html``, ``.svg``), with examples of use
    from the whole built dataset (asserted and inferred)."""
    import pyoxigraph as ox

    from kzjp_kg.ontodoc import write_docs

    onto = ds.graph(config.Namespaces(config.base_from_env()).KZG.ontology)  # the base load_dataset rebased to
    store = ox.Store()
    store.extend(dump.to_quads(ds))
    write_docs(onto, out, store=store, ontology_graph=str(onto.identifier))


def build(build_dir: Path | None = None, *, engine: str | None = None, root: Path | None = None) -> BuildResult:
    """Run the pipeline and swap its outputs into ``build_dir``; raise on bad input or a non-conforming graph.

    ``root`` is the folder holding ``ontology/`` and ``graph/`` (default: this repository), so the same pipeline
    builds a fork's or a test's sources.
    """
    build_dir = Path(build_dir or config.BUILD_DIR)
    build_dir.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}

    t = time.perf_counter()
    built = as_built(root or config.ROOT)
    ds, labels_added = built.dataset, built.latin_labels_added
    timings["load"] = time.perf_counter() - t

    t = time.perf_counter()
    asserted = built.asserted()
    before = validate_asserted(asserted, ds.graph(config.GRAPH_ONTOLOGY))
    timings["validate asserted"] = time.perf_counter() - t
    if not before.conforms:
        failed = build_dir / "failed"
        shutil.rmtree(failed, ignore_errors=True)
        write_reports(before, asserted, failed / "reports")
        lines = [f"  {short(v.focus)}: {v.message}{_sentences_of(asserted, v.focus)}" for v in before.violations[:10]]
        raise NonConformingError(
            f"the asserted graph has {len(before.violations)} violation(s) before reasoning (types are checked "
            "as asserted, with the class hierarchy only, so domain/range typing cannot hide a wrong value):\n"
            + "\n".join(lines) + f"\nNothing was written; the last good build in {build_dir} is unchanged. "
            f"Read {failed / 'reports'} for each problem and its sentence.")

    t = time.perf_counter()
    result = closure(asserted, engine or DEFAULT_ENGINE)
    check_consistency(asserted, result.inconsistencies)  # a resource in two disjoint classes, …: refused
    inferred = ds.graph(config.GRAPH_INFERRED)
    for triple in result.inferred:
        inferred.add(triple)
    project(ds)  # the statements in Wikidata's statement model (after reasoning: a visit is known by its type)
    timings["reason"] = time.perf_counter() - t

    t = time.perf_counter()
    reasoned = asserted + result.inferred
    report = validate(reasoned)
    timings["validate"] = time.perf_counter() - t

    stage = dump.staging_dir(build_dir)
    try:
        if not report.conforms:
            failed = build_dir / "failed"
            shutil.rmtree(failed, ignore_errors=True)
            write_reports(report, reasoned, failed / "reports")
            raise NonConformingError(
                f"the graph has {len(report.violations)} violation(s) and {len(report.qc_failures)} failed QC "
                f"quer(ies); nothing was written and the last good build in {build_dir} is unchanged. "
                f"Read {failed / 'reports'} (or run `kzjp-kg validate`) for each problem and how to fix it.")
        t = time.perf_counter()
        write_reports(report, reasoned, stage / "reports")
        _write_sources_report(ds, stage / "reports")
        sizes = dump.write_dumps(ds, stage / "dumps")
        _write_docs(ds, stage / "docs")
        graph_counts = {str(g.identifier).rsplit("/", 1)[-1]: len(g) for g in ds.graphs() if len(g)}
        manifest = {
            "built": datetime.now(UTC).isoformat(timespec="seconds"),
            digest.MANIFEST_KEY: digest.current_digest(root),
            "graphs": graph_counts,
            "files": sizes,
            "reasoner": result.engine,
            "dropped_by_filter": result.dropped,
            "kk_latn_labels_added": labels_added,
            "statements": {"referenced": len(set(built.statements.graph.subjects(config.KZJP.rank, None))),
                           "deprecated": len(built.statements.deprecated)},
            "validation": {"conforms": True, "warnings": len(report.warnings), "infos": len(report.infos)},
            "versions": {p: importlib.metadata.version(p) for p in ("rdflib", "owlrl", "pyshacl", "pyoxigraph")},
        }
        dump.write_manifest(stage / "manifest.json", manifest)
        dump.swap_in(stage, build_dir)
        shutil.rmtree(build_dir / "failed", ignore_errors=True)
        timings["write"] = time.perf_counter() - t
    except BaseException:
        dump.discard(stage)
        raise
    return BuildResult(build_dir, graph_counts, _class_counts(reasoned), timings, result.dropped,
                       len(report.warnings), len(report.infos))


def print_summary(res: BuildResult) -> None:
    """A short human summary: triples per graph, entities per class, timings."""
    from rich.console import Console
    from rich.table import Table

    console = Console(file=sys.stdout)
    t1 = Table(title="Triples per named graph")
    t1.add_column("graph")
    t1.add_column("triples", justify="right")
    for name, n in res.graph_counts.items():
        t1.add_row(name, f"{n:,}")
    t2 = Table(title="Entities per class (after reasoning, top 25)")
    t2.add_column("class")
    t2.add_column("entities", justify="right")
    for name, n in list(res.class_counts.items())[:25]:
        t2.add_row(f"kzjp:{name}", str(n))
    console.print(t1, t2)
    timing = ", ".join(f"{k} {v:.1f}s" for k, v in res.timings.items())
    console.print(f"Validation: conforms ({res.warnings} source warnings, {res.infos} notes). Timings: {timing}.")
    console.print(f"Reasoner noise dropped: {res.dropped}")
    console.print(f"Built into {res.build_dir}/ (dumps/, reports/, docs/, manifest.json)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, default=None, help="build folder (default: build/ or KZJP_BUILD_DIR)")
    parser.add_argument("--root", type=Path, default=None, help="folder with ontology/ and graph/ (default: this repo)")
    parser.add_argument("--engine", choices=("fast", "owlrl", "reasonable"), default=None,
                        help="OWL 2 RL engine (default: the fast path where it agrees with owlrl)")


def run(args: argparse.Namespace) -> int:
    res = build(args.out, engine=args.engine, root=args.root)
    print_summary(res)
    return 0
