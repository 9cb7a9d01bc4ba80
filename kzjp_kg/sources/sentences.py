"""The article's sentences as RDF: one IRI per sentence, with text, offsets, lines, order and citation markers.

Why generated from the segmenter (and committed as ``graph/source/sentences.ttl``): facts cite sentences by IRI,
so the IRIs must be stable and reproducible from the unchanged article; a test regenerates the file and compares.
The file's breakage that the segmenter repairs, the citation markers that point into an empty bibliography and the
empty bibliography itself are recorded here as source defects, each on its segment, so they reach the quality
report from data rather than from a hard-coded list.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SH

from kzjp_kg import config
from kzjp_kg.config import KZJP, KZS
from kzjp_kg.sources.segment import Segment, segment

ARTICLE_IRI = URIRef(config.NS.article)

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
    """Build the source layer from the article file."""
    data = path.read_bytes()
    text = data.decode("utf-8")
    g = Graph()
    for prefix in ("kzjp", "kzs", "rdfs", "xsd", "dcterms", "prov", "sh"):
        g.bind(prefix, config.PREFIXES[prefix])
    a = ARTICLE_IRI
    g.add((a, RDF.type, KZJP.SourceText))
    g.add((a, RDFS.label, Literal("Қазақстан мен Жапонияның саяси қатынастары (мақала)", lang="kk")))
    g.add((a, RDFS.label, Literal("Kazakhstan–Japan political relations (the source article)", lang="en")))
    g.add((a, DCTERMS.language, Literal("kk")))
    g.add((a, DCTERMS.format, Literal("text/plain; charset=utf-8")))
    g.add((a, DCTERMS.extent, Literal(f"{len(data)} bytes, {text.count(chr(10)) + 1} lines")))
    g.add((a, KZJP.sha256, Literal(hashlib.sha256(data).hexdigest())))
    segments = segment(text)
    for seg in segments:
        _add_segment(g, seg)
    _add_bibliography(g, segments)
    return g


def _add_segment(g: Graph, seg: Segment) -> None:
    s = KZS[seg.local_name]
    g.add((s, RDF.type, KZJP.Heading if seg.is_heading else KZJP.Sentence))
    if seg.is_heading:
        g.add((s, RDFS.label, Literal("Әдебиеттер тізімінің тақырыбы", lang="kk")))
        g.add((s, RDFS.label, Literal("Bibliography heading", lang="en")))
    else:
        g.add((s, RDFS.label, Literal(f"Сөйлем {seg.order}", lang="kk")))
        g.add((s, RDFS.label, Literal(f"Sentence {seg.order}", lang="en")))
    g.add((s, KZJP.text, Literal(seg.text, lang="kk")))
    g.add((s, KZJP.startOffset, _int(seg.start)))
    g.add((s, KZJP.endOffset, _int(seg.end)))
    g.add((s, KZJP.line, _int(seg.line, XSD.positiveInteger)))
    g.add((s, KZJP.endLine, _int(seg.end_line, XSD.positiveInteger)))
    g.add((s, KZJP.order, _int(seg.order, XSD.positiveInteger)))
    g.add((s, KZJP.inSource, ARTICLE_IRI))
    for cite in seg.citations:
        c, ref = KZS[f"citation-{cite.number}"], KZS[f"reference-{cite.number}"]
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
        d = KZS[f"defect-unresolved-citation-{cite.number}"]
        _defect(g, d, KZJP.UnresolvedCitation, s, SH.Warning,
                f"[{cite.number}] белгісі бос әдебиеттер тізіміне сілтейді: дереккөзі белгісіз.",
                f"The marker [{cite.number}] points into the empty bibliography: its source is unknown.",
                f"Шешілмеген сілтеме [{cite.number}]", f"unresolved citation [{cite.number}]")
    for repair in seg.repairs:
        cls, slug, kk, en = _REPAIR_DEFECT[repair.kind]
        d = KZS[f"defect-{slug}-{repair.offset}"]
        _defect(g, d, cls, s, SH.Info, kk, f"{en} (line {repair.line}).",
                f"{_KK_NAME[cls.fragment]} ({repair.line}-жол)", f"{_EN_NAME[cls.fragment]} (line {repair.line})")


def _defect(g: Graph, d: URIRef, cls: URIRef, seg: URIRef, severity: URIRef, kk: str, en: str,
            label_kk: str, label_en: str) -> None:
    g.add((d, RDF.type, cls))
    g.add((d, RDFS.label, Literal(label_kk, lang="kk")))
    g.add((d, RDFS.label, Literal(label_en, lang="en")))
    g.add((d, KZJP.defectIn, seg))
    g.add((d, KZJP.severity, severity))
    g.add((d, KZJP.explanation, Literal(kk, lang="kk")))
    g.add((d, KZJP.explanation, Literal(en, lang="en")))
    g.add((d, PROV.wasDerivedFrom, ARTICLE_IRI))


def _add_bibliography(g: Graph, segments: list[Segment]) -> None:
    heading = next((KZS[s.local_name] for s in segments if s.is_heading), None)
    b = KZS.bibliography
    g.add((b, RDF.type, KZJP.Bibliography))
    g.add((b, RDFS.label, Literal("Әдебиеттер тізімі", lang="kk")))
    g.add((b, RDFS.label, Literal("Bibliography", lang="en")))
    g.add((b, KZJP.entryCount, _int(0)))
    g.add((b, DCTERMS.isPartOf, ARTICLE_IRI))
    if heading is not None:
        g.add((b, KZJP.statedIn, heading))
        _defect(g, KZS["defect-empty-bibliography"], KZJP.EmptyBibliography, heading, SH.Warning,
                "«Әдебиеттер» тақырыбынан кейін бірде-бір жазба жоқ, сондықтан [1]–[7] белгілері ешқайда сілтемейді.",
                "The heading \"Әдебиеттер\" (References) is followed by no entry, so the markers [1]–[7] point "
                "nowhere.", "Бос әдебиеттер тізімі", "empty bibliography")
