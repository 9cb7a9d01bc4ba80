"""The relationship over time: the article's three periods as bands, dated items as marks, one lane per direction.

Why this shape: the article reads the relationship as periods and as who went to whom, so the picture has time
across, the periods behind, and three lanes (Kazakhstan → Japan, both sides, Japan → Kazakhstan). Marks are
numbered and a key beside the plot names each in English and Kazakh: 14 bilingual labels written on the plot
itself would overlap. Everything drawn comes from the rows of ``queries/timeline.rq`` and ``queries/periods.rq``;
:func:`draw_timeline` returns the number of marks it actually put on the axes so a test can compare it with the
query's row count.
"""

from __future__ import annotations

import calendar
import textwrap
from collections import defaultdict
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display: notebooks, CI and the web server all draw off-screen

import pyoxigraph as ox
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from kzjp_kg.viz.data import Row, read_query, select
from kzjp_kg.viz.style import KIND_STYLE, apply_style

QUERIES = Path(__file__).parent / "queries"

#: Lanes from top to bottom: direction value → (English, Kazakh) lane label.
LANES: dict[str, tuple[str, str]] = {
    "kz-jp": ("Kazakhstan → Japan", "Қазақстан → Жапония"),
    "both": ("Both sides", "Екі жақ"),
    "jp-kz": ("Japan → Kazakhstan", "Жапония → Қазақстан"),
}
LANE_Y = {"kz-jp": 2.0, "both": 1.0, "jp-kz": 0.0}
BAND_COLOURS = ("#e8eef7", "#f5efe2", "#e9f3ea", "#f3e8f1")


def timeline_query() -> str:
    """The SPARQL behind the marks (one row per dated visit, document, doctrine or milestone)."""
    return read_query(QUERIES / "timeline.rq")


def periods_query() -> str:
    """The SPARQL behind the bands (one row per period)."""
    return read_query(QUERIES / "periods.rq")


def timeline_rows(store: ox.Store) -> tuple[list[Row], list[Row]]:
    """(marks, periods): both queries' rows over the store's union graph."""
    return select(store, timeline_query()), select(store, periods_query())


def year_position(when: str) -> float:
    """A date as a fractional year: a day at its place, a month at its middle, a year at its middle.

    >>> year_position("2000")
    2000.5
    >>> round(year_position("1994-04"), 3)
    1994.292
    >>> round(year_position("1991-12-28"), 3)
    1991.99
    """
    parts = [int(p) for p in when.split("-")]
    year = parts[0]
    if len(parts) == 1:
        return year + 0.5
    if len(parts) == 2:
        return year + (parts[1] - 0.5) / 12
    days = 366 if calendar.isleap(year) else 365
    day_of_year = sum(calendar.monthrange(year, m)[1] for m in range(1, parts[1])) + parts[2]
    return year + (day_of_year - 0.5) / days


def precision(when: str) -> str:
    """'day', 'month' or 'year', from the number of parts the source gave."""
    return ("year", "month", "day")[min(when.count("-"), 2)]


def _short_period(label: str) -> str:
    """A period's name without its characterisation ("First period (1991–1997)"): what fits on its band."""
    return label.split(":")[0].strip()


def _label(row: Row, key: str) -> str:
    return row.get(key) or (row.get("item") or "").rsplit("/", 1)[-1]


def _start_year(period: Row) -> int:
    """A period's start year: the periods query always binds it."""
    year = period["startYear"]
    if year is None:
        raise ValueError(f"a period without a start year: {period}")
    return int(year)


