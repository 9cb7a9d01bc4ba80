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

  async function fetchLabels(iris) {
    const todo = [...new Set(iris)].filter((i) => !labelCache.has(i) && !/[<>"{}|^`\\\s]/.test(i)).slice(0, MAX_LABELLED);
    const batches = [];
    for (let i = 0; i < todo.length; i += LABEL_BATCH) batches.push(todo.slice(i, i + LABEL_BATCH));
    const want = langs.map((l) => JSON.stringify(l)).join(", ");
    await Promise.all(batches.map(async (batch) => {
      const q = `SELECT ?s ?l WHERE { VALUES ?s { ${batch.map((i) => "<" + i + ">").join(" ")} } ` +
        `?s <${RDFS_LABEL}> ?l FILTER(LCASE(LANG(?l)) IN (${want})) }`;
      batch.forEach((i) => labelCache.set(i, null));
      try {
        const resp = await fetch(endpoint, { method: "POST", body: new URLSearchParams({ query: q }),
          headers: { Accept: "application/sparql-results+json" } });
        if (!resp.ok) return;
        const found = {};
        for (const b of (await resp.json()).results.bindings) {
          (found[b.s.value] = found[b.s.value] || {})[b.l["xml:lang"] || ""] = b.l.value;
        }
        for (const iri in found) labelCache.set(iri, pickLabel(found[iri]));
      } catch (e) { /* labels are a nicety: the table is drawn without them */ }
    }));
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

  // ---- YASGUI ----------------------------------------------------------------------------------------------------
  const argsNow = () => (asserted.checked ? [{ name: "inference", value: "none" }] : []);
  const yasqeConfig = {
    value: cfg.defaultQuery,
    autocompleters: ["prefixes", "variables", "property", "class"],
    screenReaderLabel: "SPARQL query editor",
    editorHeight: "260px",
    extraKeys: { ...Yasqe.defaults.extraKeys, Tab: false, "Shift-Tab": false },
    prefixCcApi: null,
  };
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    autofocus: false,
    persistenceId: null,
    copyEndpointOnNewTab: true,
    tabName: "Query",
    requestConfig: { endpoint, method: "POST", acceptHeaderGraph: "text/turtle", acceptHeaderSelect: "application/sparql-results+json", args: [] },
    endpointCatalogueOptions: { getData: () => [{ endpoint }], keys: [] },
    populateFromUrl: (tab) => {
      tab.requestConfig.endpoint = endpoint;
      tab.requestConfig.args = (tab.requestConfig.args || []).filter((a) => a.name === "inference");
      if (tab.requestConfig.args.length) asserted.checked = tab.requestConfig.args[0].value === "none";
      return tab;
    },
    yasqe: yasqeConfig,
    yasr: { prefixes: cfg.prefixes, defaultPlugin: "table", pluginOrder: ["table", "response"] },
  });
  window.kzYasgui = yasgui;

  function eachTab(fn) { for (const id in yasgui._tabs) fn(yasgui._tabs[id]); }
  function setupTab(tab) {
    const yasqe = tab && tab.getYasqe();
    if (yasqe && !yasqe.kzReady) {
      yasqe.kzReady = true;
      const input = yasqe.getInputField();
      input.setAttribute("aria-label", "SPARQL query editor");
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
    if (tab) yasgui.selectTabId(tab.getId());
    else tab = yasgui.addTab(true, { name: b.textContent.trim(), yasqe: { value: text } });
    setupTab(tab);
    tab.getYasqe().setValue(text);
    tab.query().catch(() => {});
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
    downloads.appendChild(document.createTextNode("Download the results: "));
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

  // every tab's editor gets its name and help even when YASGUI draws it late (tabs are drawn when selected)
  new MutationObserver(() => eachTab(setupTab)).observe(document.getElementById("yasgui"), { childList: true, subtree: true });
})();
