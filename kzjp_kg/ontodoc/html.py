"""The ontology's HTML page: header, diagram, class tree, then one entry per term with an anchor of its own name.

Why two shapes of one text: the build writes a self-contained page (:func:`render_html`: inline CSS and SVG,
nothing fetched) saved with the dumps and opened from the README, which must read the same offline; the site serves
the same body (:func:`render_body`) inside its own page (``templates/ontology.html`` extending base.html), with its
navigation, language switcher and ``<html lang>``, the CSS (:func:`css`) scoped to the documentation.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable

import pyoxigraph as ox
from rdflib import DCTERMS, OWL, RDF, Graph, Literal, URIRef

from kzjp_kg import config
from kzjp_kg.ontodoc.diagram import render_diagram
from kzjp_kg.ontodoc.terms import Term, by_lang, namespace, ontology_iri, terms
from kzjp_kg.ontodoc.usage import Usage

SECTIONS = (("class", "Classes", "Кластар"), ("object property", "Object properties", "Объект қасиеттері"),
            ("datatype property", "Datatype properties", "Деректер қасиеттері"),
            ("annotation property", "Annotation properties", "Аннотация қасиеттері"),
            ("concept scheme", "Concept schemes", "Ұғымдар жүйелері"), ("concept", "Concepts", "Ұғымдар"))
DIAGRAM_INTRO = ("Classes that are the domain or range of an object property, the properties between them and the "
                 "subclass\nlinks among them; click a class for its entry. · Объект қасиеттерінің домені не ауқымы "
                 "болатын кластар.")


def _plural(kind: str) -> str:
    """'class' → 'classes', 'object property' → 'object properties', 'concept' → 'concepts'."""
    if kind.endswith("y"):
        return kind[:-1] + "ies"
    return kind + ("es" if kind.endswith("s") else "s")


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


class _Names:
    """Short names and links for IRIs: our terms link to their anchor, others show as prefix:name."""

    def __init__(self, g: Graph, known: dict[URIRef, Term], href: Callable[[str], str] | None = None) -> None:
        self.g = g
        self.known = known
        self.href = href or (lambda iri: iri)
        self.prefixes = sorted(((ns, p) for p, ns in config.PREFIXES.items()), key=lambda x: -len(x[0]))
        self.ns = namespace(g)

    def short(self, iri: object) -> str:
        s = str(iri)
        if s.startswith(self.ns):
            return "kzjp:" + s[len(self.ns):]
        for ns, p in self.prefixes:
            if s.startswith(ns) and len(s) > len(ns):
                return f"{p}:{s[len(ns):]}"
        return s

    def link(self, node: object) -> str:
        if isinstance(node, tuple) and node and node[0] == "union":
            return " ∪ ".join(self.link(n) for n in node[1])
        if isinstance(node, Literal):
            return f"<q>{_e(node)}</q>"
        if isinstance(node, URIRef) and node in self.known:
            t = self.known[node]
            return f'<a href="#{_e(t.anchor)}" title="{_e(t.labels.get("en", ""))}">{_e(self.short(node))}</a>'
        if isinstance(node, URIRef):
            return f'<a class="ext" href="{_e(self.href(str(node)))}">{_e(self.short(node))}</a>'
        return _e(node)


def _term_html(node: object, names: _Names, usage: Usage) -> str:
    """An example triple's subject or object: a linked IRI with its label, or a quoted literal."""
    if isinstance(node, ox.Literal):
        text = node.value if len(node.value) <= 90 else node.value[:89] + "…"
        lang = f"@{node.language}" if node.language else ""
        return f"<q>{_e(text)}</q>{_e(lang)}"
    if isinstance(node, ox.NamedNode):
        iri = URIRef(node.value)
        label = usage.labels.get(node.value)
        extra = f" <span class=lbl>({_e(label)})</span>" if label and iri not in names.known else ""
        return names.link(iri) + extra
    return _e(node)


def _examples(usage: Usage | None, term: Term, names: _Names) -> tuple[int, list[str]]:
    """How often the data uses the term, and its example uses written as triples with English labels."""
    if usage is None:
        return 0, []
    shown = []
    for s, p, o in usage.examples.get(str(term.iri), []):
        verb = "a" if getattr(p, "value", None) == str(RDF.type) else names.link(URIRef(p.value))  # type: ignore[attr-defined]
        shown.append(f"{_term_html(s, names, usage)} {verb} {_term_html(o, names, usage)}")
    return usage.counts.get(str(term.iri), 0), shown


def _tree(known: dict[URIRef, Term], names: _Names) -> str:
    """The class hierarchy as nested lists, rooted at classes with no parent in our namespace."""
    classes = {i: t for i, t in known.items() if t.kind == "class"}

    def node(iri: URIRef, seen: frozenset) -> str:
        t = classes[iri]
        kids = [c for c in t.children if c in classes and c not in seen]
        inner = "".join(node(c, seen | {c}) for c in kids)
        return f"<li>{names.link(iri)} <span class=lbl>{_e(t.labels.get('en', ''))} · {_e(t.labels.get('kk', ''))}" \
               f"</span>{f'<ul>{inner}</ul>' if inner else ''}</li>"

    roots = sorted(i for i, t in classes.items() if not any(p in classes for p in t.parents))
    return "<ul class=tree>" + "".join(node(r, frozenset({r})) for r in roots) + "</ul>"


