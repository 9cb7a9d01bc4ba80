"""Write ``notebooks/data/federated-wikidata.json``: the federated example of notebook 5 and its answer.

Why a cache: the notebooks run offline (CI has no internet), yet the example must show real rows. The answer is
computed from ``graph/wikidata/snapshot.ttl`` — the Wikidata statements this graph uses, kept in Wikidata's own RDF
model — by running the query with its ``SERVICE <https://query.wikidata.org/sparql>`` block evaluated on the
snapshot's named graph instead (same pattern, same prefixes). The file says so; notebook 5 checks the cache still
agrees with the snapshot, and asks the live service instead when ``KZJP_LIVE_WIKIDATA=1``.

    .venv/bin/python scripts/federated_cache.py [--build-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kzjp_kg.viz.data import notebook_build, open_store, select  # noqa: E402

ENDPOINT = "https://query.wikidata.org/sparql"
SNAPSHOT = "https://w3id.org/kzjp-kg/graph/wikidata-snapshot"
OUT = ROOT / "notebooks" / "data" / "federated-wikidata.json"
QIDS = """PREFIX kzjp: <https://w3id.org/kzjp-kg/ontology#>
SELECT DISTINCT ?qid WHERE { ?p a kzjp:Person ; kzjp:wikidataId ?qid } ORDER BY ?qid"""


def federated_query(qids: list[str]) -> str:
    """Positions held (P39) with start and end, asked of Wikidata for the people our graph links to it."""
    values = " ".join(f"wd:{q}" for q in qids)
    return f"""PREFIX kzjp: <https://w3id.org/kzjp-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX p: <http://www.wikidata.org/prop/>
PREFIX ps: <http://www.wikidata.org/prop/statement/>
PREFIX pq: <http://www.wikidata.org/prop/qualifier/>
SELECT ?person ?name ?item ?position ?positionLabel ?start ?end WHERE {{
  ?person a kzjp:Person ; skos:exactMatch ?item ; rdfs:label ?name FILTER(LANG(?name) = "en")
  SERVICE <{ENDPOINT}> {{
    VALUES ?item {{ {values} }}
    ?item p:P39 ?statement . ?statement ps:P39 ?position .
    OPTIONAL {{ ?statement pq:P580 ?start }}
    OPTIONAL {{ ?statement pq:P582 ?end }}
    OPTIONAL {{ ?position rdfs:label ?positionLabel FILTER(LANG(?positionLabel) = "en") }}
  }}
}}
ORDER BY ?name ?start ?position"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", type=Path, default=None, help="a build to read (default: the notebooks' build)")
    args = parser.parse_args(argv)
    store = open_store(args.build_dir or notebook_build())
    if not any(g.value == SNAPSHOT for g in store.named_graphs()):
        print(f"the build has no <{SNAPSHOT}> graph: run `kzjp-kg link --snapshot` first", file=sys.stderr)
        return 2
    qids = [r["qid"] for r in select(store, QIDS)]
    query = federated_query(qids)
    local = query.replace(f"SERVICE <{ENDPOINT}>", f"GRAPH <{SNAPSHOT}>")
    res = store.query(local, use_default_graph_as_union=True)
    variables = [v.value for v in res.variables]
    bindings = []
    for sol in res:
        row = {}
        for v in variables:
            t = sol[v]
            if t is None:
                continue
            if hasattr(t, "datatype"):
                row[v] = {"type": "literal", "value": t.value, **({"xml:lang": t.language} if t.language else
                                                                     {"datatype": t.datatype.value})}
            else:
                row[v] = {"type": "uri", "value": t.value}
        bindings.append(row)
    header = (ROOT / "graph" / "wikidata" / "snapshot.ttl").read_text(encoding="utf-8")[:2000]
    when = re.search(r"on (\d{4}-\d\d-\d\dT[\d:]+Z)", header)
    doc = {
        "about": "The federated example of notebooks/05-wikidata.ipynb and its answer. The answer was computed "
                 "offline from graph/wikidata/snapshot.ttl (Wikidata statements in Wikidata's RDF model) by "
                 "evaluating the SERVICE block on the snapshot graph; it is not a live answer of the Wikidata query "
                 "service. Regenerate with scripts/federated_cache.py.",
        "endpoint": ENDPOINT,
        "retrieved": f"snapshot of {when.group(1) if when else 'unknown date'}",
        "query": query,
        "results": {"head": {"vars": variables}, "results": {"bindings": bindings}},
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(bindings)} rows for {len(qids)} people")
    return 0


if __name__ == "__main__":
    sys.exit(main())
