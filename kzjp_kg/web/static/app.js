// The fallback query UI, used when YASGUI is not bundled (no node/npm at setup): a plain text area; runs the query
// through /sparql, then shows a table, a timeline (dated rows) or a graph (CONSTRUCT). /?query=… runs at load;
// Ctrl+Enter runs; Tab leaves the text area as in any form.
"use strict";
(function () {
  const area = document.getElementById("query");
  const getQuery = () => area.value;
  const setQuery = (q) => (area.value = q);
  const out = document.getElementById("results");
  const status = document.getElementById("status");
  let last = null;
  // the site's own words in the page's language (kzjp_kg/web/messages/*.json, keys js.*), {name} fields filled
  const messages = JSON.parse((document.getElementById("kz-messages") || { textContent: "{}" }).textContent);
  const tr = (key, values) => String(messages[key] || key).replace(/\{(\w+)\}/g, (m, k) => (values && k in values ? values[k] : m));

  document.querySelectorAll("button.example").forEach((b) => b.addEventListener("click", () => {
    setQuery(document.getElementById("q-" + b.dataset.name).value);
    run();
  }));
  document.getElementById("query-form").addEventListener("submit", (ev) => { ev.preventDefault(); run(); });
  document.querySelectorAll("#views button").forEach((b) => b.addEventListener("click", () => show(b.dataset.view)));
  area.addEventListener("keydown", (ev) => { if ((ev.ctrlKey || ev.metaKey) && ev.key === "Enter") { ev.preventDefault(); run(); } });
  const asked = new URLSearchParams(location.search);
  if (asked.get("inference") === "none") document.getElementById("asserted").checked = true;
  if (asked.has("query")) { setQuery(asked.get("query")); run(); }

  function text(el, s) { el.textContent = s; return el; }
  function termText(t) { return t ? t.value : ""; }

  async function run() {
    const body = new URLSearchParams({ query: getQuery() });
    if (document.getElementById("asserted").checked) body.set("inference", "none");
    const share = new URLSearchParams(body);
    if (asked.get("editor") === "plain") share.set("editor", "plain");
    history.replaceState(null, "", "/?" + share.toString());
    showDownloads(body);
    status.textContent = tr("js.running");
    const t0 = performance.now();
    const resp = await fetch("/sparql", { method: "POST", body,
      headers: { Accept: "application/sparql-results+json, application/n-triples;q=0.9" } });
    const ms = Math.round(performance.now() - t0);
    if (!resp.ok) { status.textContent = ""; out.innerHTML = ""; out.appendChild(text(document.createElement("pre"), await resp.text())).className = "error"; return; }
    const type = resp.headers.get("Content-Type") || "";
    const trunc = resp.headers.get("KZJP-Result-Truncated") ? " " + tr("js.truncated") : "";
    if (type.includes("json")) {
      const data = await resp.json();
      last = "boolean" in data ? { kind: "ask", value: data.boolean } : { kind: "select", vars: data.head.vars, rows: data.results.bindings };
    } else {
      last = { kind: "graph", triples: parseNT(await resp.text()) };
    }
    status.textContent = (last.rows ? tr("js.rows_in", { n: last.rows.length, ms }) : last.triples ? tr("js.triples_in", { n: last.triples.length, ms }) : tr("js.done_in", { ms })) + trunc;
    show(last.kind === "graph" ? "graph" : "table");
  }

  function showDownloads(body) {
    const box = document.getElementById("downloads");
    box.textContent = tr("js.download") + " ";
    [["csv", "CSV"], ["tsv", "TSV"], ["json", "JSON"], ["turtle", tr("js.turtle_graphs")]].forEach(([fmt, label], i) => {
      const p = new URLSearchParams(body); p.set("format", fmt);
      const a = document.createElement("a"); a.href = "/sparql?" + p.toString(); a.download = "kzjp-kg-results." + fmt;
      a.textContent = label; a.className = "download download-" + fmt;
      if (i) box.appendChild(document.createTextNode(" · "));
      box.appendChild(a);
    });
  }

  function parseNT(s) {
    const term = "(<[^>]*>|_:\\S+|\"(?:[^\"\\\\]|\\\\.)*\"(?:@[\\w-]+|\\^\\^<[^>]*>)?)";
    const re = new RegExp("^" + term + "\\s+" + term + "\\s+" + term + "\\s*\\.\\s*$");
    return s.split("\n").map((l) => l.match(re)).filter(Boolean).map((m) => m.slice(1, 4));
  }

  function hasDates() { return last && last.kind === "select" && dateVar() !== null; }
  function dateVar() {
    for (const v of last.vars) {
      if (last.rows.some((r) => r[v] && /XMLSchema#(date|gYear|gYearMonth|dateTime)$/.test(r[v].datatype || ""))) return v;
    }
    return null;
  }

  function show(view) {
    out.innerHTML = "";
    if (!last) return;
    if (last.kind === "ask") { out.appendChild(text(document.createElement("p"), "ASK: " + last.value)); return; }
    if (view === "timeline" && last.kind === "select") return timeline();
    if (view === "graph" || last.kind === "graph") return graph();
    const table = document.createElement("table"); table.className = "results";
    const head = table.createTHead().insertRow();
    last.vars.forEach((v) => head.appendChild(text(document.createElement("th"), v)));
    const tb = table.createTBody();
    last.rows.forEach((r) => {
      const tr = tb.insertRow();
      last.vars.forEach((v) => {
        const td = tr.insertCell(); const t = r[v];
        if (t && t.type === "uri") { const a = document.createElement("a"); a.href = t.value.replace(/^https:\/\/w3id\.org\/kzjp-kg\//, "/page/"); a.textContent = t.value; td.appendChild(a); }
        else text(td, termText(t));
      });
    });
    out.appendChild(table);
  }

  function timeline() {
    const v = dateVar();
    if (!v) { out.appendChild(text(document.createElement("p"), tr("js.no_dated"))); return; }
    const rows = last.rows.filter((r) => r[v]).map((r) => ({ d: new Date(r[v].value.length === 4 ? r[v].value + "-01-01" : r[v].value.length === 7 ? r[v].value + "-01" : r[v].value), r }))
      .filter((x) => !isNaN(x.d)).sort((a, b) => a.d - b.d);
    if (!rows.length) return;
    const min = rows[0].d.getTime(), max = rows[rows.length - 1].d.getTime() || min + 1, W = 900, H = 24 * rows.length + 40;
    const label = last.vars.find((x) => x !== v && rows.some((y) => y.r[x] && y.r[x].type === "literal")) || last.vars[0];
    let svg = `<svg class="timeline" width="${W}" height="${H}" xmlns="http://www.w3.org/2000/svg">`;
    rows.forEach((x, i) => {
      const px = 20 + (W - 340) * ((x.d.getTime() - min) / Math.max(1, max - min)), y = 30 + 24 * i;
      const l = (termText(x.r[label]) || "").replace(/[<&]/g, (c) => ({ "<": "&lt;", "&": "&amp;" }[c]));
      svg += `<circle cx="${px}" cy="${y}" r="5" fill="#0b5394"/><text x="${px + 10}" y="${y + 4}" font-size="12">${x.r[v].value} ${l}</text>`;
    });
    out.innerHTML = `<div class="timeline">${svg}</svg></div>`;
  }

  function graph() {
    const triples = last.kind === "graph" ? last.triples : last.rows.flatMap((r) => last.vars.length >= 3 ? [[r[last.vars[0]], r[last.vars[1]], r[last.vars[2]]].map((t) => t ? (t.type === "uri" ? "<" + t.value + ">" : '"' + t.value + '"') : '""')] : []);
    const labels = {}; const edges = [];
    triples.forEach(([s, p, o]) => {
      if (p.endsWith("rdf-schema#label>")) { labels[s] = o.replace(/^"|"(@.*|\^\^.*)?$/g, ""); return; }
      if (o.startsWith("<") || o.startsWith("_:")) edges.push([s, p, o]);
    });
    const nodes = [...new Set(edges.flatMap((e) => [e[0], e[2]]))];
    const W = 900, H = 600, R = 250, pos = {};
    nodes.forEach((n, i) => { const a = 2 * Math.PI * i / Math.max(1, nodes.length); pos[n] = [W / 2 + R * Math.cos(a), H / 2 + R * Math.sin(a)]; });
    const esc = (s) => s.replace(/[<&>]/g, (c) => ({ "<": "&lt;", "&": "&amp;", ">": "&gt;" }[c]));
    const short = (n) => esc(labels[n] || n.replace(/^<.*[\/#]|>$/g, ""));
    let svg = `<svg class="graph" width="${W}" height="${H}" xmlns="http://www.w3.org/2000/svg">`;
    edges.forEach(([s, p, o]) => { const [x1, y1] = pos[s], [x2, y2] = pos[o]; svg += `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#999"><title>${esc(p)}</title></line>`; });
    nodes.forEach((n) => { const [x, y] = pos[n]; svg += `<circle cx="${x}" cy="${y}" r="6" fill="#0b5394"/><text x="${x + 8}" y="${y + 4}" font-size="11">${short(n)}</text>`; });
    out.innerHTML = `<div class="graph">${svg}</svg><p>${esc(tr("js.graph_counts", { nodes: nodes.length, edges: edges.length }))}</p></div>`;
  }
})();
