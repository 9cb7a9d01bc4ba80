"""``kzjp-kg synth --triples N --seed S``: deterministic, ontology-conformant synthetic data of any size.

Why: every benchmark (reasoning, validation, store, endpoint, scaling) must run on graphs far larger than the
article's, with the same shape — states with offices and dated office holdings, visits by office holders with their
sentences, documents signed at visits, doctrines, periods — so the timings mean something for real sources. The same
(N, seed) always gives the same bytes; output is streamed as N-Triples, so 10M triples need little memory.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import TextIO

from kzjp_kg import config

K, R = str(config.KZJP), str(config.KZR) + "synth/"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
XSD = "http://www.w3.org/2001/XMLSchema#"
SYLLABLES = ["қа", "за", "жа", "по", "ни", "ас", "та", "на", "ер", "ұл", "бе", "ке", "ті", "ма", "ды", "сы"]
LATIN = ["ka", "za", "ja", "po", "ni", "as", "ta", "na", "er", "ul", "be", "ke", "ti", "ma", "dy", "sy"]


def _iri(local: str) -> str:
    return f"<{R}{local}>"


def _k(term: str) -> str:
    return f"<{K}{term}>"


def _lit(text: str, lang: str | None = None, dtype: str | None = None) -> str:
    esc = text.replace("\\", "\\\\").replace('"', '\\"')
    if lang:
        return f'"{esc}"@{lang}'
    if dtype:
        return f'"{esc}"^^<{XSD}{dtype}>'
    return f'"{esc}"'


class Generator:
    """Emits triples in blocks (one resource at a time) until the requested count is reached."""

    def __init__(self, seed: int) -> None:
        self.rnd = random.Random(seed)
        self.n_sent = 0
        self.offset = 0

    def name(self) -> tuple[str, str]:
        idx = [self.rnd.randrange(len(SYLLABLES)) for _ in range(self.rnd.randint(2, 4))]
        kk = "".join(SYLLABLES[i] for i in idx)
        en = "".join(LATIN[i] for i in idx)
        return kk.capitalize(), en.capitalize()

    def labelled(self, s: str, cls: str, kind_kk: str, kind_en: str) -> Iterator[str]:
        kk, en = self.name()
        self.n_labels = getattr(self, "n_labels", 0) + 1
        kk, en = f"{kk} {self.n_labels}", f"{en} {self.n_labels}"
        yield f"{s} {RDF_TYPE} {_k(cls)} ."
        yield f"{s} {LABEL} {_lit(f'{kk} {kind_kk}', 'kk')} ."
        yield f"{s} {LABEL} {_lit(f'{en} {kind_en}', 'en')} ."

    def sentence(self) -> tuple[str, list[str]]:
        self.n_sent += 1
        s = _iri(f"s{self.n_sent}")
        words = " ".join(self.name()[0].lower() for _ in range(self.rnd.randint(6, 14))) + "."
        start, self.offset = self.offset, self.offset + len(words) + 1
        return s, [f"{s} {RDF_TYPE} {_k('Sentence')} .", f"{s} {_k('text')} {_lit(words, 'kk')} .",
                   f"{s} {_k('startOffset')} {_lit(str(start), dtype='nonNegativeInteger')} .",
                   f"{s} {_k('endOffset')} {_lit(str(start + len(words)), dtype='nonNegativeInteger')} .",
                   f"{s} {_k('order')} {_lit(str(self.n_sent), dtype='positiveInteger')} .",
                   f"{s} {_k('inSource')} {_iri('article')} ."]

    def triples(self) -> Iterator[str]:
        yield f"{_iri('article')} {RDF_TYPE} {_k('SourceText')} ."
        yield f"{_iri('article')} {LABEL} {_lit('Синтетикалық мақала', 'kk')} ."
        yield f"{_iri('article')} {LABEL} {_lit('Synthetic article', 'en')} ."
        states: list[tuple[str, list[tuple[str, str, date, date]]]] = []
        n = 0
        while True:
            n += 1
            while n % 40 == 1 and len(states) < 2 + n // 40:  # a new state with offices and holdings over 30 years
                st = _iri(f"state-{len(states)}")
                yield from self.labelled(st, "State", "мемлекеті", "state")
                holdings = []
                for office_kind, kk, en in (("pm", "премьер-министрі", "prime minister"),
                                            ("fm", "сыртқы істер министрі", "foreign minister")):
                    off = _iri(f"office-{len(states)}-{office_kind}")
                    yield from self.labelled(off, "Office", kk, en)
                    yield f"{off} {_k('officeOf')} {st} ."
                    day = date(1990, 1, 1)
                    while day.year < 2020:
                        end = day + timedelta(days=self.rnd.randint(300, 1500))
                        person = _iri(f"person-{len(states)}-{office_kind}-{day.isoformat()}")
                        yield from self.labelled(person, "Person", "мырза", "")
                        h = _iri(f"holding-{len(states)}-{office_kind}-{day.isoformat()}")
                        yield from self.labelled(h, "OfficeHolding", "лауазымы", "holding")
                        s, block = self.sentence()
                        yield from block
                        yield f"{h} {_k('holder')} {person} ."
                        yield f"{h} {_k('office')} {off} ."
                        yield f"{h} {_k('startDate')} {_lit(day.isoformat(), dtype='date')} ."
                        yield f"{h} {_k('endDate')} {_lit(end.isoformat(), dtype='date')} ."
                        yield f"{h} {_k('statedIn')} {s} ."
                        holdings.append((person, h, day, end))
                        day = end
                states.append((st, holdings))
                yield ""  # block boundary
            a, b = self.rnd.sample(range(len(states)), 2)
            (sa, ha), (sb, _) = states[a], states[b]
            person, _h, start, end = self.rnd.choice(ha)
            vstart = start + timedelta(days=self.rnd.randint(0, max((end - start).days - 5, 0)))
            v = _iri(f"visit-{n}")
            yield from self.labelled(v, "Visit", "сапары", "visit")
            s, block = self.sentence()
            yield from block
            yield f"{v} {_k('visitor')} {person} ."
            yield f"{v} {_k('visitingState')} {sa} ."
            yield f"{v} {_k('hostState')} {sb} ."
            yield f"{v} {_k('destination')} {sb} ."
            yield f"{v} {_k('startDate')} {_lit(vstart.isoformat(), dtype='date')} ."
            yield f"{v} {_k('endDate')} {_lit((vstart + timedelta(days=2)).isoformat(), dtype='date')} ."
            yield f"{v} {_k('statedIn')} {s} ."
            if self.rnd.random() < 0.5:
                d = _iri(f"doc-{n}")
                yield from self.labelled(d, "JointStatement", "мәлімдемесі", "joint statement")
                yield f"{d} {_k('party')} {sa} ."
                yield f"{d} {_k('party')} {sb} ."
                yield f"{d} {_k('signedAt')} {v} ."
                yield f"{d} {_k('statedIn')} {s} ."
            if self.rnd.random() < 0.1:
                doc = _iri(f"doctrine-{n}")
                yield from self.labelled(doc, "ForeignPolicyDoctrine", "дипломатиясы", "diplomacy")
                yield f"{doc} {_k('pursuedBy')} {sa} ."
                yield f"{doc} {_k('proposedBy')} {person} ."
                yield f"{doc} {_k('targetsState')} {sb} ."
                yield f"{doc} {_k('statedIn')} {s} ."
            yield ""  # block boundary


def generate(triples: int, seed: int, out: TextIO) -> int:
    """Write about ``triples`` N-Triples lines, stopping at the first block boundary past the count (so no resource
    is cut in half; the overshoot is one block, a few dozen triples); return the count."""
    written = 0
    for line in Generator(seed).triples():
        if not line:
            if written >= triples:
                break
            continue
        out.write(line + "\n")
        written += 1
    return written


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--triples", type=int, required=True, help="how many triples (N-Triples lines)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=None, help="output file (default: standard output)")


def run(args: argparse.Namespace) -> int:
    if args.out:
        with args.out.open("w", encoding="utf-8") as fh:
            n = generate(args.triples, args.seed, fh)
        print(f"wrote {n:,} triples to {args.out}", file=sys.stderr)
    else:
        generate(args.triples, args.seed, sys.stdout)
    return 0
