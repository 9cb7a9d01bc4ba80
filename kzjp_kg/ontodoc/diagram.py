"""The ontology's main classes and relations as one SVG picture, in pure Python (no Graphviz, no plotting library).

Why pure Python: ``make run`` and the build must not need a system package to document the ontology, and the
picture must come out the same on every machine (a seeded, deterministic layout; no fonts measured at run time).

What is drawn, all read from the ontology graph: every class of our namespace that is the domain or range of an
object property (after inheriting domains and ranges from super-properties and expanding ``owl:unionOf``), one
arrow per (domain, range) pair labelled with the properties between them, and ``rdfs:subClassOf`` arrows (hollow
heads) between the classes shown. A property whose inverse is drawn is left out (it is the same arrow reversed);
properties whose domain or range is open (any resource) have no arrow. :func:`diagram_model` returns what
:func:`render_diagram` draws, so a test can check the picture against the ontology.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field

from rdflib import Graph, URIRef

from kzjp_kg.ontodoc.layout import HEIGHT, WIDTH, box_size, layout
from kzjp_kg.ontodoc.terms import Term, namespace, terms

#: At most this many property names are written on one arrow; the rest are counted ("+2 more").
NAMES_PER_EDGE = 3

#: Fill colour per top-level group (the root of a class's hierarchy within the diagram).
GROUP_COLOURS = ("#dbe9f6", "#fde2c8", "#dff0d8", "#f3dcef", "#fff3bf", "#e0e0f8", "#d7f0ee", "#f6d8d8",
                 "#ececec", "#e8f4c8")


@dataclass
class Edge:
    """One arrow: a (domain, range) pair and the properties between them (or a subclass link)."""

    source: URIRef
    target: URIRef
    properties: list[URIRef] = field(default_factory=list)
    subclass: bool = False


@dataclass
class Model:
    """What the diagram shows: classes (with English and Kazakh labels) and arrows."""

    nodes: dict[URIRef, Term]
    edges: list[Edge]


def _expand(node: object) -> list[URIRef]:
    if isinstance(node, tuple) and node and node[0] == "union":
        return [n for n in node[1] if isinstance(n, URIRef)]
    return [node] if isinstance(node, URIRef) else []


def _effective(known: dict[URIRef, Term], term: Term, attr: str) -> list[URIRef]:
    """The term's own domain (or range), else the nearest super-property's (breadth first), as class IRIs."""
    seen: set[URIRef] = set()
    queue = [term]
    while queue:
        t = queue.pop(0)
        if t.iri in seen:
            continue
        seen.add(t.iri)
        values = [c for v in getattr(t, attr) for c in _expand(v)]
        if values:
            return sorted(set(values))
        queue.extend(known[p] for p in t.parents if p in known)
    return []


def diagram_model(g: Graph) -> Model:
    """The classes and arrows to draw, read from the ontology graph ``g`` (see the module docstring)."""
    known = terms(g)
    ns = namespace(g)
    classes = {i: t for i, t in known.items() if t.kind == "class"}
    props = sorted((t for t in known.values() if t.kind == "object property"), key=lambda t: t.anchor)
    pairs: dict[tuple[URIRef, URIRef], list[URIRef]] = {}
    drawn: set[URIRef] = set()
    for p in props:
        if any(i in drawn for i in p.inverse):
            continue  # the inverse's arrow already says it
        domains = [d for d in _effective(known, p, "domain") if d in classes]
        ranges = [r for r in _effective(known, p, "range") if r in classes]
        if not domains or not ranges:
            continue
        drawn.add(p.iri)
        for d in domains:
            for r in ranges:
                pairs.setdefault((d, r), []).append(p.iri)
    nodes = {c for pair in pairs for c in pair}
    edges = [Edge(d, r, ps) for (d, r), ps in sorted(pairs.items())]
    for c in sorted(nodes):
        for parent in _nearest_shown_parents(classes, c, nodes):
            edges.append(Edge(c, parent, subclass=True))
    del ns
    return Model({c: classes[c] for c in sorted(nodes)}, edges)


def _nearest_shown_parents(classes: dict[URIRef, Term], c: URIRef, shown: set[URIRef]) -> list[URIRef]:
    """The closest ancestors of ``c`` that are drawn (skipping ancestors that are not), without duplicates."""
    out: list[URIRef] = []
    stack = list(classes[c].parents)
    seen: set[URIRef] = set()
    while stack:
        p = stack.pop(0)
        if p in seen or p not in classes:
            continue
        seen.add(p)
        if p in shown:
            out.append(p)
        else:
            stack.extend(classes[p].parents)
    return sorted(set(out))


# --- layout -----------------------------------------------------------------------------------------------------

def _groups(model: Model) -> dict[URIRef, int]:
    """Each class's group: the index of its topmost drawn ancestor (classes without a drawn parent are roots)."""
    parents: dict[URIRef, list[URIRef]] = {}
    for e in model.edges:
        if e.subclass:
            parents.setdefault(e.source, []).append(e.target)

    def root(c: URIRef, depth: int = 0) -> URIRef:
        ps = parents.get(c)
        return c if not ps or depth > 20 else root(ps[0], depth + 1)

    roots = sorted({root(c) for c in model.nodes}, key=str)
    return {c: roots.index(root(c)) for c in model.nodes}