def _plain(key: str, default: str) -> str:
    """The standalone page's words: the English ``default`` (``key`` names it in the site's catalogs)."""
    return _e(default)


def _entry(term: Term, names: _Names, data: Usage | None, word: Callable[[str, str], str] = _plain) -> str:
    """One term's section; ``word(key, english)`` gives its row names in the page language (HTML)."""
    rows: list[tuple[str, str]] = [("IRI", f"<code>{_e(term.iri)}</code>")]
    if term.types and term.kind == "concept":
        rows.append(("type", ", ".join(names.link(t) for t in term.types)))
    parent_name = {"class": "subclass of", "concept": "broader", "concept scheme": "broader"}.get(
        term.kind, "subproperty of")
    if term.parents:
        rows.append((parent_name, ", ".join(names.link(p) for p in term.parents)))
    if term.children:
        child_name = "subclasses" if term.kind == "class" else ("narrower" if "concept" in term.kind
                                                                 else "subproperties")
        rows.append((child_name, ", ".join(names.link(c) for c in term.children)))
    if term.domain:
        rows.append(("domain", ", ".join(names.link(d) for d in term.domain)))
    if term.range:
        rows.append(("range", ", ".join(names.link(r) for r in term.range)))
    if term.inverse:
        rows.append(("inverse of", ", ".join(names.link(i) for i in term.inverse)))
    for chain in term.chains:
        rows.append(("property chain", " ∘ ".join(names.link(c) for c in chain) + f" ⊑ {names.link(term.iri)}"))
    if term.characteristics:
        rows.append(("characteristics", ", ".join(term.characteristics)))
    if term.in_scheme:
        rows.append(("in scheme", ", ".join(names.link(s) for s in term.in_scheme)))
    count, shown = _examples(data, term, names)
    if data is not None:
        uses = word("uses_one" if count == 1 else "uses", f"{{n}} use{'s' if count != 1 else ''} in the graph") \
            .replace("{n}", str(count))
        rows.append(("examples", uses + (("<ul class=ex>" + "".join(f"<li>{s}</li>" for s in shown) + "</ul>")
                                         if shown else "")))
    table = "".join(f"<tr><th>{word('row.' + k.replace(' ', '_'), k)}</th><td>{v}</td></tr>" for k, v in rows)
    en, kk = term.labels.get("en", term.anchor), term.labels.get("kk", "")
    return (f'<section class=term id="{_e(term.anchor)}"><h3><a href="#{_e(term.anchor)}">{_e(term.anchor)}</a>'
            f' <small>{_e(term.kind)}</small></h3>'
            f'<p class=labels><span lang=en>{_e(en)}</span> · <span lang=kk>{_e(kk)}</span></p>'
            f'<dl><dt lang=en>en</dt><dd lang=en>{_e(term.definitions.get("en", "—"))}</dd>'
            f'<dt lang=kk>kk</dt><dd lang=kk>{_e(term.definitions.get("kk", "—"))}</dd></dl>'
            f"<table>{table}</table></section>")


