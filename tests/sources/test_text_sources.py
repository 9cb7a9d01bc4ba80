"""A second text source is added by dropping its text and its facts in: no code change, its own sentences and
references."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox

from kzjp_kg import config

NOTE = "Жапония елшілігі 2005 жылы Астанаға көшті. Бұл екі ел арасындағы байланыстың жаңа кезеңін көрсетті.\n"
BASE = "https://w3id.org/kzjp-kg/source/note-kk"


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kzjp_kg.cli", *args], capture_output=True, text=True, timeout=600)


def test_a_second_text_source_needs_no_code_change(tmp_path: Path) -> None:
    for name in ("ontology", "graph"):
        shutil.copytree(config.ROOT / name, tmp_path / name)
    source = tmp_path / "graph" / "source"
    (source / "note-kk.txt").write_text(NOTE, encoding="utf-8")
    (source / "note-kk.meta.json").write_text(json.dumps({"language": "kk", "title": {
        "kk": "Елшілік туралы жазба", "en": "A note on the embassy"}}), encoding="utf-8")
    proc = _cli("segment", "--folder", str(source))
    assert proc.returncode == 0 and "note-kk.sentences.ttl" in proc.stdout, proc.stderr
    (tmp_path / "graph" / "facts" / "zz-note.ttl").write_text(f"""# fixture: facts of the second text source
@prefix kzjp: <https://w3id.org/kzjp-kg/ontology#> .
@prefix kzr: <https://w3id.org/kzjp-kg/resource/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix note: <{BASE}/> .

kzr:embassy-move-2005 a kzjp:Event ;
    rdfs:label "Жапония елшілігінің Астанаға көшуі"@kk, "Japan's embassy moves to Astana"@en ;
    kzjp:locatedIn kzr:astana ;
    kzjp:statedIn note:s001 .

note:s002 kzjp:statesNoFact "Жазба авторының бағасы, дерек емес."@kk, "The note author's judgement, not a fact."@en .
""", encoding="utf-8")
    with (tmp_path / "graph" / "facts" / "references.tsv").open("a", encoding="utf-8") as fh:
        fh.write(f"kzr:embassy-move-2005\tkzjp:locatedIn\tkzr:astana\t<{BASE}/s001>\t\t\t\n")
    out = tmp_path / "build"
    proc = _cli("build", "--root", str(tmp_path), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    store = ox.Store()
    store.bulk_load(path=str(out / "dumps" / "kzjp-kg.nq"), format=ox.RdfFormat.N_QUADS)
    rows = list(store.query("""PREFIX kzjp: <https://w3id.org/kzjp-kg/ontology#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?sentence ?text ?source WHERE {
          ?st rdf:subject <https://w3id.org/kzjp-kg/resource/embassy-move-2005> ;
              rdf:predicate kzjp:locatedIn ; prov:wasDerivedFrom ?sentence .
          ?sentence kzjp:text ?text ; kzjp:inSource ?source }""", use_default_graph_as_union=True))
    assert len(rows) == 1
    assert rows[0]["sentence"].value == f"{BASE}/s001" and rows[0]["source"].value == BASE
    assert rows[0]["text"].value.startswith("Жапония елшілігі 2005") and rows[0]["text"].language == "kk"
    titles = {r["t"].value for r in store.query(f"SELECT ?t WHERE {{ <{BASE}> <http://www.w3.org/2000/01/rdf-schema#label> ?t }}",
                                                use_default_graph_as_union=True)}
    assert titles >= {"Елшілік туралы жазба", "A note on the embassy"}  # and the kk-Latn twin
