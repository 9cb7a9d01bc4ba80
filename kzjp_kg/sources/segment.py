"""Split the article into sentences, repairing the file's known breakage.

Why this is not a generic sentence splitter: the article's file was produced by a lossy conversion.
One physical line is *usually* one sentence, but

* a line sometimes ends after a personal initial ("елбасы Н." / "Назарбаевтың"), so the sentence
  continues on the next line and must be rejoined;
* paragraphs were glued together with an extra full stop ("…жөн болар..Қазақстан…", "[5].  .Қазақстан",
  "тиіс:.Тұжырымдамада"), so one line may hold several sentences;
* a stray full stop sits inside one sentence ("қатысы бар.«Еуразиялық…»"), which must *not* split it.

Every segment keeps character offsets (Unicode code points, Python ``str`` indices) into the unchanged
file, so each fact's sentence can be located in the source byte for byte after UTF-8 encoding.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

#: A single capital letter followed by a full stop, preceded by a space or the start of the text:
#: a personal initial, which never ends a sentence.
_INITIAL_AT_END = re.compile(r"(?:^|[\s\u00a0])[^\W\d_a-z]\.$")
_CITATION = re.compile(r"\[(\d+)\]")
_SPACE = re.compile(r"[\s\u00a0]+")

BIBLIOGRAPHY_HEADING = "Әдебиеттер."


@dataclass(frozen=True)
class Citation:
    """A citation marker ``[n]`` as it appears in a sentence."""

    number: int
    start: int  #: offset of "[" in the file
    end: int  #: offset just after "]"


@dataclass(frozen=True)
class Repair:
    """A place where the segmenter had to undo the file's breakage (reported as a source defect)."""

    kind: str  #: "line-break-after-initial" | "glued-paragraph" | "stray-full-stop"
    offset: int  #: where in the file
    line: int  #: 1-based line of that offset
    detail: str


@dataclass(frozen=True)
class Segment:
    """One sentence (or the bibliography heading) of the article."""

    order: int  #: 1-based position among the article's segments
    start: int  #: first character, offset into the file
    end: int  #: one past the last character
    line: int  #: 1-based line where the segment starts
    end_line: int  #: 1-based line where it ends
    text: str  #: normalised text: line breaks and runs of (non-breaking) spaces folded to one space
    is_heading: bool = False
    citations: tuple[Citation, ...] = ()
    repairs: tuple[Repair, ...] = field(default=())

    @property
    def local_name(self) -> str:
        """The local part of the segment's IRI (``s001`` …, or ``bibliography-heading``)."""
        return "bibliography-heading" if self.is_heading else f"s{self.order:03d}"


def normalise(raw: str) -> str:
    """Fold line breaks and (non-breaking) spaces to single spaces, NFC-normalise, trim."""
    return unicodedata.normalize("NFC", _SPACE.sub(" ", raw)).strip()


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _starts_sentence(ch: str) -> bool:
    return ch.isupper() or ch.isdigit() or ch in "«\"“"


def _boundaries(text: str) -> tuple[list[tuple[int, int]], list[Repair]]:
    """Return the (start, end) spans of segments and the repairs made while finding them."""
    spans: list[tuple[int, int]] = []
    repairs: list[Repair] = []
    n = len(text)
    i = 0
    start = 0

    def skip_glue(j: int) -> tuple[int, bool]:
        """Skip spaces and glue dots after a sentence end; report whether a glue dot was seen."""
        glued = False
        while j < n and (text[j] in " \u00a0\t\n." ):
            if text[j] == ".":
                glued = True
            j += 1
        return j, glued

    while i < n:
        ch = text[i]
        if ch == "\n":
            head = text[start:i]
            if _INITIAL_AT_END.search(head):
                repairs.append(
                    Repair("line-break-after-initial", i, _line_of(text, i),
                           f"line {_line_of(text, i)} ends with the initial «{head.split()[-1]}»; "
                           "the sentence continues on the next line"))
                i += 1
                continue
            if text[start:i].strip():
                spans.append((start, i))
            start, _ = skip_glue(i + 1)
            i = start
            continue
        if ch in ".!?:":
            j = i + 1
            nxt = text[j] if j < n else ""
            if ch == "." and _INITIAL_AT_END.search(text[start:j]) and nxt != ".":
                i += 1  # an initial, inside a line ("Н.Назарбаевтың" has no space anyway)
                continue
            if nxt == "." or (nxt in " \u00a0" and ch != ":"):
                after, glued = skip_glue(j)
                if after >= n or glued or (_starts_sentence(text[after]) and text[after - 1] != "\n"):
                    if glued and after < n:
                        repairs.append(
                            Repair("glued-paragraph", j, _line_of(text, j),
                                   "two paragraphs glued with «" + _SPACE.sub(" ", text[i:after]).strip() + "»"))
                    if after >= n or text[j:after].find("\n") < 0:
                        spans.append((start, j))
                        start = after
                        i = after
                        continue
            elif (ch == "." and nxt and not nxt.isspace() and not _INITIAL_AT_END.search(text[start:j])
                  and _starts_sentence(nxt)):
                repairs.append(
                    Repair("stray-full-stop", i, _line_of(text, i),
                           "a full stop inside a sentence before «" + text[j:j + 12] + "»; not a boundary"))
        i += 1
    if text[start:].strip():
        spans.append((start, n))
    return spans, repairs


def segment(text: str) -> list[Segment]:
    """Split the article into ordered segments (sentences, then the empty bibliography's heading)."""
    spans, repairs = _boundaries(text)
    segments: list[Segment] = []
    for order, (s, e) in enumerate(spans, start=1):
        # trim leading/trailing whitespace from the span so offsets point at real characters
        while s < e and text[s] in " \u00a0\t\n":
            s += 1
        while e > s and text[e - 1] in " \u00a0\t\n":
            e -= 1
        raw = text[s:e]
        cites = tuple(Citation(int(m.group(1)), s + m.start(), s + m.end()) for m in _CITATION.finditer(raw))
        own = tuple(r for r in repairs if s <= r.offset <= e)
        segments.append(
            Segment(order=order, start=s, end=e, line=_line_of(text, s), end_line=_line_of(text, e - 1),
                    text=normalise(raw), is_heading=normalise(raw) == BIBLIOGRAPHY_HEADING,
                    citations=cites, repairs=own))
    return segments
