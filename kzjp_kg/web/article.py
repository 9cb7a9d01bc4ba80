"""The article as a reading view: its sentences in order, grouped into paragraphs, each with what it states, the
defects found in it and its citation markers; a sentence page's previous and next.

Why apart from :mod:`kzjp_kg.web.reading`: an entity page and the reading view share the store's vocabulary, not
their shape — one is about a resource and its statements, the other about a text and its segments.
"""

from __future__ import annotations

from collections.abc import Callable

from kzjp_kg.web.reading import PROV, RDF


def article(source: str, rows: Callable[[str], list[dict]], kz: str) -> dict:
    """The sentences of a text source in order, grouped into paragraphs (a paragraph is a line of the text file),
    with the resources each sentence states, the defects found in it and its citation markers."""
    sents: dict[str, dict] = {}
    for r in rows(f"""SELECT ?s ?order ?line ?t ?start ?end WHERE {{ ?s <{kz}inSource> <{source}> ; <{kz}order> ?order ;
            <{kz}text> ?t . OPTIONAL {{ ?s <{kz}line> ?line }} OPTIONAL {{ ?s <{kz}startOffset> ?start }}
            OPTIONAL {{ ?s <{kz}endOffset> ?end }} }} ORDER BY ?order"""):
        sents[r["s"].value] = {"iri": r["s"].value, "id": r["s"].value.rsplit("/", 1)[-1],
                               "order": int(r["order"].value), "line": int(r["line"].value) if "line" in r else 0,
                               "text": r["t"].value, "start": int(r["start"].value) if "start" in r else None,
                               "end": int(r["end"].value) if "end" in r else None, "facts": [], "defects": [],
                               "citations": []}
    for r in rows(f"""SELECT DISTINCT ?s ?x WHERE {{ ?s <{kz}inSource> <{source}> . {{ ?x <{kz}statedIn> ?s }} UNION
            {{ GRAPH ?g {{ ?st <{PROV}wasDerivedFrom> ?s ; <{RDF}subject> ?x }} }} FILTER(isIRI(?x)) }} ORDER BY ?x"""):
        if r["s"].value in sents and r["x"].value not in sents[r["s"].value]["facts"]:
            sents[r["s"].value]["facts"].append(r["x"].value)
    # what a reader looks for first: events, documents, agents, places; claims, conflicts and defects after them
    secondary = {r["x"].value for r in rows(f"""SELECT DISTINCT ?x WHERE {{ ?x a ?t VALUES ?t {{ <{kz}Claim>
            <{kz}SourceDefect> <{kz}Conflict> <{kz}OfficeHolding> }} }}""")}
    secondary |= {r["x"].value for r in rows(f"SELECT ?x WHERE {{ <{source}> <{PROV}wasAttributedTo> ?x }}")}
    for s in sents.values():
        s["facts"].sort(key=lambda x: (x in secondary, x))
    for r in rows(f"""SELECT ?s ?d ?type WHERE {{ ?s <{kz}inSource> <{source}> . ?d <{kz}defectIn> ?s .
            OPTIONAL {{ ?d a ?type FILTER(?type != <{kz}SourceDefect> && STRSTARTS(STR(?type), "{kz}")) }} }}
            ORDER BY ?d"""):
        if r["s"].value in sents and r["d"].value not in sents[r["s"].value]["defects"]:
            sents[r["s"].value]["defects"].append(r["d"].value)
    cites = rows(f"""SELECT ?c ?m ?start WHERE {{ ?c a <{kz}Citation> ; <{kz}marker> ?m ; <{kz}startOffset> ?start .
            FILTER(STRSTARTS(STR(?c), "{source}/")) }}""")
    for c in cites:
        at = int(c["start"].value)
        for s in sents.values():
            if s["start"] is not None and s["start"] <= at < (s["end"] or at + 1):
                s["citations"].append((c["m"].value, c["c"].value))
    paragraphs: list[list[dict]] = []
    for s in sorted(sents.values(), key=lambda s: s["order"]):
        if paragraphs and paragraphs[-1][-1]["line"] == s["line"]:
            paragraphs[-1].append(s)
        else:
            paragraphs.append([s])
    return {"paragraphs": paragraphs, "sentences": [s for p in paragraphs for s in p]}


def split_citations(text: str, citations: list[tuple[str, str]]) -> list[tuple[str, str | None]]:
    """``text`` cut into (piece, citation IRI or None): each ``[n]`` marker of the sentence becomes a link."""
    pieces: list[tuple[str, str | None]] = [(text, None)]
    for marker, iri in citations:
        mark = f"[{marker}]"
        out: list[tuple[str, str | None]] = []
        for piece, link in pieces:
            if link is None and mark in piece:
                before, _, after = piece.partition(mark)
                out += [(before, None), (mark, iri), (after, None)]
            else:
                out.append((piece, link))
        pieces = out
    return [(p, link) for p, link in pieces if p]


def neighbours(segment: str, rows: Callable[[str], list[dict]], kz: str) -> dict:
    """The previous and next segment (by ``kzjp:order``, else ``kzjp:line``) of the same source."""
    out: dict = {}
    for key in ("order", "line"):
        found = rows(f"""SELECT ?src ?n WHERE {{ <{segment}> <{kz}inSource> ?src ; <{kz}{key}> ?n }} LIMIT 1""")
        if not found:
            continue
        src, n = found[0]["src"].value, found[0]["n"].value
        for name, op, order in (("prev", "<", "DESC"), ("next", ">", "ASC")):
            r = rows(f"""SELECT ?s WHERE {{ ?s <{kz}inSource> <{src}> ; <{kz}{key}> ?n FILTER(?n {op} {n}) }}
                     ORDER BY {order}(?n) ?s LIMIT 1""")
            if r:
                out[name] = r[0]["s"].value
        out["source"] = src
        return out
    return out