# --- drawing ----------------------------------------------------------------------------------------------------

def _clip(cx: float, cy: float, w: float, h: float, tx: float, ty: float) -> tuple[float, float]:
    """Where the line from a box's centre towards (tx, ty) leaves the box."""
    dx, dy = tx - cx, ty - cy
    if dx == 0 and dy == 0:
        return cx, cy
    sx = (w / 2) / abs(dx) if dx else math.inf
    sy = (h / 2) / abs(dy) if dy else math.inf
    s = min(sx, sy, 1.0)
    return cx + dx * s, cy + dy * s


def _place(spots: list[tuple[float, float]], lines: list[str],
           taken: list[tuple[float, float, float, float]]) -> tuple[float, float]:
    """The first spot along the arrow where the label's box overlaps no class box and no label placed before
    (else the least crowded spot); the chosen box is added to ``taken``."""
    w = max(len(s) for s in lines) * 5.6 + 4
    h = 11.0 * len(lines) + 2

    def overlap(x: float, y: float) -> float:
        a = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
        return sum(max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
                   for b in taken)

    best = min(spots, key=lambda p: (overlap(*p), spots.index(p)))
    taken.append((best[0] - w / 2, best[1] - h / 2, best[0] + w / 2, best[1] + h / 2))
    return best


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def render_diagram(g: Graph, *, href: str = "#") -> str:
    """The diagram as an inline ``<svg>`` element (also a valid standalone SVG file body).

    Every class box links to ``href + local name`` (the page's anchor for it) and carries a tooltip with both
    labels; each arrow has a tooltip naming all its properties.
    """
    model = diagram_model(g)
    pos = layout(model)
    groups = _groups(model)
    sizes = {c: box_size(t) for c, t in model.nodes.items()}
    short = {c: t.anchor for c, t in model.nodes.items()}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
           f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="group" '
           f'aria-label="Main classes and relations of the ontology" '
           f'data-classes="{len(model.nodes)}" data-arrows="{len(model.edges)}" '
           f'font-family="DejaVu Sans, Verdana, sans-serif">',
           '<defs><marker id="od-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" '
           'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#4a5a6a"/></marker>'
           '<marker id="od-sub" viewBox="0 0 12 12" refX="12" refY="6" markerWidth="11" markerHeight="11" '
           'orient="auto"><path d="M0,0 L12,6 L0,12 z" fill="#fff" stroke="#8a5a00" stroke-width="1.2"/></marker>'
           '</defs>',
           f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fcfcfd"/>']
    labels: list[str] = []
    taken = [(pos[c][0] - w / 2, pos[c][1] - h / 2, pos[c][0] + w / 2, pos[c][1] + h / 2)
             for c, (w, h) in sizes.items()]
    for i, e in enumerate(model.edges):
        (sx, sy), (tx, ty) = pos[e.source], pos[e.target]
        if e.source == e.target:  # a property from a class to itself: a loop above the box
            w, h = sizes[e.source]
            x0, y0 = sx + w / 4, sy - h / 2
            path = f"M{x0:.1f},{y0:.1f} C{x0 + 40:.1f},{y0 - 55:.1f} {x0 - 60:.1f},{y0 - 55:.1f} {x0 - 20:.1f},{y0:.1f}"
            spots = [(x0 - 10, y0 - 50)]
        else:
            x1, y1 = _clip(sx, sy, *sizes[e.source], tx, ty)
            x2, y2 = _clip(tx, ty, *sizes[e.target], sx, sy)
            path = f"M{x1:.1f},{y1:.1f} L{x2:.1f},{y2:.1f}"
            spots = [(x1 + (x2 - x1) * f, y1 + (y2 - y1) * f) for f in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8)]
        names = [str(p).rsplit("#", 1)[-1] for p in e.properties]
        if e.subclass:
            tip = f"{short[e.source]} subClassOf {short[e.target]}"
            out.append(f'<path class="od-subclass" d="{path}" fill="none" stroke="#8a5a00" stroke-width="1.3" '
                       f'stroke-dasharray="5,3" marker-end="url(#od-sub)"><title>{_e(tip)}</title></path>')
            continue
        tip = f"{short[e.source]} → {short[e.target]}: " + ", ".join(names)
        out.append(f'<path class="od-relation" id="od-edge-{i}" d="{path}" fill="none" stroke="#4a5a6a" '
                   f'stroke-width="1.2" marker-end="url(#od-arrow)"><title>{_e(tip)}</title></path>')
        shown = names[:NAMES_PER_EDGE]
        if len(names) > NAMES_PER_EDGE:
            shown.append(f"+{len(names) - NAMES_PER_EDGE} more")
        lx, ly = _place(spots, shown, taken)
        top = ly - 5.5 * (len(shown) - 1) + 3.5
        lines = "".join(f'<tspan x="{lx:.1f}" dy="{0 if k == 0 else 11}">{_e(s)}</tspan>'
                        for k, s in enumerate(shown))
        labels.append(f'<text class="od-label" x="{lx:.1f}" y="{top:.1f}" font-size="9.5" '
                      f'fill="#24415e" text-anchor="middle" paint-order="stroke" stroke="#fcfcfd" stroke-width="3">'
                      f'{lines}<title>{_e(tip)}</title></text>')
    for c, t in model.nodes.items():
        x, y = pos[c]
        w, h = sizes[c]
        fill = GROUP_COLOURS[groups[c] % len(GROUP_COLOURS)]
        en, kk = t.labels.get("en", t.anchor), t.labels.get("kk", "")
        out.append(f'<a class="od-class" href="{_e(href)}{_e(t.anchor)}" data-iri="{_e(c)}">'
                   f'<title>kzjp:{_e(t.anchor)} · {_e(en)} · {_e(kk)}</title>'
                   f'<rect x="{x - w / 2:.1f}" y="{y - h / 2:.1f}" width="{w:.1f}" height="{h:.1f}" rx="6" '
                   f'fill="{fill}" stroke="#5b6b7b" stroke-width="1"/>'
                   f'<text x="{x:.1f}" y="{y - 3:.1f}" font-size="11.5" font-weight="bold" text-anchor="middle" '
                   f'fill="#1b2733">{_e(t.anchor)}</text>'
                   f'<text x="{x:.1f}" y="{y + 11:.1f}" font-size="9.5" text-anchor="middle" fill="#44505c">'
                   f'{_e(kk)}</text></a>')
    out.extend(labels)  # labels last, so no box hides them
    out.append(f'<g font-size="11" fill="#333"><text x="16" y="{HEIGHT - 34}">→ object property (domain → range; '
               f'several properties share one arrow) · объект қасиеті</text>'
               f'<text x="16" y="{HEIGHT - 16}" fill="#8a5a00">⇢ subclass of · ішкі класы</text></g>')
    out.append("</svg>")
    return "\n".join(out)
