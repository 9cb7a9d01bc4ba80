"""Where the diagram's boxes go: a seeded stress layout of each connected part, turned upright, fitted to the
canvas and spread apart so no two boxes overlap.

Why apart from the drawing (:mod:`kzjp_kg.ontodoc.diagram`): placing boxes is a numeric problem with its own
tuning; drawing is SVG text. Deterministic (no randomness beyond a fixed seed, no fonts measured), so the picture
comes out the same on every machine.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from rdflib import URIRef

from kzjp_kg.ontodoc.terms import Term

if TYPE_CHECKING:
    from kzjp_kg.ontodoc.diagram import Model

#: Canvas size in SVG units.
WIDTH, HEIGHT = 1500, 1100
BOX_H = 34
CHAR_W = 6.6  # average width of a 11 px sans-serif character, enough to size a box without measuring fonts


def box_size(term: Term) -> tuple[float, float]:
    text = max(len(term.labels.get("en", term.anchor)), len(term.labels.get("kk", "")), len(term.anchor))
    return max(70.0, text * CHAR_W + 16), float(BOX_H)


def _components(model: Model) -> list[list[URIRef]]:
    """Connected parts of the diagram (arrows taken both ways), largest first, each sorted."""
    adj: dict[URIRef, set[URIRef]] = {c: set() for c in model.nodes}
    for e in model.edges:
        adj[e.source].add(e.target)
        adj[e.target].add(e.source)
    seen: set[URIRef] = set()
    parts = []
    for c in sorted(adj, key=str):
        if c in seen:
            continue
        part, stack = [], [c]
        seen.add(c)
        while stack:
            x = stack.pop()
            part.append(x)
            for y in sorted(adj[x] - seen, key=str):
                seen.add(y)
                stack.append(y)
        parts.append(sorted(part, key=str))
    return sorted(parts, key=lambda p: (-len(p), str(p[0])))


def _hops(nodes: list[URIRef], model: Model) -> dict[tuple[URIRef, URIRef], int]:
    """Shortest path lengths (arrows taken both ways) between every two nodes of one connected part."""
    adj: dict[URIRef, set[URIRef]] = {c: set() for c in nodes}
    for e in model.edges:
        if e.source in adj and e.target in adj:
            adj[e.source].add(e.target)
            adj[e.target].add(e.source)
    out: dict[tuple[URIRef, URIRef], int] = {}
    for a in nodes:
        dist = {a: 0}
        frontier = [a]
        while frontier:
            nxt = []
            for x in frontier:
                for y in adj[x]:
                    if y not in dist:
                        dist[y] = dist[x] + 1
                        nxt.append(y)
            frontier = nxt
        for b, d in dist.items():
            out[(a, b)] = d
    return out


def _stress(nodes: list[URIRef], model: Model, unit: float, iterations: int = 300, *,
            upright: bool = False) -> dict[URIRef, list[float]]:
    """Stress majorization (Gansner, Koren, North 2004): Euclidean distances follow graph distances.

    Why stress and not a spring embedder: hubs such as Event and Agent touch most classes, and a spring model
    crushes their neighbours around them; stress keeps every pair near its graph distance, so the hub's
    neighbours spread out on a ring. The start is a circle in name order: deterministic, no random seed.
    """
    n = len(nodes)
    if n == 1:
        return {nodes[0]: [0.0, 0.0]}
    hops = _hops(nodes, model)
    sizes = {c: box_size(model.nodes[c]) for c in nodes}
    pos = {c: [math.cos(2 * math.pi * i / n) * unit * n / 6, math.sin(2 * math.pi * i / n) * unit * n / 6]
           for i, c in enumerate(nodes)}
    degree = {c: 0 for c in nodes}
    for e in model.edges:
        if e.source in degree and e.target in degree and e.source != e.target:
            degree[e.source] += 1
            degree[e.target] += 1
    # Busy classes (many arrows) get more room around them, so their arrows' labels have space.
    target = {(a, b): unit * hops[(a, b)] + (sizes[a][0] + sizes[b][0]) / 4
              + 30 * (math.sqrt(degree[a]) + math.sqrt(degree[b]))
              for a in nodes for b in nodes if a != b}
    for _ in range(iterations):
        for a in nodes:
            sx = sy = sw = 0.0
            for b in nodes:
                if a == b:
                    continue
                d = target[(a, b)]
                w = d ** -2
                dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
                dist = math.hypot(dx, dy) or 1e-6
                sx += w * (pos[b][0] + d * dx / dist)
                sy += w * (pos[b][1] + d * dy / dist)
                sw += w
            pos[a] = [sx / sw, sy / sw]
    return _upright(pos) if upright else pos


def _upright(pos: dict[URIRef, list[float]]) -> dict[URIRef, list[float]]:
    """Rotate positions so their longest spread is vertical (small parts stack in a narrow column)."""
    n = len(pos)
    mx = sum(p[0] for p in pos.values()) / n
    my = sum(p[1] for p in pos.values()) / n
    sxx = sum((p[0] - mx) ** 2 for p in pos.values())
    syy = sum((p[1] - my) ** 2 for p in pos.values())
    sxy = sum((p[0] - mx) * (p[1] - my) for p in pos.values())
    angle = 0.5 * math.atan2(2 * sxy, sxx - syy)  # the principal axis
    turn = math.pi / 2 - angle
    c, s = math.cos(turn), math.sin(turn)
    return {k: [(p[0] - mx) * c - (p[1] - my) * s, (p[0] - mx) * s + (p[1] - my) * c] for k, p in pos.items()}


def layout(model: Model) -> dict[URIRef, tuple[float, float]]:
    """Deterministic positions on the canvas: the largest connected part on the left, the others stacked right.

    Each part is laid out by stress majorization, scaled into its own area, then overlapping boxes are pushed apart.
    """
    parts = _components(model)
    if not parts:
        return {}
    main, rest = parts[0], parts[1:]
    right = 0.0 if not rest else 360.0
    out: dict[URIRef, tuple[float, float]] = {}
    out.update(_fit(_stress(main, model, 150.0), 20, 20, WIDTH - right - 20, HEIGHT - 60))
    total = sum(len(p) for p in rest) or 1
    y = 20.0
    for part in rest:
        h = (HEIGHT - 80) * len(part) / total
        out.update(_fit(_stress(part, model, 110.0, upright=True), WIDTH - right, y, WIDTH - 20, y + h))
        y += h
    return _spread(model, out)


def _fit(pos: dict[URIRef, list[float]], x0: float, y0: float, x1: float, y1: float) \
        -> dict[URIRef, tuple[float, float]]:
    """Scale positions into the box (x0, y0)–(x1, y1), keeping the aspect ratio, centred."""
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    margin = 70.0
    w, h = (x1 - x0) - 2 * margin, (y1 - y0) - 2 * margin
    dx, dy = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    s = min(w / dx, h / dy)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    mx, my = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {c: (cx + (p[0] - mx) * s, cy + (p[1] - my) * s) for c, p in pos.items()}


def _spread(model: Model, pos: dict[URIRef, tuple[float, float]]) -> dict[URIRef, tuple[float, float]]:
    """Push overlapping boxes apart until none overlap (bounded passes), keeping every box on the canvas."""
    out = {c: [p[0], p[1]] for c, p in pos.items()}
    sizes = {c: box_size(t) for c, t in model.nodes.items()}
    nodes = sorted(out, key=str)
    gap = 14.0
    for _ in range(300):
        moved = False
        for i, a in enumerate(nodes):
            for b in nodes[i + 1:]:
                (ax, ay), (bx, by) = out[a], out[b]
                ox_ = (sizes[a][0] + sizes[b][0]) / 2 + gap - abs(ax - bx)
                oy_ = (sizes[a][1] + sizes[b][1]) / 2 + gap - abs(ay - by)
                if ox_ > 0 and oy_ > 0:
                    moved = True
                    if ox_ < oy_ * 2.5:
                        s = ox_ / 2 * (1 if ax >= bx else -1)
                        out[a][0] += s
                        out[b][0] -= s
                    else:
                        s = oy_ / 2 * (1 if ay >= by else -1)
                        out[a][1] += s
                        out[b][1] -= s
        if not moved:
            break
    for c in nodes:  # keep every box on the canvas
        w, h = sizes[c]
        out[c][0] = min(max(out[c][0], w / 2 + 4), WIDTH - w / 2 - 4)
        out[c][1] = min(max(out[c][1], h / 2 + 4), HEIGHT - h / 2 - 4)
    return {c: (round(p[0], 1), round(p[1], 1)) for c, p in out.items()}


