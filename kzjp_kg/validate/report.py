"""Reports people read: grouped by entity, with labels (never raw IRIs or blank-node ids), the sentence quoted for
source defects, and a hint for each violation; plus the machine report (``sh:ValidationReport``) as Turtle and the
data-quality page (Markdown and HTML) that lists every defect of the source.
"""

from __future__ import annotations

import html
from collections import defaultdict
from pathlib import Path

from rdflib import RDFS, BNode, Graph, Literal, URIRef

from kzjp_kg import config

KZJP = config.KZJP

HINTS = {
    "Violation": "Fix the data file that states this (graph/facts/ or graph/source/), then run `kzjp-kg validate`.",
}


def label(g: Graph, node) -> str:  # type: ignore[no-untyped-def]
    """A readable name: the English label, else the Kazakh one, else a short local name (never a blank-node id)."""
    if isinstance(node, Literal):
        return str(node)
    if node is None:
        return "(none)"
    for lang in ("en", "kk"):
        for o in g.objects(node, RDFS.label):
            if isinstance(o, Literal) and o.language == lang:
                return str(o)
    if isinstance(node, BNode):
        return "(an unnamed node)"
    text = str(node)
    for prefix, ns in config.PREFIXES.items():
        if text.startswith(ns):
            return f"{prefix}:{text[len(ns):]}"
    return text


def _sentences(g: Graph, node) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    out = []
    for s in sorted(g.objects(node, KZJP.defectIn), key=str):
        text = next(iter(g.objects(s, KZJP.text)), "")
        out.append((label(g, s), str(text)))
    return out


def render_text(result, data: Graph) -> str:  # type: ignore[no-untyped-def]
    """The report for people: per entity, its problems, each with the sentence or a hint.

    Sorted throughout (entities, then severity and message), so that the same graph gives the same text whichever
    route validated it and in whatever order the report graph yields its results (diffs between builds stay real).
    """
    lines = []
    status = "conforms" if result.conforms else "does NOT conform"
    lines.append(f"The graph {status}: {len(result.violations)} violation(s), {len(result.qc_failures)} failed QC "
                 f"row(s), {len(result.warnings)} warning(s) about the source, {len(result.infos)} note(s).")
    groups: dict[object, list] = defaultdict(list)  # per focus node: two entities may share a label
    for r in [*result.violations, *result.qc_failures, *result.warnings, *result.infos]:
        groups[r.focus].append(r)
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    names = {focus: label(data, focus) for focus in groups}
    for focus in sorted(groups, key=lambda f: (min(order[r.severity] for r in groups[f]), names[f],
                                               str(f) if isinstance(f, URIRef) else "")):
        lines.append("")
        lines.append(names[focus])
        for r in sorted(groups[focus], key=lambda r: (order[r.severity], r.message, str(r.value or ""))):
            msg = r.message
            if r.value is not None and r.severity == "Violation" and "{" not in msg:
                msg += f" (value: {label(data, r.value)})"
            lines.append(f"  [{r.severity}] {msg}")
            if r.severity == "Violation":
                lines.append(f"      hint: {HINTS['Violation']} (rule: {r.shape})")
            for sname, text in _sentences(data, r.focus)[:3]:
                lines.append(f"      {sname}: «{text}»")
    return "\n".join(lines)


