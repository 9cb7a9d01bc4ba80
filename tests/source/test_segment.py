"""The segmenter rejoins what the file breaks and splits what the file glues, with exact offsets."""

from __future__ import annotations

import pytest

from kzjp_kg import config
from kzjp_kg.sources.segment import normalise, segment

TEXT = config.ARTICLE.read_text(encoding="utf-8")
SEGS = segment(TEXT)
BY_NAME = {s.local_name: s for s in SEGS}


def test_counts_85_sentences_and_the_bibliography_heading() -> None:
    assert len([s for s in SEGS if not s.is_heading]) == 85
    assert SEGS[-1].is_heading and SEGS[-1].text == "Әдебиеттер."


def test_offsets_point_at_the_text_in_the_unchanged_file() -> None:
    for s in SEGS:
        assert normalise(TEXT[s.start:s.end]) == s.text
        assert TEXT.count("\n", 0, s.start) + 1 == s.line


@pytest.mark.parametrize(("name", "joined"), [
    ("s037", "елбасы Н. Назарбаевтың Жапонияға"),
    ("s071", "елбасы Н. Назарбаевтың Жапонияға"),
    ("s029", "депутаты М. Судзуки."),
    ("s030", "премьер-министр Р. Хасимотоның"),
    ("s043", "премьер- министрі Й. Кавагучидің"),
    ("s063", "премьер-министрі Д. Коидзумидің"),
])
def test_lines_broken_after_an_initial_are_rejoined(name: str, joined: str) -> None:
    seg = BY_NAME[name]
    assert joined in seg.text and seg.end_line == seg.line + 1
    assert any(r.kind == "line-break-after-initial" for r in seg.repairs)


@pytest.mark.parametrize(("first", "second", "end", "start"), [
    ("s009", "s010", "жөн болар.", "Қазақстан мен Жапонияның саяси"),
    ("s065", "s066", "атап өтті [5].", "Қазақстан Республикасы мен Жапонияның"),
    ("s031", "s032", "дамытуы тиіс:", "Тұжырымдамада Жапонияның"),
    ("s085", "bibliography-heading", "ие болатындығы даусыз.", "Әдебиеттер."),
])
def test_glued_paragraphs_are_split(first: str, second: str, end: str, start: str) -> None:
    assert BY_NAME[first].text.endswith(end)
    assert BY_NAME[second].text.startswith(start)
    assert BY_NAME[first].line == BY_NAME[second].line


def test_a_stray_full_stop_does_not_split_a_sentence() -> None:
    s025 = BY_NAME["s025"]
    assert "қатысы бар.«Еуразиялық дипломатия» тұжырымдамасын ұсынды." in s025.text
    assert [r.kind for r in s025.repairs] == ["stray-full-stop"]


def test_citation_markers_are_found_in_their_sentences() -> None:
    found = {c.number: s.local_name for s in SEGS for c in s.citations}
    assert found == {1: "s005", 2: "s030", 3: "s032", 4: "s059", 5: "s065", 6: "s077", 7: "s082"}
    for s in SEGS:
        for c in s.citations:
            assert TEXT[c.start:c.end] == f"[{c.number}]"


def test_synthetic_breakage_is_repaired_the_same_way() -> None:
    text = "Бірінші сөйлем елбасы Н.\nНазарбаев туралы.Екінші.. Үшінші сөйлем «бар.«Атау» ұсынды.\nТөртінші:.Бесінші."
    got = [s.text for s in segment(text)]
    assert got == ["Бірінші сөйлем елбасы Н. Назарбаев туралы.Екінші.", "Үшінші сөйлем «бар.«Атау» ұсынды.",
                   "Төртінші:", "Бесінші."]
