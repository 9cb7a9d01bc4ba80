"""``kzjp-kg link``: link entities to Wikidata, keep the snapshot, cross-check claims, export QuickStatements.

Without an action flag it runs the linker against ``--endpoint`` (Wikidata's query service by default). Actions run
in this order when combined: ``--snapshot`` (offline, from ../shared/wikidata) or ``--refresh`` (live), then
``--reference``, the linker (``--reconcile``), ``--cross-check``, ``--quickstatements`` and ``--report``.
Everything that talks to an endpoint fails with exit code 2 and a clear message when it is unreachable, and writes
nothing: the existing snapshot and links stay as they were.
"""

from __future__ import annotations

import argparse
import csv
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import RDF, Graph, URIRef

from kzjp_kg import config
from kzjp_kg.link.client import DEFAULT_CACHE, USER_AGENT, WIKIDATA_SPARQL, SparqlClient
from kzjp_kg.link.reference import EXTRA_PEOPLE, qid_rows, write

if TYPE_CHECKING:
    from kzjp_kg.link.crosscheck import Source
    from kzjp_kg.link.reconcile import LinkResult

REPORTS_DIR = config.BUILD_DIR / "wikidata"
CONFIRMED = config.WIKIDATA_DIR / "confirmed.tsv"


def _linkable() -> set[URIRef]:
    """People, states, organisations and cities of the asserted facts that carry no reason of their own."""
    from kzjp_kg.link.reconcile import entities
    from kzjp_kg.load import load_dataset

    facts = load_dataset().graph(config.GRAPH_FACTS)
    own = set(facts.subjects(config.KZJP.unlinkedReason, None))
    return {e.iri for e in entities(facts, Graph()) if e.iri not in own}


def _entities() -> set[URIRef]:
    from kzjp_kg.load import load_dataset

    ds = load_dataset()
    facts = ds.graph(config.GRAPH_FACTS)
    found = {s for s in facts.subjects(RDF.type, None) if isinstance(s, URIRef)}
    return found | {config.KZR[k] for k in EXTRA_PEOPLE}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    a = parser.add_argument
    a("--endpoint", default=None, help=f"SPARQL endpoint (default {WIKIDATA_SPARQL}; for --cross-check and "
      "--quickstatements the offline snapshot unless given)")
    a("--reconcile", action="store_true", help="run the linker (the default when no other action is given)")
    a("--snapshot", action="store_true", help="rebuild graph/wikidata/snapshot.ttl from ../shared/wikidata")
    a("--refresh", action="store_true", help="regenerate graph/wikidata/snapshot.ttl from --endpoint")
    a("--reference", action="store_true", help="regenerate links.ttl and reference-holdings.ttl from ../shared")
    a("--cross-check", action="store_true", help="compare the article with Wikidata; write the report and "
      "graph/wikidata/supplied.ttl")
    a("--quickstatements", action="store_true", help="export facts Wikidata lacks as QuickStatements")
    a("--report", action="store_true", help="print linked / linkable entities and why each other is unlinked")
    a("--out-dir", type=Path, default=config.WIKIDATA_DIR, help="where links/snapshot/supplied files go "
      "(default graph/wikidata/)")
    a("--reports-dir", type=Path, default=REPORTS_DIR, help="where reports go (default build/wikidata/)")
    a("--no-scan", action="store_true", help="exact label lookups only (no pattern search over all labels)")
    a("--cache-dir", type=Path, default=DEFAULT_CACHE, help="answer cache (default build/cache/sparql)")
    a("--no-cache", action="store_true", help="do not read or write the answer cache")
    a("--interval", type=float, default=1.0, help="seconds between requests (default 1)")
    a("--retries", type=int, default=3, help="retries on 429/5xx/network errors, with doubling backoff (3)")
    a("--timeout", type=float, default=60.0, help="seconds per request (60)")
    a("--user-agent", default=USER_AGENT, help="User-Agent sent to the endpoint")