def draw_timeline(rows: list[Row], periods: list[Row] | None = None, *,
                  title: str = "Kazakhstan–Japan relations over time · Қазақстан–Жапония қатынастары") \
        -> tuple[Figure, int]:
    """Draw the timeline; return the figure and the number of marks drawn on it.

    ``rows`` are ``timeline.rq`` rows (item, kind, when, direction, labelEn, labelKk); ``periods`` are
    ``periods.rq`` rows. A mark is filled when the source gives the day and hollow when it gives only the month
    or year. Marks falling on the same lane within a quarter year are stacked so none hides another.
    """
    apply_style()
    periods = periods or []
    dated = sum(1 for r in rows if r.get("when"))
    key_height = 1.2 + 0.29 * ((dated + 2) // 3) * 2  # three columns of two-line entries
    fig = Figure(figsize=(17, 6.0 + key_height), layout="constrained")
    grid = fig.add_gridspec(2, 1, height_ratios=(6.0, key_height))
    ax = fig.add_subplot(grid[0, 0])
    key_ax = fig.add_subplot(grid[1, 0])
    key_ax.axis("off")

    xs = [year_position(w) for r in rows if (w := r.get("when"))]
    last_period_start = max((int(sy) for p in periods if (sy := p.get("startYear"))), default=None)
    lo = min([*xs, *(int(sy) for p in periods if (sy := p.get("startYear")))], default=1990) - 0.6
    hi = max([*xs, (last_period_start or 0) + 1], default=2010) + 0.8
    ax.set_xlim(lo, hi)
    ax.set_ylim(-0.7, 2.9)

    period_lines = []  # the bands carry the periods' names
    # The article's last period runs "to the present" — the article's present, not today's: it ends after the
    # article's latest dated item; later years (from the other sources) get a band that says no source defines a
    # period there.
    article_years = [year_position(w) for r in rows
                     if (w := r.get("when")) and "article" in (r.get("sources") or "article").split()]
    article_end = (int(max(article_years)) + 1) if article_years else hi
    if article_end < hi - 1:
        ax.axvspan(article_end, hi, facecolor="#eeeeee", zorder=0, lw=0, hatch="//", edgecolor="#d5d5d5")
        ax.axvline(article_end, color="#9aa7b8", lw=0.8, zorder=1)
        ax.text((article_end + hi) / 2, 2.86, "After the article: no source defines a period\n"
                "Мақаладан кейін: кезеңді ешбір дереккөз анықтамайды", ha="center", va="top", fontsize=8.5,
                color="#555555", zorder=5)
    for i, p in enumerate(sorted(periods, key=_start_year)):
        start = _start_year(p)
        end = int(e) if (e := p.get("endYear")) else min(hi, article_end)
        ax.axvspan(start, end, color=BAND_COLOURS[i % len(BAND_COLOURS)], zorder=0, lw=0)
        ax.axvline(start, color="#9aa7b8", lw=0.8, zorder=1)
        width = max(12, int((min(end, hi) - start) * 4.2))  # characters that fit in the band at this size
        names = [_short_period(p.get(k) or "") for k in ("labelEn", "labelKk")]
        ax.text((start + min(end, hi)) / 2, 2.86, "\n".join(textwrap.fill(n, width) for n in names if n),
                ha="center", va="top", fontsize=8.5, color="#34495e", zorder=5)
        period_lines.append(f"{p.get('labelEn') or ''}\n{p.get('labelKk') or ''}")

    for y in LANE_Y.values():
        ax.axhline(y, color="#bfc8d4", lw=0.8, ls=":", zorder=1)
    ax.set_yticks(list(LANE_Y.values()), [f"{en}\n{kk}" for en, kk in (LANES[d] for d in LANE_Y)])
    ax.set_xlabel("Year · Жыл")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="x", color="#d0d7e0", lw=0.5)
    ax.set_title(title, loc="left", fontsize=13)

    # Stack marks that would overlap: same lane, within 0.25 year of the previous mark in that lane.
    stacked: dict[str, list[float]] = defaultdict(list)
    points: dict[tuple[str, bool], list[tuple[float, float, int, str]]] = defaultdict(list)
    key_lines: list[str] = []
    for n, row in enumerate(rows, start=1):
        when = row.get("when")
        if not when:
            continue
        direction = row.get("direction") or "both"
        if direction not in LANE_Y:
            direction = "both"
        x = year_position(when)
        lane = stacked[direction]
        level = sum(1 for other in lane if abs(other - x) < 0.25)
        lane.append(x)
        y = LANE_Y[direction] + 0.22 * level
        filled = precision(when) == "day"
        points[(row.get("kind") or "other", filled)].append((x, y, n, source_colour(row)))
        said = ", ".join(sorted(set((row.get("sources") or "").split()))) or "—"
        key_lines.append(textwrap.fill(f"{n}. {when}  {_label(row, 'labelEn')} [{said}]", 62,
                                       subsequent_indent="      "))
        key_lines.append(textwrap.fill(_label(row, "labelKk"), 62, initial_indent="      ",
                                       subsequent_indent="      "))

    marks = 0
    for (kind, filled), pts in sorted(points.items()):
        colour, marker, _name = KIND_STYLE.get(kind, KIND_STYLE["other"])
        coll = ax.scatter([p[0] for p in pts], [p[1] for p in pts], s=120, marker=marker, zorder=4,
                          facecolors=colour if filled else "white", edgecolors=colour, linewidths=1.8,
                          gid=f"marks-{kind}-{'day' if filled else 'coarse'}")  # an SVG group a test can count
        for x, y, n, number_colour in pts:
            ax.annotate(str(n), (x, y), xytext=(0, 9), textcoords="offset points", ha="center", fontsize=8,
                        zorder=6, color=number_colour, fontweight="bold" if number_colour != "black" else "normal")
        marks += _count_points(coll)

    handles = []
    for kind in sorted({k for k, _ in points}):
        colour, marker, name = KIND_STYLE.get(kind, KIND_STYLE["other"])
        handles.append(ax.scatter([], [], marker=marker, s=80, facecolors=colour, edgecolors=colour, label=name))
    handles.append(ax.scatter([], [], marker="o", s=80, facecolors="white", edgecolors="#555",
                              label="hollow: month or year only · тек ай не жыл"))
    for colour, name in SOURCE_LEGEND:
        handles.append(ax.scatter([], [], marker="$1$", s=80, facecolors=colour, edgecolors=colour, label=name))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, -0.12), ncol=4, fontsize=8, framealpha=0.9,
              title="Marks · Белгілер", title_fontsize=8.5)
    entries = ["\n".join(key_lines[i:i + 2]) for i in range(0, len(key_lines), 2)]
    per_column = max(1, (len(entries) + 2) // 3)
    for col in range(3):
        chunk = entries[col * per_column:(col + 1) * per_column]
        key_ax.text(col / 3, 0.97, "\n".join(chunk), va="top", ha="left", fontsize=7.2,
                    transform=key_ax.transAxes, linespacing=1.2)
    return fig, marks


#: The colour of a mark's number says which sources state the item (article first: the graph's origin).
SOURCE_LEGEND = (("black", "number black: the article · мақала"), ("#1f4e9c", "blue: official pages only · ресми"),
                 ("#b9570f", "orange: news or encyclopedia only · жаңалық"))


def source_colour(row: Row) -> str:
    """Black if the article states the item, blue if only official pages do, orange if only news or encyclopedias."""
    kinds = set((row.get("sources") or "article").split())
    if "article" in kinds:
        return "black"
    return "#1f4e9c" if "official" in kinds else "#b9570f"


def _count_points(coll: PathCollection) -> int:
    """How many markers a scatter collection really holds (read back from the artist, not from the input)."""
    return len(coll.get_offsets())  # type: ignore[arg-type]  # an (n, 2) array; the stubs say ArrayLike


def marks_on(fig: Figure) -> int:
    """Count the non-empty scatter marks on a figure's first axes (legend proxies are empty and not counted)."""
    return sum(_count_points(c) for c in fig.axes[0].collections if isinstance(c, PathCollection))
