"""The timeline is drawn from its SPARQL query: one mark per dated row, and it follows changes to the graph."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pyoxigraph as ox

from kzjp_kg.viz.data import select
from kzjp_kg.viz.timeline import (
    LANE_Y,
    draw_timeline,
    marks_on,
    periods_query,
    timeline_query,
    timeline_rows,
    year_position,
)

KZJP = "https://w3id.org/kzjp-kg/ontology#"
KZR = "https://w3id.org/kzjp-kg/resource/"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SVG = "{http://www.w3.org/2000/svg}"


def svg_marks(fig) -> int:  # type: ignore[no-untyped-def]
    """Markers in the saved SVG's mark groups (matplotlib writes one <use> per scatter point)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="svg")
    root = ET.fromstring(buf.getvalue())
    return sum(len(list(g.iter(SVG + "use"))) for g in root.iter(SVG + "g") if g.get("id", "").startswith("marks-"))


def test_marks_equal_the_dated_rows_of_the_query(store: ox.Store) -> None:
    rows, periods = timeline_rows(store)
    # Independently of the picture's query: the graph's dated visits alone are all in the rows.
    visits = select(store, f"SELECT DISTINCT ?v WHERE {{ ?v a <{KZJP}Visit> . "
                           f"{{ ?v <{KZJP}startDate> ?d }} UNION {{ ?v <{KZJP}yearMonth> ?d }} UNION "
                           f"{{ ?v <{KZJP}year> ?d }} }}")
    assert visits and {v["v"] for v in visits} <= {r["item"] for r in rows if r["kind"] == "visit"}
    dated = [r for r in rows if r["when"]]
    assert len(dated) == len(rows) > 10
    fig, marks = draw_timeline(rows, periods)
    assert marks == len(dated) == marks_on(fig) == svg_marks(fig)
    assert len(periods) == 3 and [p["startYear"] for p in periods] == ["1991", "1997", "2001"]
    # every lane the rows name is a lane drawn
    assert {r["direction"] for r in rows} <= set(LANE_Y)


def test_a_new_dated_visit_adds_one_mark_and_an_undated_one_none(store: ox.Store) -> None:
    rows, periods = timeline_rows(store)
    _, before = draw_timeline(rows, periods)
    visit = ox.NamedNode(KZR + "visit-2015-10-abe-kazakhstan")
    g = ox.NamedNode("https://w3id.org/kzjp-kg/graph/facts")
    store.extend([
        ox.Quad(visit, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(KZJP + "Visit"), g),
        ox.Quad(visit, ox.NamedNode(KZJP + "startDate"), ox.Literal("2015-10-26", datatype=ox.NamedNode(XSD + "date")), g),
        ox.Quad(visit, ox.NamedNode(KZJP + "visitingState"), ox.NamedNode(KZR + "japan"), g),
        ox.Quad(visit, ox.NamedNode(RDFS + "label"), ox.Literal("Abe's visit to Kazakhstan (2015)", language="en"), g),
    ])
    undated = ox.NamedNode(KZR + "visit-undated")
    store.add(ox.Quad(undated, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                      ox.NamedNode(KZJP + "Visit"), g))
    rows2, periods2 = timeline_rows(store)
    assert len(rows2) == len(rows) + 1
    new = next(r for r in rows2 if r["item"] == visit.value)
    assert new["when"] == "2015-10-26" and new["direction"] == "jp-kz" and new["kind"] == "visit"
    fig, after = draw_timeline(rows2, periods2)
    assert after == before + 1 == svg_marks(fig)
    # the new mark sits on the Japan → Kazakhstan lane at its date
    coll = next(c for c in fig.axes[0].collections if c.get_gid() == "marks-visit-day")
    assert any(abs(x - year_position("2015-10-26")) < 1e-6 and y == LANE_Y["jp-kz"] for x, y in coll.get_offsets())


def test_the_queries_are_files_the_pictures_run() -> None:
    assert "kzjp:Visit" in timeline_query() and "kzjp:Period" in periods_query()


def test_year_position() -> None:
    assert year_position("2000") == 2000.5
    assert 1994.25 < year_position("1994-04") < 1994.34
    assert 1991.98 < year_position("1991-12-28") < 1992