def _client(args: argparse.Namespace) -> SparqlClient:
    return SparqlClient(args.endpoint or WIKIDATA_SPARQL, user_agent=args.user_agent, min_interval=args.interval,
                        retries=args.retries, timeout=args.timeout, backoff=min(1.0, args.interval or 0.1),
                        cache_dir=None if args.no_cache else args.cache_dir)


def _source(args: argparse.Namespace) -> Source:
    from kzjp_kg.link.crosscheck import SnapshotSource

    return _client(args) if args.endpoint else SnapshotSource(args.out_dir / "snapshot.ttl")


def run(args: argparse.Namespace) -> int:
    acting = (args.snapshot, args.refresh, args.reference, args.cross_check, args.quickstatements, args.report)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    if args.snapshot:
        from kzjp_kg.link.snapshot import build_offline

        print(f"wrote {build_offline(args.out_dir / 'snapshot.ttl')} (from ../shared/wikidata)")
    if args.refresh:
        from kzjp_kg.link.snapshot import refresh

        path, n = refresh(_client(args), args.out_dir / "snapshot.ttl")
        print(f"wrote {path}: {n} items from {args.endpoint or WIKIDATA_SPARQL}")
    if args.reference:
        for p in write(_entities(), args.out_dir, confirmed=read_confirmed(args.out_dir / "confirmed.tsv"),
                       linkable=_linkable()):
            print(f"wrote {p}")
    if args.reconcile or not any(acting):
        reconcile(args)
    if args.cross_check:
        cross_check(args)
    if args.quickstatements:
        quickstatements(args)
    if args.report:
        report(args)
    return 0


# --- the linker -------------------------------------------------------------------------------------------------

