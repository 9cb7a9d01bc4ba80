"""Namespaces, paths and the one configurable IRI base.

Why one module: every step (load, validate, reason, store, web, link) must agree on IRIs and on where files
live. The Turtle files are written against the default base; a deployment under another base sets
``KZJP_BASE`` (or ``--base``) and :func:`kzjp_kg.load.rebase` rewrites IRIs at load time, so the data files
never need editing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from rdflib import Namespace

#: The IRI base the repository's Turtle files are written against (w3id-style, persistent).
DEFAULT_BASE = "https://w3id.org/kzjp-kg/"

#: Repository root (the folder holding ``pyproject.toml``).
ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Namespaces:
    """All project namespaces derived from one base: ontology terms and resources are kept apart."""

    base: str = DEFAULT_BASE

    @property
    def ontology_iri(self) -> str:
        return self.base + "ontology"

    @property
    def KZJP(self) -> Namespace:  # noqa: N802 - a namespace reads best in capitals
        """Ontology terms: classes and properties (``kzjp:Visit``)."""
        return Namespace(self.base + "ontology#")

    @property
    def KZR(self) -> Namespace:  # noqa: N802
        """Resources: people, states, events, documents (``kzr:nazarbayev``)."""
        return Namespace(self.base + "resource/")

    @property
    def KZS(self) -> Namespace:  # noqa: N802
        """The article and its sentences (``kzs:s001``)."""
        return Namespace(self.base + "source/article-kk/")

    @property
    def article(self) -> str:
        return self.base + "source/article-kk"

    @property
    def KZG(self) -> Namespace:  # noqa: N802
        """Named graphs, one per layer (``kzg:facts``)."""
        return Namespace(self.base + "graph/")


def base_from_env() -> str:
    """The IRI base in force: ``KZJP_BASE`` if set (must end with '/' or '#'), else the default."""
    base = os.environ.get("KZJP_BASE", DEFAULT_BASE)
    if not base.endswith(("/", "#")):
        raise ValueError(f"KZJP_BASE={base!r} must end with '/' or '#'. Set it to e.g. {DEFAULT_BASE!r}.")
    return base


NS = Namespaces()
KZJP = NS.KZJP
KZR = NS.KZR
KZS = NS.KZS
KZG = NS.KZG

#: Named graphs of the build, one per layer.
GRAPH_ONTOLOGY = KZG.ontology
GRAPH_SOURCE = KZG.source
GRAPH_FACTS = KZG.facts
GRAPH_WIKIDATA = KZG.wikidata
GRAPH_WIKIDATA_SNAPSHOT = KZG["wikidata-snapshot"]  # Wikidata's statements in Wikidata's own RDF model
GRAPH_WIKIDATA_SUPPLIED = KZG["wikidata-supplied"]  # what Wikidata supplies and the article leaves out
GRAPH_LINKS = KZG.links
GRAPH_INFERRED = KZG.inferred

#: Prefixes used when writing Turtle/TriG, so outputs stay readable.
PREFIXES: dict[str, str] = {
    "kzjp": str(KZJP),
    "kzr": str(KZR),
    "kzs": str(KZS),
    "kzg": str(KZG),
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "time": "http://www.w3.org/2006/time#",
    "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "sh": "http://www.w3.org/ns/shacl#",
    "wd": "http://www.wikidata.org/entity/",
    "wdt": "http://www.wikidata.org/prop/direct/",
}

# Repository paths (inputs). Outputs go under BUILD_DIR, which is git-ignored.
ONTOLOGY_DIR = ROOT / "ontology"
GRAPH_DIR = ROOT / "graph"
SOURCE_DIR = GRAPH_DIR / "source"
FACTS_DIR = GRAPH_DIR / "facts"
WIKIDATA_DIR = GRAPH_DIR / "wikidata"
SHAPES_DIR = ROOT / "shapes"
ARTICLE = SOURCE_DIR / "article-kk.txt"
BUILD_DIR = Path(os.environ.get("KZJP_BUILD_DIR", ROOT / "build"))
#: The shared folder beside the clone (conformance suites, Wikidata evidence). Read in place, never copied.
SHARED_DIR = Path(os.environ.get("KZJP_SHARED_DIR", ROOT.parent / "shared"))
