// The query UI: YASGUI (bundled from npm, served by us) set up so that the page asks no other host.
// - completion of classes and properties from /ui/terms.json (our ontology), never Linked Open Vocabularies;
//   prefixes from the project's own list;
// - the examples (queries/*.rq) open as tabs; /?query=… opens a tab and runs it; the address bar follows the query;
// - the "asserted only" toggle sends inference=none; downloads are /sparql?format=… links (same host);
// - IRIs in the result table show as prefixed names with their rdfs:label in the page's language (kk, then en),
//   looked up in batches on /sparql;
// - Tab and Shift+Tab leave the editor (WCAG 2.1.2), the editor has an accessible name, server errors are marked
//   at their line and column.
"use strict";
(function () {
  const cfg = JSON.parse(document.getElementById("kz-config").textContent);
  // the site's own words in the page's language (kzjp_kg/web/messages/*.json, keys js.*), {name} fields filled
  const messages = JSON.parse((document.getElementById("kz-messages") || { textContent: "{}" }).textContent);
  const tr = (key, values) => String(messages[key] || key).replace(/\{(\w+)\}/g, (m, k) => (values && k in values ? values[k] : m));
  const Yasgui = window.Yasgui;
  if (!Yasgui) return;
  const Yasqe = Yasgui.Yasqe, Yasr = Yasgui.Yasr;
  const endpoint = new URL(cfg.endpoint, location.href).href;
  const asserted = document.getElementById("asserted");
  const downloads = document.getElementById("downloads");
  const langs = [...new Set([cfg.lang.toLowerCase(), cfg.lang.toLowerCase().split("-")[0], "kk", "en"])];
  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));

  function pickLabel(labels) {
    const lower = {};
    for (const k in labels) lower[k.toLowerCase()] = labels[k];
    for (const l of langs) if (l in lower) return lower[l];
    const any = Object.keys(labels);
    return any.length ? labels[any[0]] : null;
  }

  function shortName(iri, prefixes) {
    let best = null;
    for (const p in prefixes) {
      const ns = prefixes[p];
      if (ns && iri.startsWith(ns) && iri.length > ns.length && (!best || ns.length > best[1].length)) best = [p, ns];
    }
    return best ? best[0] + ":" + iri.slice(best[1].length) : null;
  }

  // ---- completion: the ontology's terms, served by this host ---------------------------------------------------
  let terms = { classes: [], properties: [] };
  const termsReady = fetch(cfg.terms, { headers: { Accept: "application/json" } })
    .then((r) => (r.ok ? r.json() : terms)).then((t) => { terms = t; return t; }).catch(() => terms);
  const termByIri = () => {
    const m = {};
    for (const t of [...terms.classes, ...terms.properties]) m[t.iri] = t;
    return m;
  };

  function expand(text, yasqe) {
    const m = /^([\w-]*):(.*)$/.exec(text);
    if (!m) return null;
    const declared = yasqe.getPrefixesFromQuery();
    const ns = declared[m[1]] || cfg.prefixes[m[1]];
    return ns ? ns + m[2] : null;
  }

  function localCompleter(base, group) {
    return {
      ...Yasqe.Autocompleters[base],
      name: base,
      bulk: false,
      autoShow: true,
      persistenceId: null,
      get: (yasqe, token) => termsReady.then(() => {
        const raw = ((token && token.string) || "").trim().replace(/^</, "").replace(/>$/, "");
        const full = (expand(raw, yasqe) || raw).toLowerCase();
        const word = raw.includes(":") && !raw.startsWith("http") ? raw.split(":").slice(1).join(":").toLowerCase() : raw.toLowerCase();
        return terms[group].filter((t) => {
          if (!raw) return true;
          if (t.iri.toLowerCase().startsWith(full)) return true;
          if (word.length < 2) return false;
          if (raw.includes(":") && expand(raw, yasqe) && !t.iri.startsWith(expand(raw.split(":")[0] + ":", yasqe))) return false;
          return t.name.toLowerCase().includes(word) || Object.values(t.labels).some((l) => l.toLowerCase().includes(word));
        }).map((t) => t.iri);
      }),
      preProcessToken: (yasqe, token) => token,
      postProcessSuggestion: (yasqe, token, iri) => {
        const declared = yasqe.getPrefixesFromQuery();
        const inQuery = shortName(iri, declared);
        if (inQuery) return inQuery;
        const ours = shortName(iri, cfg.prefixes);
        if (ours) {
          const p = ours.split(":")[0];
          yasqe.addPrefixes({ [p]: cfg.prefixes[p] });
          return ours;
        }
        return "<" + iri + ">";
      },
      postprocessHints: (yasqe, hints) => {
        const byIri = termByIri();
        return hints.map((h) => {
          const iri = h.text.startsWith("<") ? h.text.slice(1, -1) : expand(h.text, yasqe);
          const t = iri && byIri[iri];
          const label = t && pickLabel(t.labels);
          return label ? { ...h, displayText: h.text + " — " + label } : h;
        });
      },
    };
  }
  Yasqe.registerAutocompleter(localCompleter("class", "classes"));
  Yasqe.registerAutocompleter(localCompleter("property", "properties"));
  Yasqe.registerAutocompleter({
    ...Yasqe.Autocompleters.prefixes,
    persistenceId: null,
    get: Object.keys(cfg.prefixes).sort().map((p) => `${p}: <${cfg.prefixes[p]}>`),
  });

  // ---- labels in the result table ------------------------------------------------------------------------------
  const labelCache = new Map(); // iri -> label or null
  const LABEL_BATCH = Math.max(1, Math.min(150, Math.floor((cfg.rowCap || 150) / 3)));
  const MAX_LABELLED = 1500;
  const RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label";

  const pending = new Map(); // iri -> the lookup under way (draws that overlap wait for the same one)
  async function fetchLabels(iris) {
    const wanted = [...new Set(iris)].filter((i) => !/[<>"{}|^`\\\s]/.test(i)).slice(0, MAX_LABELLED);
    const todo = wanted.filter((i) => !labelCache.has(i) && !pending.has(i));
    const want = langs.map((l) => JSON.stringify(l)).join(", ");
    for (let i = 0; i < todo.length; i += LABEL_BATCH) {
      const batch = todo.slice(i, i + LABEL_BATCH);
      const q = `SELECT ?s ?l WHERE { VALUES ?s { ${batch.map((x) => "<" + x + ">").join(" ")} } ` +
        `?s <${RDFS_LABEL}> ?l FILTER(LCASE(LANG(?l)) IN (${want})) }`;
      const lookup = (async () => {
        const found = {};
        try {
          const resp = await fetch(endpoint, { method: "POST", body: new URLSearchParams({ query: q }),
            headers: { Accept: "application/sparql-results+json" } });
          if (resp.ok) {
            for (const b of (await resp.json()).results.bindings) {
              (found[b.s.value] = found[b.s.value] || {})[b.l["xml:lang"] || ""] = b.l.value;
            }
          }
        } catch (e) { /* labels are a nicety: the table is drawn without them */ }
        batch.forEach((x) => labelCache.set(x, found[x] ? pickLabel(found[x]) : null));
      })();
      batch.forEach((x) => pending.set(x, lookup));
    }
    await Promise.all([...new Set(wanted.map((i) => pending.get(i)).filter(Boolean))]);
  }

  function localHref(iri) {
    return iri.startsWith(cfg.base) ? "/page/" + iri.slice(cfg.base.length) : iri;
  }

  const Table = Yasr.plugins.table;
  class LabelledTable extends Table {
    async draw(config) {
      const bindings = (this.yasr.results && this.yasr.results.getBindings()) || [];
      const iris = [];
      for (const row of bindings) for (const v in row) if (row[v] && row[v].type === "uri") iris.push(row[v].value);
      await fetchLabels(iris);
      return super.draw(config);
    }
    getUriLinkFromBinding(binding, prefixes) {
      const iri = binding.value;
      const name = shortName(iri, { ...cfg.prefixes, ...(prefixes || {}) });
      const label = labelCache.get(iri);
      const link = `<a class="iri" href="${esc(localHref(iri))}" title="${esc(iri)}">${esc(name || "<" + iri + ">")}</a>`;
      return label ? `${link} <span class="kz-label" lang="${esc(cfg.lang)}">${esc(label)}</span>` : link;
    }
  }
  Yasr.registerPlugin("table", LabelledTable);

  // ---- two more views: a timeline of dated rows (SELECT) and a drawing of a graph (CONSTRUCT, DESCRIBE) ----------
  const SVG = "http://www.w3.org/2000/svg";
  function icon(path) {
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 16 16"); svg.setAttribute("aria-hidden", "true");
    svg.innerHTML = `<path d="${path}" fill="currentColor"/>`;
    const span = document.createElement("span"); span.className = "svgImg"; span.appendChild(svg);
    return span;
  }
  const svgDownload = (view, name) => (view.svg ? { getData: () => view.svg, contentType: "image/svg+xml",
    filename: `kzjp-kg-${name}.svg`, title: tr("js.download_svg") } : undefined);
  const DATED = /XMLSchema#(date|dateTime|gYear|gYearMonth)$/;
  function termLabel(t) {
    if (!t) return "";
    if (t.type === "uri") return labelCache.get(t.value) || shortName(t.value, cfg.prefixes) || t.value;
    return t.value;
  }
  class Timeline {
    constructor(yasr) { this.yasr = yasr; this.priority = 5; this.label = tr("js.timeline"); this.hideFromSelection = false; }
    dateVar() {
      const r = this.yasr.results;
      if (!r || !r.getVariables() || !r.getBindings()) return null;
      return r.getVariables().find((v) => r.getBindings().some((b) => b[v] && DATED.test(b[v].datatype || ""))) || null;
    }
    canHandleResults() { return this.dateVar() !== null; }
    download() { return svgDownload(this, "timeline"); }
    getIcon() { return icon("M1 8h14v1H1zM3 5h2v6H3zM8 4h2v8H8zM12 6h2v4h-2z"); }
    async draw() {
      const v = this.dateVar(), vars = this.yasr.results.getVariables();
      const rows = this.yasr.results.getBindings().filter((b) => b[v] && DATED.test(b[v].datatype || ""));
      const iris = []; rows.forEach((b) => vars.forEach((x) => b[x] && b[x].type === "uri" && iris.push(b[x].value)));
      await fetchLabels(iris);
      const when = (s) => new Date(s.length === 4 ? s + "-01-01" : s.length === 7 ? s + "-01" : s);
      const items = rows.map((b) => ({ d: when(b[v].value), b })).filter((x) => !isNaN(x.d)).sort((a, b) => a.d - b.d);
      const named = vars.find((x) => x !== v && items.some((i) => i.b[x] && i.b[x].type === "literal" && !i.b[x].datatype)) ||
        vars.find((x) => x !== v && items.some((i) => i.b[x] && i.b[x].type === "uri"));
      const W = 900, H = 26 * items.length + 30, min = items.length ? items[0].d.getTime() : 0,
        max = items.length ? items[items.length - 1].d.getTime() : 1;
      let svg = `<svg class="kz-timeline" xmlns="${SVG}" width="${W}" height="${H}" role="img" aria-label="${esc(tr("js.timeline_aria", { n: items.length }))}">`;
      items.forEach((x, i) => {
        const px = 20 + (W - 380) * ((x.d.getTime() - min) / Math.max(1, max - min)), y = 24 + 26 * i;
        svg += `<circle cx="${px}" cy="${y}" r="5" fill="#0b5394"/><text x="${px + 10}" y="${y + 4}" font-size="12">` +
          `${esc(x.b[v].value)} ${esc(termLabel(named && x.b[named]))}</text>`;
      });
      this.yasr.resultsEl.querySelectorAll(".kz-timeline-box, .kz-graph-box").forEach((e) => e.remove()); // a draw that overlapped
      const box = document.createElement("div"); box.className = "kz-timeline-box";
      box.innerHTML = svg + "</svg>";
      this.svg = svg + "</svg>";
      this.yasr.resultsEl.appendChild(box);
    }
  }
  class GraphView {
    constructor(yasr) { this.yasr = yasr; this.priority = 4; this.label = tr("js.graph"); this.hideFromSelection = false; }
    triples() {
      const r = this.yasr.results;
      const vars = r && r.getVariables();
      if (!vars || vars.join(" ") !== "subject predicate object") return null;
      return r.getBindings();
    }
    download() { return svgDownload(this, "graph"); }
    canHandleResults() { const t = this.triples(); return !!(t && t.some((b) => b.object && b.object.type !== "literal")); }
    getIcon() { return icon("M3 3a2 2 0 1 1 0 .1zM13 3a2 2 0 1 1 0 .1zM8 13a2 2 0 1 1 0 .1zM4 4l4 8 4-8-1-.5-3 6-3-6z"); }
    async draw() {
      const triples = this.triples();
      const iris = []; triples.forEach((b) => ["subject", "object"].forEach((x) => b[x].type === "uri" && iris.push(b[x].value)));
      await fetchLabels(iris);
      const edges = triples.filter((b) => b.object.type !== "literal");
      const nodes = [...new Set(edges.flatMap((b) => [b.subject.value, b.object.value]))];
      const byValue = {}; edges.forEach((b) => { byValue[b.subject.value] = b.subject; byValue[b.object.value] = b.object; });
      const W = 900, H = 600, R = 240, pos = {};
      nodes.forEach((n, i) => { const a = 2 * Math.PI * i / Math.max(1, nodes.length); pos[n] = [W / 2 + R * Math.cos(a), H / 2 + R * Math.sin(a)]; });
      let svg = `<svg class="kz-graph" xmlns="${SVG}" width="${W}" height="${H}" role="img" aria-label="${esc(tr("js.graph_aria", { nodes: nodes.length, edges: edges.length }))}">`;
      edges.forEach((b) => {
        const [x1, y1] = pos[b.subject.value], [x2, y2] = pos[b.object.value];
        svg += `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#888"><title>${esc(termLabel(b.predicate))}</title></line>` +
          `<text x="${(x1 + x2) / 2}" y="${(y1 + y2) / 2}" font-size="10" fill="#555">${esc(termLabel(b.predicate))}</text>`;
      });
      nodes.forEach((n) => {
        const [x, y] = pos[n];
        svg += `<circle cx="${x}" cy="${y}" r="6" fill="#0b5394"/><text x="${x + 8}" y="${y + 4}" font-size="11">${esc(termLabel(byValue[n]))}</text>`;
      });
      this.svg = svg + "</svg>";
      this.yasr.resultsEl.querySelectorAll(".kz-timeline-box, .kz-graph-box").forEach((e) => e.remove()); // a draw that overlapped
      const box = document.createElement("div"); box.className = "kz-graph-box";
      box.innerHTML = svg + `</svg><p>${esc(tr("js.graph_counts", { nodes: nodes.length, edges: edges.length }))}</p>`;
      this.yasr.resultsEl.appendChild(box);
    }
  }
  Yasr.registerPlugin("timeline", Timeline);
  Yasr.registerPlugin("graph", GraphView);

  // ---- YASGUI ----------------------------------------------------------------------------------------------------
  const argsNow = () => (asserted.checked ? [{ name: "inference", value: "none" }] : []);
  const yasqeConfig = {
    value: cfg.defaultQuery,
    autocompleters: ["prefixes", "variables", "property", "class"],
    screenReaderLabel: tr("js.editor"),
    editorHeight: "260px",
    extraKeys: { ...Yasqe.defaults.extraKeys, Tab: false, "Shift-Tab": false },
    prefixCcApi: null,
  };
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    autofocus: false,
    persistenceId: null,
    copyEndpointOnNewTab: true,
    tabName: tr("js.tab"),
    requestConfig: { endpoint, method: "POST", acceptHeaderGraph: "text/turtle", acceptHeaderSelect: "application/sparql-results+json", args: [] },
    endpointCatalogueOptions: { getData: () => [{ endpoint }], keys: [] },
    populateFromUrl: (tab) => {
      tab.requestConfig.endpoint = endpoint;
      tab.requestConfig.args = (tab.requestConfig.args || []).filter((a) => a.name === "inference");
      if (tab.requestConfig.args.length) asserted.checked = tab.requestConfig.args[0].value === "none";
      return tab;
    },
    yasqe: yasqeConfig,
    yasr: { prefixes: cfg.prefixes, defaultPlugin: "table", pluginOrder: ["table", "timeline", "graph", "response"] },
  });
  window.kzYasgui = yasgui;

  function eachTab(fn) { for (const id in yasgui._tabs) fn(yasgui._tabs[id]); }
  function setupTab(tab) {
    const yasqe = tab && tab.getYasqe();
    if (yasqe && !yasqe.kzReady) {
      yasqe.kzReady = true;
      const input = yasqe.getInputField();
      input.setAttribute("aria-label", tr("js.editor"));
      input.setAttribute("aria-describedby", "editor-help");
    }
  }
  eachTab(setupTab);
  yasgui.on("tabAdd", (_y, id) => setTimeout(() => setupTab(yasgui.getTab(id)), 0));
  yasgui.on("tabSelect", (_y, id) => setTimeout(() => { const t = yasgui.getTab(id); if (t) { setupTab(t); showDownloads(t); } }, 0));
  // the toggle is read when a query starts (YASGUI builds the request after "queryBefore")
  yasgui.on("queryBefore", (_y, tab) => tab.setRequestConfig({ endpoint, args: argsNow() }));

  // examples: a tab each (reused when open), run at once
  document.querySelectorAll("button.example").forEach((b) => b.addEventListener("click", () => {
    const text = document.getElementById("q-" + b.dataset.name).value;
    let tab = null;
    eachTab((t) => { if (t.getName() === b.textContent.trim()) tab = t; });
    const view = b.dataset.view || "table";
    if (tab) yasgui.selectTabId(tab.getId());
    else tab = yasgui.addTab(true, { name: b.textContent.trim(), yasqe: { value: text },
      yasr: { settings: { selectedPlugin: view, pluginsConfig: {} } } });
    setupTab(tab);
    tab.getYasqe().setValue(text);
    tab.query().then(() => tab.getYasr().selectPlugin(view)).catch(() => {});
  }));

  // the address bar follows the query that runs: /?query=… is the shareable link
  yasgui.on("query", (_y, tab) => {
    const params = new URLSearchParams({ query: tab.getYasqe().getValue() });
    if (asserted.checked) params.set("inference", "none");
    const lang = new URLSearchParams(location.search).get("lang");
    if (lang) params.set("lang", lang);
    history.replaceState(null, "", "/?" + params.toString());
    clearErrorMark(tab.getYasqe());
  });
  // YASGUI emits "queryResponse" before it hands the response to YASR: look once YASR has it
  yasgui.on("queryResponse", (_y, tab) => setTimeout(() => { showDownloads(tab); markError(tab); }, 0));

  // ---- downloads: the same query through /sparql?format=… ------------------------------------------------------
  function showDownloads(tab) {
    downloads.textContent = "";
    const yasqe = tab && tab.getYasqe();
    if (!yasqe || !tab.getYasr().results || tab.getYasr().results.getError()) return;
    const type = (yasqe.getQueryType() || "").toUpperCase();
    const graph = type === "CONSTRUCT" || type === "DESCRIBE";
    const formats = graph ? [["turtle", "Turtle", "ttl"], ["ntriples", "N-Triples", "nt"], ["jsonld", "JSON-LD", "jsonld"]]
      : [["csv", "CSV", "csv"], ["tsv", "TSV", "tsv"], ["json", "JSON", "srj"]];
    downloads.appendChild(document.createTextNode(tr("js.download") + " "));
    formats.forEach(([fmt, label, ext], i) => {
      const params = new URLSearchParams({ query: yasqe.getValue(), format: fmt });
      if (asserted.checked) params.set("inference", "none");
      const a = document.createElement("a");
      a.href = cfg.endpoint + "?" + params.toString();
      a.download = "kzjp-kg-results." + ext;
      a.textContent = label;
      a.className = "download download-" + fmt;
      if (i) downloads.appendChild(document.createTextNode(" · "));
      downloads.appendChild(a);
    });
  }

  // ---- errors: the server's "line L, column C" marked in the editor ---------------------------------------------
  function clearErrorMark(yasqe) {
    if (!yasqe || !yasqe.kzError) return;
    yasqe.kzError.forEach((m) => (m.clear ? m.clear() : yasqe.removeLineClass(m, "background", "kz-error-line")));
    yasqe.kzError = null;
  }
  function markError(tab) {
    const yasqe = tab.getYasqe(), yasr = tab.getYasr();
    const err = yasr.results && yasr.results.getError();
    if (!yasqe || !err) return;
    const m = /line (\d+), column (\d+)/.exec(err.text || "");
    if (!m) return;
    const line = Math.max(0, Number(m[1]) - 1), ch = Math.max(0, Number(m[2]) - 1);
    clearErrorMark(yasqe);
    const handle = yasqe.addLineClass(line, "background", "kz-error-line");
    const lineText = yasqe.getLine(line) || "";
    // the parser's column is where it gave up, which may be past the end of the line: mark the last character then
    const from = Math.max(0, Math.min(ch, lineText.length - 1));
    const mark = yasqe.markText({ line, ch: from }, { line, ch: Math.min(from + 1, lineText.length) },
      { className: "kz-error-at", attributes: { title: err.text } });
    yasqe.kzError = [mark, line];
    void handle;
  }

  // names for YASGUI's unnamed controls (axe-core: label, select-name, aria-required-children)
  function nameControls() {
    const root = document.getElementById("yasgui");
    root.querySelectorAll("input.autocomplete:not([aria-label])").forEach((e) => e.setAttribute("aria-label", tr("js.endpoint")));
    root.querySelectorAll("select.tableSizer:not([aria-label])").forEach((e) => e.setAttribute("aria-label", tr("js.rows_per_page")));
    root.querySelectorAll("input.tableFilter:not([aria-label])").forEach((e) => e.setAttribute("aria-label", tr("js.filter")));
    root.querySelectorAll(".tabsList input[type=text]:not([aria-label])").forEach((e) => e.setAttribute("aria-label", tr("js.tab_name")));
    // the "+" sits inside the tablist: make it one of its tabs (never selected) rather than a stray button
    root.querySelectorAll(".tabsList button.addTab:not([role])").forEach((e) => { e.setAttribute("role", "tab"); e.setAttribute("aria-selected", "false"); });
    root.querySelectorAll("th.dt-orderable-none").forEach((e) => {
      if (e.textContent.trim()) return;
      const sr = document.createElement("span"); sr.className = "kz-sr"; sr.textContent = tr("js.row");
      (e.querySelector(".dt-column-title") || e).appendChild(sr);
    });
  }
  // every tab's editor gets its name and help even when YASGUI draws it late (tabs are drawn when selected)
  new MutationObserver(() => { eachTab(setupTab); nameControls(); })
    .observe(document.getElementById("yasgui"), { childList: true, subtree: true });
  nameControls();
})();
