"""Actors: who met whom, who visited which state, who proposed, announced, adopted, authored or signed what.

Why a drawn-by-hand matplotlib picture over networkx's drawing helpers: two people can both meet and sign, and
Hashimoto both proposed and announced Eurasian diplomacy, so parallel edges must stay visible (each is its own
curved arrow) and :func:`draw_network` can count the arrows it actually drew. networkx supplies the graph and a
seeded layout, so the same rows always give the same picture. :func:`network_html` gives the same layout as a
self-contained SVG page (no CDN, no external script): hover a node to see its neighbours and names in both
languages.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import networkx as nx
import pyoxigraph as ox
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch

from kzjp_kg.viz.data import Row, local_name, read_query, select
from kzjp_kg.viz.style import KIND_STYLE, apply_style

QUERIES = Path(__file__).parent / "queries"

RELATION_COLOURS: dict[str, str] = {
    "met": "#1f77b4",
    "visited": "#17becf",
    "proposed": "#2ca02c",
    "announced": "#98df8a",
    "initiated": "#bcbd22",
    "adopted": "#8c564b",
    "authored": "#e377c2",
    "signed": "#d62728",
    "party to": "#ff9896",
}
RELATION_KK: dict[str, str] = {
    "met": "кездесті", "visited": "сапармен барды", "proposed": "ұсынды", "announced": "жариялады",
    "initiated": "бастамашы болды", "adopted": "қабылдады", "authored": "жазды", "signed": "қол қойды",
    "party to": "тарап",
}


def network_query() -> str:
    """The SPARQL behind the edges (one row per source, relation, target)."""
    return read_query(QUERIES / "network.rq")


def network_rows(store: ox.Store) -> list[Row]:
    return select(store, network_query())


def build_network(rows: list[Row]) -> nx.MultiDiGraph:
    """The rows as a directed multigraph: node attributes kind/en/kk, one edge per row keyed by its relation."""
    g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for r in rows:
        source, target, relation = r["source"], r["target"], r["relation"]
        if source is None or target is None or relation is None:
            raise ValueError(f"a network row without its source, relation or target: {r}")
        for end, iri in (("source", source), ("target", target)):
            if iri not in g:
                g.add_node(iri, kind=r.get(f"{end}Kind") or "other",
                           en=r.get(f"{end}En") or local_name(iri), kk=r.get(f"{end}Kk") or local_name(iri))
        g.add_edge(source, target, key=relation, relation=relation)
    return g


def layout(g: nx.MultiDiGraph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Seeded spring layouts per connected part, packed: the largest part on top, the small ones in a row below.

    One spring layout over disconnected parts pushes them to the corners and crushes the main part in the middle;
    laying each part out on its own keeps every label readable. The same graph always gives the same positions.
    """
    if not g:
        return {}
    simple: nx.Graph[str] = nx.Graph(g.to_undirected())
    parts = sorted((sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c[0]))
    main, rest = parts[0], parts[1:]
    pos: dict[str, tuple[float, float]] = {}
    rest_height = 0.22 if rest else 0.0
    pos.update(_fit(_ordered(simple, main), seed, 0.0, rest_height + 0.05, 1.0, 1.0))
    if rest:
        width = 1.0 / len(rest)
        for i, part in enumerate(rest):
            pos.update(_fit(_ordered(simple, part), seed, i * width + 0.02, 0.0, (i + 1) * width - 0.02,
                            rest_height))
    return pos


def _ordered(g: nx.Graph, nodes: list[str]) -> nx.Graph:
    """The subgraph on ``nodes`` as a new graph with nodes and edges in sorted order.

    Why not ``g.subgraph``: a subgraph view iterates its node set in hash order, which changes from one Python
    process to the next, and the seeded spring layout depends on node order; sorted order gives the same picture
    on every run.
    """
    keep = set(nodes)
    out: nx.Graph[str] = nx.Graph()
    out.add_nodes_from(sorted(nodes))
    out.add_edges_from(sorted(tuple(sorted((u, v))) for u, v in g.edges() if u in keep and v in keep))
    return out


def _fit(g: nx.Graph, seed: int, x0: float, y0: float, x1: float, y1: float) -> dict[str, tuple[float, float]]:
    """A spring layout of ``g`` scaled into the box (x0, y0)–(x1, y1)."""
    if len(g) == 1:
        return {next(iter(g)): ((x0 + x1) / 2, (y0 + y1) / 2)}
    raw = nx.spring_layout(g, seed=seed, k=3.2 / math.sqrt(len(g)), iterations=500)
    xs = [float(p[0]) for p in raw.values()]
    ys = [float(p[1]) for p in raw.values()]
    dx, dy = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    return {n: (x0 + (float(p[0]) - min(xs)) / dx * (x1 - x0), y0 + (float(p[1]) - min(ys)) / dy * (y1 - y0))
            for n, p in raw.items()}


