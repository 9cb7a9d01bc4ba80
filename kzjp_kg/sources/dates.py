"""Find every date expression in Kazakh text: years, year ranges, days and day ranges with Kazakh month names.

Why: "every fact of the article" is only checkable if every date the article mentions is found and then either
represented in the graph or listed, with a reason, as not a fact (graph/source/dates-not-facts.tsv). Kazakh
inflects month names ("маусым", "маусымы", "маусымның", "маусымында") and writes ranges two ways ("19-20
маусымы", "маусымның 18-22-сі"), so the patterns match stems.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {"қаңтар": 1, "ақпан": 2, "наурыз": 3, "сәуір": 4, "мамыр": 5, "маусым": 6, "шілде": 7, "тамыз": 8,
          "қыркүйек": 9, "қазан": 10, "қараша": 11, "желтоқсан": 12}
_M = "(?P<month>" + "|".join(MONTHS) + r")\w*"
_Y = r"(?P<year>(?:19|20)\d{2})\s+жыл\w*"
_PATTERNS = [
    # 2008 жылғы маусымның 18-22-сі
    ("day-range", re.compile(_Y + r"\s+" + _M + r"\s+(?P<d1>\d{1,2})-(?P<d2>\d{1,2})(?:-\w+)?")),
    # 2008 жылдың 19-20 маусымы / 1994 жылғы 6-9 сәуірдегі / 1999 жылы 5-8 желтоқсан
    ("day-range", re.compile(_Y + r"\s+(?P<d1>\d{1,2})-(?P<d2>\d{1,2})\s+" + _M)),
    # 1991 жылы 28 желтоқсанда
    ("day", re.compile(_Y + r"\s+(?P<d1>\d{1,2})\s+" + _M)),
    # 2004 жылы тамыздағы / 1997 жылғы шілдедегі
    ("month", re.compile(_Y + r"\s+" + _M)),
    # 1991-1997 жылдар
    ("year-range", re.compile(r"(?P<year>(?:19|20)\d{2})-(?P<year2>(?:19|20)\d{2})\s+жыл\w*")),
    # ХІХ-ХХ ғасырларға (Roman numerals, often typed with Cyrillic look-alikes)
    ("century-range", re.compile(r"(?P<c1>[XІIХV]+)-(?P<c2>[XІIХV]+)\s+ғасыр\w*")),
    # 2006 жылы / 1997 жыл / 2001 жылдан
    ("year", re.compile(_Y)),
]


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    kind: str
    value: str  # ISO: "2008", "2008-06", "2008-06-19", "2008-06-19/2008-06-20", "1991/1997", "19C/20C"


def _value(kind: str, m: re.Match) -> str:
    g = m.groupdict()
    if kind == "century-range":
        roman = {"ХІХ": "19", "XIX": "19", "ХХ": "20", "XX": "20"}
        return f"{roman.get(g['c1'], g['c1'])}C/{roman.get(g['c2'], g['c2'])}C"
    if kind == "year-range":
        return f"{g['year']}/{g['year2']}"
    if kind == "year":
        return g["year"]
    month = MONTHS[g["month"]]
    if kind == "month":
        return f"{g['year']}-{month:02d}"
    if kind == "day":
        return f"{g['year']}-{month:02d}-{int(g['d1']):02d}"
    return f"{g['year']}-{month:02d}-{int(g['d1']):02d}/{g['year']}-{month:02d}-{int(g['d2']):02d}"


def find_dates(text: str) -> list[DateMention]:
    """All date mentions, longest first where they overlap, in text order."""
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append(DateMention(m.start(), m.end(), m.group(0), kind, _value(kind, m)))
    return sorted(found, key=lambda d: d.start)