def render_body(ontology_graph: Graph, usage: Usage | None = None, *, href: Callable[[str], str] | None = None,
                nav: str = "", diagram: str | None = None, words: Callable[[str], str] | None = None) -> str:
    """The documentation of the ontology in ``ontology_graph`` as the body of a page (from its ``<h1>`` on).

    ``words`` gives the page's headings and the entries' row names in the reader's language (``ontodoc.*`` keys of
    the site's catalogs, text trusted as HTML, ``{n}`` filled here); without it they are the standalone page's
    (English, headings English · Kazakh). The terms' own labels and
    definitions are the ontology's, in Kazakh and English, whatever the page language.

    ``usage`` (from :mod:`kzjp_kg.ontodoc.usage`) adds each term's count and examples of use in the graph;
    ``href`` maps a resource IRI to the link shown (the endpoint maps its own IRIs to its pages); ``nav`` is
    HTML put under the title (links to the Turtle, the query UI); ``diagram`` is the SVG to embed (default: drawn
    now from ``ontology_graph``).
    """
    known = terms(ontology_graph)
    names = _Names(ontology_graph, known, href)
    onto = ontology_iri(ontology_graph)
    titles = by_lang(ontology_graph, onto, DCTERMS.title) if onto is not None else {}
    descs = by_lang(ontology_graph, onto, DCTERMS.description) if onto is not None else {}
    version = ontology_graph.value(onto, OWL.versionIRI) if onto is not None else None
    licence = ontology_graph.value(onto, DCTERMS.license) if onto is not None else None
    counts = Counter(t.kind for t in known.values())

    def word(key: str, default: str) -> str:
        return words(f"ontodoc.{key}") if words else _plain(key, default)

    toc = []
    body = []
    for kind, en, kk in SECTIONS:
        group = sorted((t for t in known.values() if t.kind == kind), key=lambda t: t.anchor.lower())
        if not group:
            continue
        sid = kind.replace(" ", "-") + "s"
        heading = word("section." + kind.replace(" ", "_"), f"{en} · {kk}")
        toc.append(f'<li><a href="#{sid}">{heading}</a> ({len(group)}): '
                   + ", ".join(f'<a href="#{_e(t.anchor)}">{_e(t.anchor)}</a>' for t in group) + "</li>")
        body.append(f'<h2 id="{sid}">{heading}</h2>' + "".join(_entry(t, names, usage, word) for t in group))
    summary = ", ".join(f"{n} {k if n == 1 else _plural(k)}" for k, n in sorted(counts.items()))
    head = f"""<h1>{_e(titles.get("en", ""))}<br><small lang=kk>{_e(titles.get("kk", ""))}</small></h1>
{nav}
<p>{_e(descs.get("en", ""))}</p><p lang=kk>{_e(descs.get("kk", ""))}</p>
<table>
<tr><th>{word("iri", "Ontology IRI")}</th><td><code>{_e(onto or "")}</code></td></tr>
<tr><th>{word("version", "Version")}</th><td><code>{_e(version or "")}</code></td></tr>
<tr><th>{word("licence", "Licence")}</th><td>{f'<a href="{_e(licence)}">{_e(licence)}</a>' if licence else ""}</td></tr>
<tr><th>{word("terms", "Terms")}</th><td>{_e(summary)}; namespace <code>{_e(namespace(ontology_graph))}</code>
 (prefix <code>kzjp:</code>). Every term has an anchor: <code>…/ontology#Visit</code> opens its entry.</td></tr>
</table>
<h2 id="diagram">{word("diagram", "Main classes and relations · Негізгі кластар мен қатынастар")}</h2>
<p>{word("diagram_intro", DIAGRAM_INTRO)}</p>
<div class=diagram>{(render_diagram(ontology_graph) if diagram is None else diagram)}</div>
<h2 id="contents">{word("contents", "Contents · Мазмұны")}</h2><ul>{"".join(toc)}</ul>
<h2 id="hierarchy">{word("hierarchy", "Class hierarchy · Кластар иерархиясы")}</h2>{_tree(known, names)}
"""
    return head + "".join(body) + "\n<p><small>Generated from the ontology files by <code>kzjp_kg.ontodoc</code>."\
        "</small></p>\n"



def css(scope: str = "") -> str:
    """The documentation's CSS, each rule under ``scope`` (the site puts the body in ``<div class="ontodoc">``, so
    the rules reach nothing of its header or footer); the standalone page uses it unscoped.

    Greys are #595959 or darker (7:1 on white): #777 was 4.47:1, under WCAG's 4.5:1 for text (axe-core)."""
    rules = (
        "code { font-size: .92em; }", "a { color: #1f5fa8; }", "a.ext { color: #555; }",
        ".term { border-top: 1px solid #ddd; padding: .4rem 0; }", ".term h3 { margin: .4rem 0 .1rem; }",
        ".term h3 small { color: #595959; font-weight: normal; font-size: .75em; }",
        ".term:target { background: #fff8dc; }", ".labels { margin: 0; color: #333; }", ".lbl { color: #595959; }",
        "dl { display: grid; grid-template-columns: 2.2rem 1fr; margin: .3rem 0; }", "dt { color: #595959; }",
        "dd { margin: 0; }", "table { border-collapse: collapse; font-size: .92em; }",
        "th { text-align: left; vertical-align: top; color: #555; padding-right: 1rem; font-weight: normal;"
        " white-space: nowrap; }",
        "ul.ex { margin: .2rem 0; padding-left: 1.2rem; }", "ul.tree ul { padding-left: 1.3rem; }",
        ".diagram svg { max-width: 100%; height: auto; border: 1px solid #eee; }")
    prefix = f"{scope} " if scope else ""
    return "\n".join(prefix + rule for rule in rules)


def render_html(ontology_graph: Graph, usage: Usage | None = None, *, href: Callable[[str], str] | None = None,
                nav: str = "", diagram: str | None = None) -> str:
    """The self-contained documentation page of the ontology in ``ontology_graph`` (for ``build/docs``).

    ``usage`` (from :mod:`kzjp_kg.ontodoc.usage`) adds each term's count and examples of use in the graph;
    ``href`` maps a resource IRI to the link shown; ``nav`` is HTML put under the title; ``diagram`` is the SVG to
    embed (default: drawn now from ``ontology_graph``). The body is :func:`render_body`'s.
    """
    onto = ontology_iri(ontology_graph)
    titles = by_lang(ontology_graph, onto, DCTERMS.title) if onto is not None else {}
    body = render_body(ontology_graph, usage, href=href, nav=nav, diagram=diagram)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<title>{_e(titles.get("en", "Ontology"))}</title>\n<style>\n'
            'body { font-family: "DejaVu Sans", system-ui, sans-serif; max-width: 72rem; margin: 1rem auto; '
            'padding: 0 1rem;\n  color: #222; line-height: 1.45; }\n'
            f"{css()}\n</style></head><body>\n{body}</body></html>\n")
