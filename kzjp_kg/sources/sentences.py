"""A text source's sentences as RDF: one IRI per sentence, with text, offsets, lines, order and citation markers.

Every ``graph/source/<name>.txt`` is a text source (:func:`text_sources`): its IRI is ``<base>source/<name>``, its
sentences ``<base>source/<name>/s001`` …, its metadata (title, language) in ``<name>.meta.json`` beside it, and its
sentences are written to ``<name>.sentences.ttl``. Adding a source is dropping the text (and its facts) in: no code
changes. The article (``article-kk``, namespace ``kzs:``) is the first.

Why generated from the segmenter (and committed as ``graph/source/<name>.sentences.ttl``): facts cite sentences by IRI,
so the IRIs must be stable and reproducible from the unchanged article; a test regenerates the file and compares.
The file's breakage that the segmenter repairs, the citation markers that point into an empty bibliography and the
empty bibliography itself are recorded here as source defects, each on its segment, so they reach the quality
report from data rather than from a hard-coded list.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SH

from kzjp_kg import config
from kzjp_kg.config import KZJP
from kzjp_kg.sources.base import SourceFile
from kzjp_kg.sources.segment import Segment, segment

ARTICLE_IRI = URIRef(config.NS.article)


@dataclass(frozen=True)
class TextSource(SourceFile):
    """A text file of ``graph/source/`` that facts cite sentence by sentence."""

    @property
    def out(self) -> Path:
        return self.path.with_name(f"{self.name}.sentences.ttl")

    @property
    def meta(self) -> dict:
        """``<name>.meta.json``: ``{"language": "kk", "title": {"kk": …, "en": …}}`` (language defaults to kk)."""
        sidecar = self.path.with_name(f"{self.name}.meta.json")
        data = json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.exists() else {}
        data.setdefault("language", "kk")
        data.setdefault("title", {"en": self.name})
        return data


def text_sources(folder: Path = config.SOURCE_DIR) -> list[TextSource]:
    """Every text source of ``folder`` (``*.txt``), by name."""
    return [TextSource(p) for p in sorted(folder.glob("*.txt"))]

_KK_NAME = {"BrokenLine": "Үзілген жол", "GluedParagraph": "Жабысқан абзац", "StrayPunctuation": "Артық нүкте"}
_EN_NAME = {"BrokenLine": "Broken line", "GluedParagraph": "Glued paragraphs", "StrayPunctuation": "Stray full stop"}

_REPAIR_DEFECT = {
    "line-break-after-initial": (KZJP.BrokenLine, "broken-line",
                                 "Жол аты-жөннің бас әрпінен кейін үзілген; сөйлем келесі жолда жалғасады.",
                                 "The line breaks after a personal initial; the sentence continues on the next line."),
    "glued-paragraph": (KZJP.GluedParagraph, "glued-paragraph",
                        "Екі абзац қосымша нүктемен жабыстырылған.",
                        "Two paragraphs are glued together with an extra full stop."),
    "stray-full-stop": (KZJP.StrayPunctuation, "stray-full-stop",
                        "Сөйлемнің ішінде артық нүкте тұр («қатысы бар.«Еуразиялық…»); ол сөйлемді бөлмейді.",
                        "A stray full stop stands inside the sentence (\"қатысы бар.«Еуразиялық…»\"); "
                        "it does not end the sentence."),
}


def _int(value: int, datatype: URIRef = XSD.nonNegativeInteger) -> Literal:
    return Literal(value, datatype=datatype)


def source_graph(path: Path = config.ARTICLE) -> Graph:
    """Build the source layer of the text source at ``path``: the source, its sentences, their defects."""
    src = TextSource(path)
    data = path.read_bytes()
    text = data.decode("utf-8")
    g = Graph()
    for prefix in ("kzjp", "rdfs", "xsd", "dcterms", "prov", "sh"):
        g.bind(prefix, config.PREFIXES[prefix])
    g.bind("kzs" if src.iri == ARTICLE_IRI else src.name, src.ns)
    a = src.iri
    meta = src.meta
    g.add((a, RDF.type, KZJP.SourceText))
    for lang, title in sorted(meta["title"].items()):
        g.add((a, RDFS.label, Literal(title, lang=lang)))
    g.add((a, DCTERMS.language, Literal(meta["language"])))
    g.add((a, DCTERMS.format, Literal("text/plain; charset=utf-8")))
    g.add((a, DCTERMS.extent, Literal(f"{len(data)} bytes, {text.count(chr(10)) + 1} lines")))
    g.add((a, KZJP.sha256, Literal(hashlib.sha256(data).hexdigest())))
    segments = segment(text)
    for seg in segments:
        _add_segment(g, seg, src)
    if any(s.is_heading or s.citations for s in segments):
        _add_bibliography(g, segments, src)
    return g


def _add_segment(g: Graph, seg: Segment, src: TextSource) -> None:
    ns, source = src.ns, src.iri
    s = ns[seg.local_name]
    g.add((s, RDF.type, KZJP.Heading if seg.is_heading else KZJP.Sentence))
    if seg.is_heading:
        g.add((s, RDFS.label, Literal("Әдебиеттер тізімінің тақырыбы", lang="kk")))
        g.add((s, RDFS.label, Literal("Bibliography heading", lang="en")))
    else:
        g.add((s, RDFS.label, Literal(f"Сөйлем {seg.order}", lang="kk")))
        g.add((s, RDFS.label, Literal(f"Sentence {seg.order}", lang="en")))
    g.add((s, KZJP.text, Literal(seg.text, lang=src.meta["language"])))
    g.add((s, KZJP.startOffset, _int(seg.start)))
    g.add((s, KZJP.endOffset, _int(seg.end)))
    g.add((s, KZJP.line, _int(seg.line, XSD.positiveInteger)))
    g.add((s, KZJP.endLine, _int(seg.end_line, XSD.positiveInteger)))
    g.add((s, KZJP.order, _int(seg.order, XSD.positiveInteger)))
    g.add((s, KZJP.inSource, source))
    for cite in seg.citations:
        c, ref = ns[f"citation-{cite.number}"], ns[f"reference-{cite.number}"]
        g.add((s, KZJP.hasCitation, c))
        g.add((c, RDF.type, KZJP.Citation))
        g.add((c, RDFS.label, Literal(f"[{cite.number}] сілтеме белгісі", lang="kk")))
        g.add((c, RDFS.label, Literal(f"citation marker [{cite.number}]", lang="en")))
        g.add((c, KZJP.marker, _int(cite.number, XSD.positiveInteger)))
        g.add((c, KZJP.startOffset, _int(cite.start)))
        g.add((c, KZJP.endOffset, _int(cite.end)))
        g.add((c, KZJP.citesReference, ref))
        g.add((ref, RDF.type, KZJP.MissingReference))
        g.add((ref, RDFS.label, Literal(f"{cite.number}-әдебиет (жоқ)", lang="kk")))
        g.add((ref, RDFS.label, Literal(f"reference {cite.number} (missing)", lang="en")))
        d = ns[f"defect-unresolved-citation-{cite.number}"]
        _defect(g, d, KZJP.UnresolvedCitation, s, SH.Warning, source,
                f"[{cite.number}] белгісі бос әдебиеттер тізіміне сілтейді: дереккөзі белгісіз.",
                f"The marker [{cite.number}] points into the empty bibliography: its source is unknown.",
                f"Шешілмеген сілтеме [{cite.number}]", f"unresolved citation [{cite.number}]")
    for repair in seg.repairs:
        cls, slug, kk, en = _REPAIR_DEFECT[repair.kind]
        d = ns[f"defect-{slug}-{repair.offset}"]
        _defect(g, d, cls, s, SH.Info, source, kk, f"{en} (line {repair.line}).",
                f"{_KK_NAME[cls.fragment]} ({repair.line}-жол)", f"{_EN_NAME[cls.fragment]} (line {repair.line})")


def _defect(g: Graph, d: URIRef, cls: URIRef, seg: URIRef, severity: URIRef, source: URIRef, kk: str, en: str,
            label_kk: str, label_en: str) -> None:
    g.add((d, RDF.type, cls))
    g.add((d, RDFS.label, Literal(label_kk, lang="kk")))
    g.add((d, RDFS.label, Literal(label_en, lang="en")))
    g.add((d, KZJP.defectIn, seg))
    g.add((d, KZJP.severity, severity))
    g.add((d, KZJP.explanation, Literal(kk, lang="kk")))
    g.add((d, KZJP.explanation, Literal(en, lang="en")))
    g.add((d, PROV.wasDerivedFrom, source))


def _add_bibliography(g: Graph, segments: list[Segment], src: TextSource) -> None:
    ns, source = src.ns, src.iri
    heading = next((ns[s.local_name] for s in segments if s.is_heading), None)
    b = ns.bibliography
    g.add((b, RDF.type, KZJP.Bibliography))
    g.add((b, RDFS.label, Literal("Әдебиеттер тізімі", lang="kk")))
    g.add((b, RDFS.label, Literal("Bibliography", lang="en")))
    g.add((b, KZJP.entryCount, _int(0)))
    g.add((b, DCTERMS.isPartOf, source))
    if heading is not None:
        g.add((b, KZJP.statedIn, heading))
        _defect(g, ns["defect-empty-bibliography"], KZJP.EmptyBibliography, heading, SH.Warning, source,
                "«Әдебиеттер» тақырыбынан кейін бірде-бір жазба жоқ, сондықтан [1]–[7] белгілері ешқайда сілтемейді.",
                "The heading \"Әдебиеттер\" (References) is followed by no entry, so the markers [1]–[7] point "
                "nowhere.", "Бос әдебиеттер тізімі", "empty bibliography")