def _short(text: str, n: int = 28) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def draw_network(rows: list[Row], *, lang: str = "en",
                 title: str = "Who met, visited, proposed and signed · Кім кездесті, барды, ұсынды, қол қойды") \
        -> tuple[Figure, int]:
    """Draw the network; return the figure and the number of edges (arrows) drawn.

    Nodes are labelled in ``lang`` ("en" or "kk"); parallel edges between the same two nodes are bent apart.
    """
    apply_style()
    g = build_network(rows)
    pos = layout(g)
    fig = Figure(figsize=(16, 11), layout="constrained")
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_title(title, loc="left", fontsize=13)

    drawn = 0
    seen: dict[frozenset, int] = {}
    for u, v, data in g.edges(data=True):
        pair = frozenset((u, v))
        k = seen.get(pair, 0)
        seen[pair] = k + 1
        rad = 0.0 if k == 0 else (0.18 * ((k + 1) // 2) * (1 if k % 2 else -1))
        relation = data["relation"]
        arrow = FancyArrowPatch(pos[u], pos[v], connectionstyle=f"arc3,rad={rad}",
                                arrowstyle="-" if relation == "met" else "-|>", mutation_scale=14,
                                color=RELATION_COLOURS.get(relation, "#999"), lw=1.6, alpha=0.85,
                                shrinkA=12, shrinkB=12, zorder=2, gid=f"edge-{drawn}-{relation.replace(' ', '-')}")
        ax.add_patch(arrow)
        drawn += 1

    for kind in sorted({d["kind"] for _, d in g.nodes(data=True)}):
        colour, marker, name = KIND_STYLE.get(kind, KIND_STYLE["other"])
        nodes = [n for n, d in g.nodes(data=True) if d["kind"] == kind]
        ax.scatter([pos[n][0] for n in nodes], [pos[n][1] for n in nodes], s=260, marker=marker, c=colour,
                   edgecolors="white", linewidths=1.2, zorder=3, label=name)
    for n, d in g.nodes(data=True):
        x, y = pos[n]
        ax.annotate(_short(d.get(lang) or d["en"]), (x, y), xytext=(0, -15), textcoords="offset points",
                    ha="center", va="top", fontsize=8.5, zorder=4,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75})

    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    ax.set_xlim(min(xs) - 0.12, max(xs) + 0.12)
    ax.set_ylim(min(ys) - 0.08, max(ys) + 0.05)
    node_legend = ax.legend(loc="upper right", fontsize=8.5, title="Nodes · Түйіндер", framealpha=0.9)
    ax.add_artist(node_legend)
    relations = sorted({d["relation"] for *_, d in g.edges(data=True)})
    proxies = [ax.plot([], [], color=RELATION_COLOURS.get(r, "#999"), lw=2, label=f"{r} · {RELATION_KK.get(r, r)}")[0]
               for r in relations]
    ax.legend(handles=proxies, loc="upper left", fontsize=8.5, title="Edges · Байланыстар", framealpha=0.9)
    return fig, drawn


def edges_on(fig: Figure) -> int:
    """Count the edge arrows on a figure (read back from its artists)."""
    return sum(1 for p in fig.axes[0].patches if isinstance(p, FancyArrowPatch))


def network_html(rows: list[Row], *, title: str = "kzjp-kg: actors · актерлер",
                 href: Callable[[str], str] | None = None) -> str:
    """A self-contained HTML page (inline SVG, CSS and a few lines of script, nothing fetched) of the network.

    Hovering or focusing a node highlights its edges and neighbours; the language buttons switch the node names
    between English and Kazakh; every node links to ``href(iri)`` (default: its IRI; the endpoint passes its
    own page paths).
    """
    link = href or (lambda iri: iri)
    g = build_network(rows)
    pos = layout(g)
    w, h, pad = 1100, 800, 80

    def xy(n: str) -> tuple[float, float]:
        x, y = pos[n]
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        sx = (x - min(xs)) / ((max(xs) - min(xs)) or 1)
        sy = (y - min(ys)) / ((max(ys) - min(ys)) or 1)
        return pad + sx * (w - 2 * pad), pad + (1 - sy) * (h - 2 * pad)

    ids = {n: f"n{i}" for i, n in enumerate(sorted(g.nodes))}
    parts: list[str] = []
    seen: dict[frozenset, int] = {}
    for u, v, d in g.edges(data=True):
        pair = frozenset((u, v))
        k = seen.get(pair, 0)
        seen[pair] = k + 1
        (x1, y1), (x2, y2) = xy(u), xy(v)
        bend = 0 if k == 0 else 40 * ((k + 1) // 2) * (1 if k % 2 else -1)
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        length = math.hypot(x2 - x1, y2 - y1) or 1
        cx, cy = mx - bend * (y2 - y1) / length, my + bend * (x2 - x1) / length
        rel = d["relation"]
        marker = "" if rel == "met" else ' marker-end="url(#arrow)"'
        parts.append(
            f'<path class="edge" data-a="{ids[u]}" data-b="{ids[v]}" d="M{x1:.1f},{y1:.1f} Q{cx:.1f},{cy:.1f} '
            f'{x2:.1f},{y2:.1f}" stroke="{RELATION_COLOURS.get(rel, "#999")}"{marker}>'
            f"<title>{html.escape(g.nodes[u]['en'])} — {html.escape(rel)} · {html.escape(RELATION_KK.get(rel, rel))}"
            f" — {html.escape(g.nodes[v]['en'])}</title></path>")
    for n, d in sorted(g.nodes(data=True)):
        x, y = xy(n)
        colour = KIND_STYLE.get(d["kind"], KIND_STYLE["other"])[0]
        en, kk = html.escape(d["en"]), html.escape(d["kk"])
        parts.append(
            f'<a href="{html.escape(link(n))}" class="node" id="{ids[n]}" tabindex="0">'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="11" fill="{colour}"/>'
            f'<text x="{x:.1f}" y="{y + 26:.1f}" data-en="{en}" data-kk="{kk}">{en}</text>'
            f"<title>{en} · {kk} ({html.escape(d['kind'])})</title></a>")
    legend = "".join(
        f'<span><i style="background:{c}"></i>{html.escape(r)} · {html.escape(RELATION_KK[r])}</span>'
        for r, c in RELATION_COLOURS.items() if any(d["relation"] == r for *_, d in g.edges(data=True)))
    kinds = "".join(
        f'<span><i style="background:{KIND_STYLE[k][0]};border-radius:50%"></i>{html.escape(KIND_STYLE[k][2])}</span>'
        for k in sorted({d["kind"] for _, d in g.nodes(data=True)}))
    return _PAGE.format(title=html.escape(title), w=w, h=h, body="\n".join(parts), legend=legend, kinds=kinds,
                        edges=g.number_of_edges(), nodes=g.number_of_nodes())


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: "DejaVu Sans", system-ui, sans-serif; margin: 1rem; color: #222; }}
svg {{ max-width: 100%; height: auto; border: 1px solid #ddd; background: #fcfcfd; }}
.edge {{ fill: none; stroke-width: 2; opacity: .75; }}
.node text {{ font-size: 12px; text-anchor: middle; fill: #222; paint-order: stroke; stroke: #fff; stroke-width: 3px; }}
.node circle {{ stroke: #fff; stroke-width: 2; }}
svg.focus .edge {{ opacity: .08; }} svg.focus .node {{ opacity: .25; }}
svg.focus .edge.on, svg.focus .node.on {{ opacity: 1; }}
.legend span {{ margin-right: 1rem; white-space: nowrap; }} .legend i {{ display: inline-block; width: 1.4em;
  height: .6em; margin-right: .3em; vertical-align: middle; }}
</style></head><body>
<h1>{title}</h1>
<p>{nodes} actors, documents and doctrines; {edges} relations, drawn from the SPARQL query
<code>kzjp_kg/viz/queries/network.rq</code>. Hover or tab to a node to see its relations; click it to open its page.
<button type="button" data-lang="en">English</button> <button type="button" data-lang="kk">Қазақша</button></p>
<p class="legend">{kinds}</p><p class="legend">{legend}</p>
<svg id="net" viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg" role="group" aria-label="{title}">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="22" refY="5" markerWidth="7" markerHeight="7" orient="auto">
<path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>
{body}
</svg>
<script>
(function () {{
  var svg = document.getElementById("net");
  function focus(id) {{
    svg.classList.add("focus");
    svg.querySelectorAll(".edge").forEach(function (e) {{
      var on = e.dataset.a === id || e.dataset.b === id;
      e.classList.toggle("on", on);
      if (on) {{ document.getElementById(e.dataset.a).classList.add("on");
                 document.getElementById(e.dataset.b).classList.add("on"); }}
    }});
    document.getElementById(id).classList.add("on");
  }}
  function clear() {{ svg.classList.remove("focus");
    svg.querySelectorAll(".on").forEach(function (e) {{ e.classList.remove("on"); }}); }}
  svg.querySelectorAll(".node").forEach(function (n) {{
    n.addEventListener("mouseenter", function () {{ focus(n.id); }});
    n.addEventListener("focus", function () {{ focus(n.id); }});
    n.addEventListener("mouseleave", clear); n.addEventListener("blur", clear);
  }});
  document.querySelectorAll("button[data-lang]").forEach(function (b) {{
    b.addEventListener("click", function () {{
      svg.querySelectorAll("text[data-en]").forEach(function (t) {{ t.textContent = t.dataset[b.dataset.lang]; }});
      document.documentElement.lang = b.dataset.lang;
    }});
  }});
}})();
</script>
</body></html>
"""
