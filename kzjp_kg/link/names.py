"""Comparing names across scripts: Kazakh and Russian Cyrillic, Hepburn-romanised Japanese, English.

Why a comparison key and not plain string equality: the article writes Japanese names in Kazakh/Russian Cyrillic
(«Хасимото», «Кавагучи», «Коидзуми»), Wikidata's English labels in Hepburn with macrons (Tarō Asō). Both are
reduced to one Latin key — Cyrillic through the Russian (Polivanov) conventions for Japanese read as Hepburn
(си → shi, ти → chi, дз → z, цу → tsu), macrons dropped, ``y`` and ``w``/``v`` folded — so that spellings of the
same name meet and genuine differences («Акиро» for Akira) remain.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

# Longest first: syllables before letters.
_CYR = [
    ("дзю", "ju"), ("дзя", "ja"), ("дзё", "jo"), ("дзи", "ji"), ("дз", "z"), ("цу", "tsu"),
    ("си", "shi"), ("ти", "chi"), ("тю", "chu"), ("тя", "cha"), ("тё", "cho"), ("сю", "shu"), ("ся", "sha"),
    ("сё", "sho"), ("дзь", "z"),
    ("а", "a"), ("ә", "a"), ("б", "b"), ("в", "v"), ("г", "g"), ("ғ", "g"), ("д", "d"), ("е", "e"), ("ё", "yo"),
    ("ж", "zh"), ("з", "z"), ("и", "i"), ("й", "y"), ("к", "k"), ("қ", "k"), ("л", "l"), ("м", "m"), ("н", "n"),
    ("ң", "n"), ("о", "o"), ("ө", "o"), ("п", "p"), ("р", "r"), ("с", "s"), ("т", "t"), ("у", "u"), ("ұ", "u"),
    ("ү", "u"), ("ф", "f"), ("х", "h"), ("һ", "h"), ("ц", "ts"), ("ч", "ch"), ("ш", "sh"), ("щ", "sch"),
    ("ъ", ""), ("ы", "y"), ("і", "i"), ("ь", ""), ("э", "e"), ("ю", "yu"), ("я", "ya"),
]
_CYR_RE = re.compile("|".join(re.escape(k) for k, _ in sorted(_CYR, key=lambda kv: -len(kv[0]))))
_CYR_MAP = dict(_CYR)
_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_TITLES = {"emperor", "император", "императоры", "president", "президент", "prime", "minister", "mr", "ms"}


def romanise(text: str) -> str:
    """Cyrillic to Latin (Japanese-aware), macrons and other diacritics dropped, lower case."""
    low = re.sub(r"(?<=[аеёиоуыэюяәөұүі])й", "i", text.lower())  # Кейдзо → keizo, Йохей → yohei
    latin = _CYR_RE.sub(lambda m: _CYR_MAP[m.group(0)], low)
    return "".join(c for c in unicodedata.normalize("NFKD", latin) if not unicodedata.combining(c))


def key(text: str, person: bool = False) -> str:
    """The comparison key: romanised, only letters and spaces, ``y`` dropped, ``w`` as ``v``, ``ou``/``uu`` long
    vowels shortened; for a person, titles ("Emperor") removed."""
    if _JAPANESE.search(text):
        return re.sub(r"\s+", "", text)
    r = romanise(text).replace("&", " and ")
    r = re.sub(r"[^a-z ]+", " ", r)
    r = r.replace("w", "v").replace("y", "")
    r = re.sub(r"([aeiou])\1", r"\1", r).replace("ou", "o")
    return " ".join(t for t in r.split() if not person or t not in _TITLES)


def similarity(a: str, b: str, person: bool = False) -> float:
    """0..1: how alike two names are once both are reduced to :func:`key`. Word order costs little; for a person
    so does a missing title or given name (``Akihito`` vs ``Emperor Akihito``). For other names a shared word is
    not enough (``Tokyo`` is not ``Tokyo Electric Power Company``)."""
    ka, kb = key(a, person), key(b, person)
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 1.0
    ta, tb = ka.split(), kb.split()
    if sorted(ta) == sorted(tb):
        return 0.98
    if not person:  # names of places, bodies, offices: a near miss is another thing ("Ministry"/"Minister")
        return min(0.8, SequenceMatcher(None, ka, kb).ratio())
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if set(short) <= set(long_):
        return 0.9 if max(map(len, short)) >= 4 else 0.6
    best = [max(SequenceMatcher(None, t, u).ratio() for u in long_) for t in short]
    score = sum(best) / len(best) * (0.95 if len(short) < len(long_) else 1.0)
    return min(score, 0.7) if min(best) < 0.75 else score


def is_japanese(text: str) -> bool:
    return bool(_JAPANESE.search(text))


def initial_matches(initial: str, given: str) -> bool:
    """Whether a Cyrillic initial ("Д.") can abbreviate a romanised given name ("Junichiro" — Дзюнъитиро)."""
    first = romanise(initial.strip(". "))[:1]
    g = romanise(given)
    alternatives = {"d": ("d", "j"), "y": ("y", "i", "e", "j"), "h": ("h", "k"), "ts": ("ts", "z")}
    return any(g.startswith(x) for x in alternatives.get(first, (first,)))
