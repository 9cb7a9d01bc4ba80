"""Kazakh Cyrillic → Kazakh Latin (2021 alphabet) on the article's names."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from kzjp_kg.sources.translit import latin_labels, to_latin


@pytest.mark.parametrize(("kk", "latin"), [
    ("Нұрсұлтан Назарбаев", "Nūrsūltan Nazarbaev"),
    ("Қазақстан", "Qazaqstan"),
    ("Жапония", "Japoniia"),
    ("Рютаро Хасимото", "Riutaro Hasimoto"),
    ("Кейдзо Обучи", "Keidzo Obuchi"),
    ("Таро Асо", "Taro Aso"),
    ("Йохей Коно", "İohei Kono"),
    ("Нобукацу Канехара", "Nobukatsu Kanehara"),
    ("Нұрлан Ермекбаев", "Nūrlan Ermekbaev"),
    ("Орталық Азия", "Ortalyq Aziia"),
    ("Еуразиялық дипломатия", "Euraziialyq diplomatiia"),
    ("«Кэйдзай Доюкай»", "«Keidzai Doiukai»"),
    ("Өкілдер палатасы", "Ökılder palatasy"),
    ("Ғылым, Үкімет, Һ, Ң", "Ğylym, Ükımet, H, Ñ"),
    ("Іссапар", "Issapar"),
    ("ЦК", "TSK"),
])
def test_names_of_the_article(kk: str, latin: str) -> None:
    assert to_latin(kk) == latin


def test_full_sentence_and_idempotence_on_latin() -> None:
    s = "Қазақстан мен Жапония арасындағы саяси диалог 1991 жылы басталды."
    out = to_latin(s)
    assert out == "Qazaqstan men Japoniia arasyndağy saiasi dialog 1991 jyly bastaldy."
    assert to_latin(out) == out


def test_latin_labels_twin_every_kazakh_label_only() -> None:
    g = Graph()
    x = URIRef("https://w3id.org/kzjp-kg/resource/x")
    g.add((x, RDFS.label, Literal("Астана", lang="kk")))
    g.add((x, RDFS.label, Literal("Astana", lang="en")))
    extra = latin_labels(g)
    assert set(extra) == {(x, RDFS.label, Literal("Astana", lang="kk-Latn"))}
