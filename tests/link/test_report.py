"""``kzjp-kg link --report``: the coverage figure and a reason for every unlinked entity."""

from __future__ import annotations

import re

import pytest

from kzjp_kg.cli import main
from kzjp_kg.link.cli import _entities
from kzjp_kg.link.reference import qid_rows


def test_coverage_is_linked_over_linkable_with_a_reason_for_each_unlinked(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["link", "--report"]) == 0
    out = capsys.readouterr().out
    m = re.search(r"linked: (\d+) / (\d+) linkable entities of the graph \((\d+)%\)", out)
    assert m, out
    ents = _entities()
    rows = [r for r in qid_rows() if r.iri in ents]
    linked = [r for r in rows if r.verified]
    assert (int(m.group(1)), int(m.group(2))) == (len(linked), len(rows))
    unlinked = re.findall(r"^  unlinked (\S+): (.+)$", out, flags=re.M)
    assert len(unlinked) == len(rows) - len(linked) and all(len(reason) > 10 for _, reason in unlinked)
    assert ("kanehara" in dict(unlinked)) and "caucasus" in dict(unlinked)


def test_unlinked_reasons_are_for_readers_not_curators_notes() -> None:
    """The graph says why an entity has no QID in plain words (en and kk); the curators' working notes (file names,
    commit hashes, search trails) stay in ../shared/wikidata."""
    import re

    from rdflib import Graph

    from kzjp_kg import config

    g = Graph().parse(config.WIKIDATA_DIR / "links.ttl")
    reasons = list(g.objects(None, config.KZJP.unlinkedReason))
    assert reasons and {r.language for r in reasons} == {"en", "kk"}
    internal = re.compile(r"github:|@[0-9a-f]{7}|\.(md|csv|json|tsv)\b|https?://|SpocWiki|ROR", re.I)
    assert not [str(r) for r in reasons if internal.search(str(r))]