def defects(data: Graph) -> list[dict]:
    """Every recorded defect of the source, with its kind, severity, explanations and sentences."""
    rows = []
    for d in set(data.subjects(KZJP.defectIn, None)):
        kinds = [o for o in data.objects(d, config.PREFIXES and URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"))
                 if str(o).startswith(str(KZJP)) and o != KZJP.SourceDefect]
        expl = {o.language: str(o) for o in data.objects(d, KZJP.explanation) if isinstance(o, Literal)}
        sev = str(data.value(d, KZJP.severity) or "").rsplit("#", 1)[-1]
        rows.append({"defect": label(data, d), "kind": label(data, kinds[0]) if kinds else "defect", "severity": sev,
                     "en": expl.get("en", ""), "kk": expl.get("kk", ""), "sentences": _sentences(data, d),
                     "order": min((int(data.value(s, KZJP.order) or 0) for s in data.objects(d, KZJP.defectIn)),
                                  default=0)})
    return sorted(rows, key=lambda r: (r["severity"] != "Warning", r["order"], r["defect"]))


def _markdown(rows: list[dict]) -> str:
    out = ["# Data quality: the defects of the source article", "",
           "The graph is built from one Kazakh article. Where the article is wrong, inconsistent or broken, the graph "
           "records the defect with its sentence instead of hiding it. Warnings: the source is wrong or "
           "inconsistent. Notes: breakage the graph repairs.", "",
           f"{sum(r['severity'] == 'Warning' for r in rows)} warnings, "
           f"{sum(r['severity'] == 'Info' for r in rows)} notes.", ""]
    for r in rows:
        out.append(f"## {r['defect']} ({r['kind']}, {r['severity']})")
        out.append("")
        out.append(r["en"])
        if r["kk"]:
            out.append("")
            out.append(f"*{r['kk']}*")
        for name, text in r["sentences"]:
            out.append("")
            out.append(f"> {name}: «{text}»")
        out.append("")
    return "\n".join(out)


def _html(rows: list[dict]) -> str:
    esc = html.escape
    items = []
    for r in rows:
        quotes = "".join(f"<blockquote lang='kk'><b>{esc(n)}</b>: «{esc(t)}»</blockquote>" for n, t in r["sentences"])
        items.append(f"<section class='{esc(r['severity'].lower())}'><h2>{esc(r['defect'])}</h2>"
                     f"<p class='kind'>{esc(r['kind'])} · {esc(r['severity'])}</p><p>{esc(r['en'])}</p>"
                     f"<p lang='kk'><i>{esc(r['kk'])}</i></p>{quotes}</section>")
    return ("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>kzjp-kg: data quality</title>"
            "<style>body{font-family:sans-serif;max-width:60em;margin:auto}section{border-left:4px solid #999;"
            "padding-left:1em;margin:1em 0}.warning{border-color:#d80}.info{border-color:#48c}"
            "blockquote{color:#333;background:#f6f6f6;padding:.3em .6em}</style></head><body>"
            "<h1>Data quality: the defects of the source article</h1>"
            f"<p>{sum(r['severity'] == 'Warning' for r in rows)} warnings and "
            f"{sum(r['severity'] == 'Info' for r in rows)} notes, each with its sentence.</p>"
            + "".join(items) + "</body></html>\n")


def conformant(report: Graph) -> Graph:
    """``report`` with ``sh:conforms`` as SHACL 1.0 §3.6.1 defines it: true only if there is no validation result.

    Why: pySHACL (with ``allow_warnings``) and our fast path say ``true`` when every result is a warning or a note,
    which is what the build's gate means, but a report saying it conforms beside 44 results is not SHACL. The gate
    (no violations) stays in the build; the file says what the standard says."""
    from rdflib.namespace import RDF, SH, XSD

    out = Graph()
    for prefix, ns in report.namespaces():
        out.bind(prefix, ns)
    for t in report:
        if t[1] != SH.conforms:
            out.add(t)
    has_results = any(True for _ in report.subjects(RDF.type, SH.ValidationResult))
    for node in set(report.subjects(RDF.type, SH.ValidationReport)):
        out.add((node, SH.conforms, Literal(not has_results, datatype=XSD.boolean)))
    return out


def write_reports(result, data: Graph, out_dir: Path) -> list[Path]:  # type: ignore[no-untyped-def]
    """Write validation.ttl (sh:ValidationReport), validation.txt, data-quality.md and data-quality.html."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    p = out_dir / "validation.ttl"
    conformant(result.report).serialize(p, format="turtle")
    paths.append(p)
    p = out_dir / "validation.txt"
    p.write_text(render_text(result, data) + "\n", encoding="utf-8")
    paths.append(p)
    rows = defects(data)
    p = out_dir / "data-quality.md"
    p.write_text(_markdown(rows) + "\n", encoding="utf-8")
    paths.append(p)
    p = out_dir / "data-quality.html"
    p.write_text(_html(rows), encoding="utf-8")
    paths.append(p)
    return paths
