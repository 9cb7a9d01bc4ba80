"""One look for every figure: fonts that render Kazakh Cyrillic, colours per kind, reproducible files.

Why DejaVu Sans: it ships with matplotlib (no system font needed, so a clean clone draws the same) and covers
the Kazakh letters (ә, ғ, қ, ң, ө, ұ, ү, һ, і) that many default fonts lack.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure

#: kind → (colour, matplotlib marker, legend name in English · Kazakh).
KIND_STYLE: dict[str, tuple[str, str, str]] = {
    "visit": ("#1f77b4", "o", "visit · сапар"),
    "document": ("#d62728", "s", "document · құжат"),
    "doctrine": ("#2ca02c", "D", "doctrine or policy · доктрина, саясат"),
    "milestone": ("#9467bd", "*", "milestone · маңызды оқиға"),
    "person": ("#1f77b4", "o", "person · адам"),
    "state": ("#ff7f0e", "h", "state · мемлекет"),
    "organisation": ("#8c564b", "p", "organisation · ұйым"),
    "other": ("#7f7f7f", "o", "other · басқа"),
}


def apply_style() -> None:
    """Set the fonts and make saved files reproducible (no dates, a fixed SVG id salt)."""
    matplotlib.rcParams.update({
        "font.family": "DejaVu Sans",
        "svg.hashsalt": "kzjp-kg",
        "svg.fonttype": "path",  # glyphs as paths: the SVG renders the same without DejaVu installed
    })


def save(fig: Figure, stem: Path, formats: tuple[str, ...] = ("png", "svg"), dpi: int = 110) -> list[Path]:
    """Write ``stem.png`` / ``stem.svg`` without timestamps, so the same graph gives the same bytes."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        path = stem.with_suffix(f".{fmt}")
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(path, format=fmt, dpi=dpi, metadata=metadata)
        written.append(path)
    return written