def read_confirmed(path: Path = CONFIRMED) -> dict[str, tuple[str, str]]:
    """key → (qid, evidence) of links the linker confirmed for entities the shared tables leave unverified."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {r["key"]: (r["qid"], r["evidence"]) for r in csv.DictReader(fh, delimiter="\t")}


def _write_confirmed(path: Path, rows: dict[str, tuple[str, str]]) -> None:
    lines = ["key\tqid\tevidence"] + [f"{k}\t{q}\t{e}" for k, (q, e) in sorted(rows.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def reconcile(args: argparse.Namespace) -> None:
    from kzjp_kg.link.reconcile import entities
    from kzjp_kg.link.reconcile import reconcile as run_linker
    from kzjp_kg.load import asserted_graph, load_dataset

    ds = load_dataset()
    links_file = args.out_dir / "links.ttl"
    links = ds.graph(config.GRAPH_LINKS)
    if links_file.resolve() != (config.WIKIDATA_DIR / "links.ttl").resolve() and links_file.exists():
        from kzjp_kg.terms import open_rdf

        links = open_rdf(links_file)  # a syntax error names file:line:col
    ents = entities(asserted_graph(ds), links)
    client = _client(args)
    results = run_linker(client, ents, scan=False if args.no_scan else None)
    key_of = {r.iri: r.key for r in qid_rows()}
    confirmed = read_confirmed(args.out_dir / "confirmed.tsv")
    today = date.today().isoformat()
    new = 0
    for r in results:
        if r.status == "confirmed" and r.entity.verified_qid is None and r.qid:
            key = key_of.get(r.entity.iri, r.entity.key.replace("-", "_"))
            confirmed[key] = (r.qid, f"kzjp-kg link {today} against {client.endpoint}: "
                                     f"{'; '.join(r.candidates[0].reasons)} (score {r.candidates[0].score})")
            new += 1
    args.reports_dir.mkdir(parents=True, exist_ok=True)
    (args.reports_dir / "link-report.md").write_text(link_markdown(results, client.endpoint), encoding="utf-8")
    if new:
        _write_confirmed(args.out_dir / "confirmed.tsv", confirmed)
        for p in write(_entities(), args.out_dir, confirmed=confirmed, linkable=_linkable()):
            print(f"wrote {p}")
    by = {s: [r for r in results if r.status == s] for s in ("confirmed", "ambiguous", "unmatched")}
    agree = sum(1 for r in results if r.agreement == "agrees")
    print(f"linker ({client.endpoint}, {client.requests_sent} requests, {client.cache_hits} cached): "
          f"{len(by['confirmed'])} confirmed ({agree} agree with verified QIDs, {new} new), "
          f"{len(by['ambiguous'])} ambiguous, {len(by['unmatched'])} unmatched of {len(results)} entities")
    for r in results:
        if r.status == "ambiguous" or "DISAGREES" in r.agreement or r.agreement == "new":
            cands = ", ".join(f"{c.qid} {c.label!r} {c.score:.2f}" for c in r.candidates[:3])
            print(f"  {r.status} {r.entity.key} ({r.agreement}): {cands}")
    print(f"report: {args.reports_dir / 'link-report.md'}")


def link_markdown(results: list[LinkResult], endpoint: str) -> str:
    lines = [f"# Wikidata linker report ({endpoint}, {date.today().isoformat()})", "",
             "| entity | kind | status | vs verified | best candidates (score: reasons) |", "|---|---|---|---|---|"]
    for r in sorted(results, key=lambda r: (r.status, r.entity.key)):
        cands = "<br>".join(f"{c.qid} {c.label} ({c.score:.2f}: {'; '.join(c.reasons)})" for c in r.candidates[:3])
        lines.append(f"| {r.entity.key} | {r.entity.kind} | {r.status} | {r.agreement} | {cands or '—'} |")
    return "\n".join(lines) + "\n"


# --- cross-check, QuickStatements, coverage ---------------------------------------------------------------------

def cross_check(args: argparse.Namespace) -> None:
    from kzjp_kg.link.crosscheck import check
    from kzjp_kg.link.crosscheck_report import markdown, report_graph, write_supplied
    from kzjp_kg.load import load_dataset

    res = check(load_dataset(), _source(args))
    for f in res.findings:
        if f.verdict != "agrees":
            print(f.line())
    counts = {v: sum(1 for f in res.findings if f.verdict == v) for v in ("agrees", "differs", "not in Wikidata")}
    print("cross-check: " + ", ".join(f"{k} {v}" for k, v in counts.items()) + f" ({res.source})")
    for s in res.supplied:
        print(f"supplied by Wikidata: {s.label_en}")
    args.reports_dir.mkdir(parents=True, exist_ok=True)
    (args.reports_dir / "cross-check.md").write_text(markdown(res), encoding="utf-8")
    (args.reports_dir / "cross-check.ttl").write_text(report_graph(res).serialize(format="turtle"), encoding="utf-8")
    print(f"wrote {args.reports_dir / 'cross-check.md'}, {args.reports_dir / 'cross-check.ttl'}, "
          f"{write_supplied(res, args.out_dir / 'supplied.ttl')}")


def quickstatements(args: argparse.Namespace) -> None:
    from kzjp_kg.link.quickstatements import check_format, export
    from kzjp_kg.load import asserted_graph, load_dataset

    batch = export(asserted_graph(load_dataset()), _source(args))
    bad = check_format(batch.lines)
    if bad:
        raise RuntimeError(f"generated QuickStatements that do not parse: {bad[:3]}")
    args.reports_dir.mkdir(parents=True, exist_ok=True)
    out = args.reports_dir / "quickstatements.txt"
    out.write_text("\n".join(batch.lines) + "\n", encoding="utf-8")
    print("\n".join(batch.lines))
    for s in batch.skipped:
        print(f"# skipped: {s}")
    print(f"# {len(batch.lines)} lines written to {out}")


def report(args: argparse.Namespace) -> None:
    entities = _entities()
    confirmed = read_confirmed(args.out_dir / "confirmed.tsv")
    rows = [r for r in qid_rows() if r.iri in entities]
    linked = [r for r in rows if r.verified or r.key in confirmed]
    print(f"linked: {len(linked)} / {len(rows)} linkable entities of the graph "
          f"({100 * len(linked) / max(len(rows), 1):.0f}%)"
          + (f", {sum(1 for r in rows if r.key in confirmed and not r.verified)} of them confirmed by the linker"
             if confirmed else ""))
    for r in rows:
        if not (r.verified or r.key in confirmed):
            print(f"  unlinked {r.iri.rsplit('/', 1)[-1]}: {r.evidence} {r.note}".rstrip())
