"""Reports people read: grouped by entity, with labels (never raw IRIs or blank-node ids), the sentence quoted for
source defects, and a hint for each violation; plus the machine report (``sh:ValidationReport``) as Turtle and the
data-quality page (Markdown and HTML) that lists every defect of the source.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import RDFS, BNode, Graph, Literal, Node, URIRef

from kzjp_kg import config
from kzjp_kg.terms import short

if TYPE_CHECKING:
    from kzjp_kg.validate import ValidationResult
    from kzjp_kg.validate.fast.views import StoreView

KZJP = config.KZJP

HINTS = {
    "Violation": "Fix the data file that states this (graph/facts/ or graph/source/), then run `kzjp-kg validate`.",
}


def label(g: Graph | StoreView, node: Node | None) -> str:
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
    return short(node)


def _sentences(g: Graph | StoreView, node: Node) -> list[tuple[str, str]]:
    out = []
    for s in sorted(g.objects(node, KZJP.defectIn), key=str):
        text = next(iter(g.objects(s, KZJP.text)), "")
        out.append((label(g, s), str(text)))
    return out


def render_text(result: ValidationResult, data: Graph | StoreView) -> str:
    """The report for people: per entity, its problems, each with the sentence or a hint.

    Sorted throughout (entities, then severity and message), so that the same graph gives the same text whichever
    route validated it and in whatever order the report graph yields its results (diffs between builds stay real).
    """
    lines = []
    status = "conforms" if result.conforms else "does NOT conform"
    lines.append(f"The graph {status}: {len(result.violations)} violation(s), {len(result.qc_failures)} failed QC "
                 f"row(s), {len(result.warnings)} warning(s) about the source, {len(result.infos)} note(s).")
    groups: dict[Node | None, list] = defaultdict(list)  # per focus node: two entities may share a label
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


def _base() -> str:
    """The IRI base of the build (the ontology namespace minus ``ontology#``): server paths are IRIs minus it."""
    return str(KZJP)[: -len("ontology#")]


def page_of(iri: str) -> str:
    """The server page of one of our IRIs (``/page/source/article-kk/s082``); other IRIs stay as they are."""
    base = _base()
    return "/page/" + iri[len(base):] if iri.startswith(base) else iri


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def defects(data: Graph | StoreView) -> list[dict]:
    """Every recorded defect of the source: its kind, severity, explanations, sentences (with their pages), what it
    concerns (``kzjp:defectAbout``, with pages) and the anchor it has on the data-quality page."""
    rdf_type = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    rows = []
    for d in set(data.subjects(KZJP.defectIn, None)):
        kinds = sorted(o for o in data.objects(d, rdf_type)
                       if isinstance(o, URIRef) and str(o).startswith(str(KZJP)) and o != KZJP.SourceDefect)
        expl = {o.language: str(o) for o in data.objects(d, KZJP.explanation) if isinstance(o, Literal)}
        sev = str(data.value(d, KZJP.severity) or "").rsplit("#", 1)[-1]
        local = _local(str(d)) if isinstance(d, URIRef) else ""
        sentences = [{"name": label(data, s), "text": str(next(iter(data.objects(s, KZJP.text)), "")),
                      "href": page_of(str(s)), "in_text": page_of(str(s)).rsplit("/", 1)[0] + "#" + _local(str(s))}
                     for s in sorted(data.objects(d, KZJP.defectIn), key=str)]
        about = [{"name": label(data, a), "href": page_of(str(a))}
                 for a in sorted(data.objects(d, KZJP.defectAbout), key=str) if isinstance(a, URIRef)]
        rows.append({"defect": label(data, d), "iri": str(d), "href": page_of(str(d)) if local else "",
                     "id": local if local.startswith("defect-") else f"defect-{local}",
                     "kind": _capital(label(data, kinds[0]) if kinds else "defect"),
                     "kind_id": "kind-" + (_local(str(kinds[0])) if kinds else "defect"), "severity": sev,
                     "en": expl.get("en", ""), "kk": expl.get("kk", ""), "sentences": sentences, "about": about,
                     "order": min((int(str(data.value(s, KZJP.order) or 0)) for s in data.objects(d, KZJP.defectIn)),
                                  default=0)})
    return sorted(rows, key=lambda r: (r["severity"] != "Warning", r["order"], r["defect"]))


def by_kind(rows: list[dict]) -> list[tuple[str, str, list[dict]]]:
    """(kind, anchor, defects) groups: the kinds with warnings first, then by how many defects they have."""
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in rows:
        groups[(r["kind"], r["kind_id"])].append(r)
    order = sorted(groups, key=lambda k: (all(r["severity"] != "Warning" for r in groups[k]), -len(groups[k]), k[0]))
    return [(k, i, groups[(k, i)]) for k, i in order]


#: Where the data-quality page sends a reader next: the reports it summarises and the pages it complements.
LINKS = (("/reports/validation.txt", "the validation report (text)"),
         ("/reports/validation.ttl", "the validation report (sh:ValidationReport, Turtle)"),
         ("/sources", "what the sources say, and their conflicts"),
         ("/page/source/article-kk", "the article, sentence by sentence, with its defects in place"))
TITLE = "Data quality: the defects of the source article"
INTRO = ("The graph is built from one Kazakh article. Where the article is wrong, inconsistent or broken, the graph "
         "records the defect with its sentence instead of hiding it. Warnings: the source is wrong or "
         "inconsistent. Notes: breakage the graph repairs.")


def _counts(rows: list[dict]) -> str:
    return (f"{sum(r['severity'] == 'Warning' for r in rows)} warnings, "
            f"{sum(r['severity'] == 'Info' for r in rows)} notes")


def _markdown(rows: list[dict]) -> str:
    out = [f"# {TITLE}", "", INTRO, "", "See also: " + "; ".join(f"[{t}]({h})" for h, t in LINKS) + ".", "",
           f"{_counts(rows)}.", "", "| kind | defects | warnings | notes |", "|---|---|---|---|"]
    groups = by_kind(rows)
    for kind, anchor, items in groups:
        warn = sum(r["severity"] == "Warning" for r in items)
        out.append(f"| [{kind}](#{anchor}) | {len(items)} | {warn} | {len(items) - warn} |")
    out.append("")
    for kind, anchor, items in groups:
        out += [f'<a id="{anchor}"></a>', "", f"## {kind} ({len(items)})", ""]
        for r in items:
            out += [f'<a id="{r["id"]}"></a>', "", f"### {r['defect']} ({r['severity']})", ""]
            if r["href"]:
                out += [f"[the defect's page]({r['href']}) · `{r['iri']}`", ""]
            out.append(r["en"])
            if r["kk"]:
                out += ["", f"*{r['kk']}*"]
            if r["about"]:
                out += ["", "Concerns: " + ", ".join(f"[{a['name']}]({a['href']})" for a in r["about"]) + "."]
            for s in r["sentences"]:
                out += ["", f"> [{s['name']}]({s['href']}) ([in the text]({s['in_text']})): «{s['text']}»"]
            out.append("")
    return "\n".join(out)


def css(scope: str = "") -> str:
    """The data-quality page's CSS, each rule under ``scope`` (the site wraps the report in ``<div class="quality">``
    so that its table and link rules reach nothing of the site's header); unscoped for the standalone file."""
    pre = f"{scope} " if scope else ""
    rules = ("article{border-left:4px solid #767676;padding-left:1em;margin:1em 0}", ".warning{border-color:#b35900}",
             ".info{border-color:#2a6cb0}", "blockquote{color:#333;background:#f6f6f6;padding:.3em .6em;margin:.3em 0}",
             "table{border-collapse:collapse}", "td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}",
             "td{text-align:right}", ":target{background:#fff8d6}", ".kind{color:#444}", "a{color:#0b5394}")

    def scoped(rule: str) -> str:
        selectors, block = rule.split("{", 1)
        return ",".join(pre + sel for sel in selectors.split(",")) + "{" + block

    return "".join(scoped(r) for r in rules) + "@media (max-width:500px){" + scoped(
        "td,th{padding:.15em .3em;font-size:.9em}") + "}"


@dataclass(frozen=True)
class QualityPage:
    """What the site's /quality page takes from the build's ``data-quality.html`` (:func:`page_parts`): the counts,
    the rows of the kinds table and the defects, as the build wrote them. Why from the file and not from the store:
    /quality shows the report of the build being served, the same one that ``/reports/data-quality.html`` serves."""

    warnings: int
    notes: int
    kinds: str
    defects: str


def page_parts(page: str) -> QualityPage | None:
    """The parts of a ``data-quality.html`` written by :func:`_html`; None for a file of an older build (no marks)."""
    counts = re.search(r"<p class='counts' data-warnings='(\d+)' data-notes='(\d+)'>", page)
    kinds = re.search(r"<tbody>(.*?)</tbody>", page, re.S)
    defects = re.search(r"<div class='defects'>(.*)</div></main>", page, re.S)
    if counts is None or kinds is None or defects is None:
        return None
    return QualityPage(int(counts.group(1)), int(counts.group(2)), kinds.group(1), defects.group(1))


def _html(rows: list[dict]) -> str:
    """The standalone data-quality page (``build/reports/data-quality.html``), in English. Its counts paragraph,
    kinds table body and ``<div class='defects'>`` are the parts the site's /quality page wraps in base.html
    (:func:`page_parts`): keep their marks."""
    esc = html.escape
    groups = by_kind(rows)
    toc = "".join(f"<tr><th scope='row'><a href='#{esc(a)}'>{esc(k)}</a></th><td>{len(items)}</td>"
                  f"<td>{sum(r['severity'] == 'Warning' for r in items)}</td>"
                  f"<td>{sum(r['severity'] != 'Warning' for r in items)}</td></tr>" for k, a, items in groups)
    parts = []
    for kind, anchor, items in groups:
        parts.append(f"<section id='{esc(anchor)}' aria-labelledby='{esc(anchor)}-h'>"
                     f"<h2 id='{esc(anchor)}-h'>{esc(kind)} <small>({len(items)})</small></h2>")
        for r in items:
            quotes = "".join(f"<blockquote lang='kk' cite='{esc(s['href'])}'><a href='{esc(s['href'])}'>"
                             f"{esc(s['name'])}</a> (<a href='{esc(s['in_text'])}'>in the text</a>): "
                             f"«{esc(s['text'])}»</blockquote>" for s in r["sentences"])
            about = ("<p>Concerns: " + ", ".join(f"<a href='{esc(a['href'])}'>{esc(a['name'])}</a>"
                                                for a in r["about"]) + ".</p>") if r["about"] else ""
            own = f" · <a href='{esc(r['href'])}'>the defect's page</a>" if r["href"] else ""
            kk = f"<p lang='kk'><i>{esc(r['kk'])}</i></p>" if r["kk"] else ""
            parts.append(f"<article id='{esc(r['id'])}' class='defect {esc(r['severity'].lower())}'>"
                         f"<h3>{esc(r['defect'])}</h3><p class='kind'>{esc(r['kind'])} · {esc(r['severity'])}"
                         f"{own} · <a href='#{esc(r['id'])}'>link here</a></p><p>{esc(r['en'])}</p>{kk}{about}"
                         f"{quotes}</article>")
        parts.append("</section>")
    links = " · ".join(f"<a href='{h}'>{esc(t)}</a>" for h, t in LINKS)
    warnings = sum(r["severity"] == "Warning" for r in rows)
    notes = sum(r["severity"] == "Info" for r in rows)
    return ("<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'><title>kzjp-kg: data quality</title>"
            "<style>body{font-family:sans-serif;max-width:60em;margin:auto;padding:0 1em;color:#222}"
            f"{css()}</style></head><body>"
            "<nav aria-label='site'><a href='/'>kzjp-kg</a> · <a href='/browse'>Browse</a> · "
            "<a href='/page/ontology'>Ontology</a> · <a href='/sources'>Sources</a></nav><main>"
            f"<h1>{esc(TITLE)}</h1><p>{esc(INTRO)}</p><p>See also: {links}.</p>"
            f"<p class='counts' data-warnings='{warnings}' data-notes='{notes}'>{_counts(rows)}, each with its "
            "sentence.</p>"
            "<table class='kinds'><caption>Defects by kind</caption><thead><tr><th scope='col'>Kind</th>"
            "<th scope='col'>Defects</th><th scope='col'>Warnings</th><th scope='col'>Notes</th></tr></thead>"
            f"<tbody>{toc}</tbody></table><div class='defects'>" + "".join(parts) + "</div></main></body></html>\n")


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


def write_reports(result: ValidationResult, data: Graph | StoreView, out_dir: Path) -> list[Path]:
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
