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
