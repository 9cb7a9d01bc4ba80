"""Opening an RDF file and writing short names have one home (:mod:`kzjp_kg.terms`): these pin what it promises.

Why: six readers used to guess the syntax from the extension, one of them silently reading anything unknown as
Turtle; four places wrote ``prefix:local`` each their own way.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from kzjp_kg import config
from kzjp_kg.errors import InputError, KzjpError, RdfSyntaxError
from kzjp_kg.reason.fast import read_keys
from kzjp_kg.terms import open_rdf, rdf_format, short

GOOD = "@prefix kzr: <https://w3id.org/kzjp-kg/resource/> .\nkzr:a kzr:p kzr:b .\n"


def test_open_rdf_on_a_broken_file_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(GOOD + "kzr:c kzr:p \"unclosed .\n", encoding="utf-8")
    with pytest.raises(RdfSyntaxError) as err:
        open_rdf(bad)
    assert isinstance(err.value, KzjpError) and err.value.lineno == 3
    assert str(err.value).startswith(f"{bad}:3:") and "Fix the statement" in str(err.value)


@pytest.mark.parametrize("ext, fmt", [(".ttl", ox.RdfFormat.TURTLE), (".nt", ox.RdfFormat.N_TRIPLES),
                                      (".nq", ox.RdfFormat.N_QUADS), (".trig", ox.RdfFormat.TRIG)])
def test_the_extension_names_the_syntax(ext: str, fmt: ox.RdfFormat) -> None:
    assert rdf_format(Path("x" + ext)) is fmt


def test_open_rdf_reads_a_good_file(tmp_path: Path) -> None:
    good = tmp_path / "good.ttl"
    good.write_text(GOOD, encoding="utf-8")
    assert len(open_rdf(good)) == 1


@pytest.mark.parametrize("name", ["data.txt", "data.json", "data"])
def test_an_unknown_extension_is_an_error_not_turtle(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(GOOD, encoding="utf-8")
    with pytest.raises(InputError, match="unknown RDF file extension"):
        open_rdf(path)
    with pytest.raises(InputError, match="unknown RDF file extension"):  # the fast reasoner's reader used to guess
        read_keys([path])


def test_the_fast_reasoners_reader_reports_file_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.nt"
    bad.write_text("<http://a> <http://b> <http://c> .\n<http://a> <http://b> .\n", encoding="utf-8")
    with pytest.raises(RdfSyntaxError) as err:
        read_keys([bad])
    assert err.value.lineno == 2


def test_short_names_use_the_longest_namespace() -> None:
    assert short(config.KZR.nazarbayev) == "kzr:nazarbayev"
    assert short(str(config.KZS) + "s001") == "kzs:s001"
    assert short(ox.NamedNode(str(config.KZJP.Visit))) == "kzjp:Visit"
    assert short(URIRef("http://example.org/x")) == "http://example.org/x"
    assert short(Literal("x")) == "x"
    assert short(config.KZR.a, {"r": str(config.KZR)[:-1], "kzr": str(config.KZR)}) == "kzr:a"
