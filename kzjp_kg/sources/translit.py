"""Kazakh Cyrillic → Kazakh Latin (the official alphabet of 2021), for ``@kk-Latn`` labels.

Why generated, not typed: Kazakh has an official Latin alphabet (approved in 2021: Ä ä, Ğ ğ, I ı for і, İ i for
и/й, Ñ ñ, Ö ö, Ş ş, Ū ū for ұ, Ü ü, Y y for ы), and hand-typed transliterations drift. One tested function makes
every ``@kk-Latn`` label from its ``@kk`` twin, so the two can never disagree. Letters found only in Russian loans
follow the usual transliteration (ц → ts, ч → ch, щ → şş, ё → io, ю → iu, я → ia; ъ and ь are dropped).
Text that is not Cyrillic passes through unchanged, so the function is idempotent on Latin text.
"""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import RDFS, SKOS

_LOWER = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e", "ё": "io", "ж": "j",
    "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n", "ң": "ñ", "о": "o",
    "ө": "ö", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "ū", "ү": "ü", "ф": "f", "х": "h",
    "һ": "h", "ц": "ts", "ч": "ch", "ш": "ş", "щ": "şş", "ъ": "", "ы": "y", "і": "ı", "ь": "", "э": "e",
    "ю": "iu", "я": "ia",
}
#: Capitals whose Latin form is not simply the capitalised lower-case one.
_UPPER_SPECIAL = {"И": "İ", "Й": "İ", "І": "I"}


def _upper(ch: str) -> str:
    if ch in _UPPER_SPECIAL:
        return _UPPER_SPECIAL[ch]
    latin = _LOWER[ch.lower()]
    return latin[:1].upper() + latin[1:]


def to_latin(text: str) -> str:
    """Transliterate Kazakh Cyrillic text into the 2021 Kazakh Latin alphabet.

    >>> to_latin("Нұрсұлтан Назарбаев")
    'Nūrsūltan Nazarbaev'
    >>> to_latin("Қазақстан мен Жапония")
    'Qazaqstan men Japoniia'
    """
    out: list[str] = []
    for i, ch in enumerate(text):
        low = ch.lower()
        if low not in _LOWER:
            out.append(ch)
        elif ch == low:
            out.append(_LOWER[ch])
        else:
            latin = _upper(ch)
            # a digraph from a capital inside an all-capitals word stays all capitals (ЦК → TSK)
            nxt = text[i + 1] if i + 1 < len(text) else ""
            if len(latin) > 1 and nxt.isupper():
                latin = latin.upper()
            out.append(latin)
    return "".join(out)


def latin_labels(graph: Graph) -> Graph:
    """For every ``rdfs:label``/``skos:prefLabel``/``skos:altLabel`` in ``@kk``, the same label in ``@kk-Latn``."""
    extra = Graph()
    for prop in (RDFS.label, SKOS.prefLabel, SKOS.altLabel):
        for s, o in graph.subject_objects(prop):
            if isinstance(o, Literal) and o.language and o.language.lower() == "kk":
                extra.add((s, prop, Literal(to_latin(str(o)), lang="kk-Latn")))
    return extra
