"""The page language and the site's own text in it: kk, kk-Latn, en, ru, ja.

Why one module: the language used to be decided three times (``pages.lang``, ``ui.page_lang``, a ``?lang=`` read
by hand) and forgotten on the next click. Here it is decided once per request — ``?lang=`` if it is one of ours
(then remembered in the ``lang`` cookie for a year), else the cookie, else the best of ``Accept-Language``, else
English — so a reader who picks Kazakh stays in Kazakh on every page without any link carrying ``?lang=``.

Why catalogs in JSON files (``messages/<lang>.json``, one flat key set): translators edit text, not templates, and
a test checks that every catalog has every key. ``t(key, **values)`` looks a key up in the page's language; a
missing key falls back along kk-Latn → the Latin transliteration of the Kazakh text (:func:`to_latin`, the 2021
alphabet, as the graph's ``@kk-Latn`` labels are made) → English. Catalog text is ours and may hold markup
(``<code>``); the values filled into it are escaped.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import Flask, Response, request
from markupsafe import Markup

LANGS = ("kk", "kk-Latn", "en", "ru", "ja")
DEFAULT = "en"
COOKIE = "lang"
COOKIE_AGE = 365 * 24 * 3600
MESSAGES_DIR = Path(__file__).parent / "messages"
#: Each language named in itself, for the switcher (a reader looks for their own language's name).
AUTONYMS = {"kk": "Қазақша", "kk-Latn": "Qazaqşa", "en": "English", "ru": "Русский", "ja": "日本語"}
_CANONICAL = {x.lower(): x for x in LANGS}  # ?lang=kk-latn and a cookie "KK-LATN" name kk-Latn too


@lru_cache(maxsize=1)
def catalogs() -> dict[str, dict[str, str]]:
    """Every language's messages, read once (the files ship with the code and do not change under a server)."""
    return {code: json.loads((MESSAGES_DIR / f"{code}.json").read_text(encoding="utf-8")) for code in LANGS}


def canonical(tag: str | None) -> str | None:
    """``tag`` spelt as in LANGS (tags are case-insensitive, BCP 47), or None if it is not one of ours."""
    return _CANONICAL.get(tag.lower()) if tag else None


def asked_lang() -> str | None:
    """The language named by ``?lang=`` in this request, if it is one of ours."""
    return canonical(request.args.get("lang"))


def lang() -> str:
    """The page language: ``?lang=``, else the ``lang`` cookie, else the best of ``Accept-Language``, else English."""
    chosen = asked_lang() or canonical(request.cookies.get(COOKIE))
    if chosen:
        return chosen
    return canonical(request.accept_languages.best_match(list(LANGS))) or DEFAULT


def message(key: str, want: str) -> str | None:
    """The text of ``key`` in ``want``, falling back (kk-Latn → transliterated kk → en); None if no catalog has it."""
    cats = catalogs()
    found = cats.get(want, {}).get(key)
    if found:
        return found
    if want == "kk-Latn" and cats["kk"].get(key):
        from kzjp_kg.sources.translit import to_latin

        return to_latin(cats["kk"][key])
    return cats[DEFAULT].get(key) or None


def translate(key: str, want: str, default: str | None = None, **values: Any) -> Markup:
    """``key`` in ``want`` as markup, ``{name}`` fields filled with the escaped ``values``; ``default`` (else the key
    itself) when no catalog has the key — e.g. a source kind the catalogs do not name yet."""
    text = message(key, want)
    if text is None:
        return Markup.escape(default if default is not None else key)
    return Markup(text).format(**values) if values else Markup(text)


class Translator:
    """``t`` in templates: ``t('nav.timeline')``, ``t('more', n=3)``; ``t.facts`` reads like the old UI_TEXT dict.

    Bound to a language, or (``want=None``) to the language of the request being answered."""

    def __init__(self, want: str | None = None) -> None:
        self.want = want

    def __call__(self, key: str, default: str | None = None, **values: Any) -> Markup:
        return translate(key, self.want or lang(), default, **values)

    def __getattr__(self, key: str) -> Markup:
        if key.startswith("_"):
            raise AttributeError(key)
        return self(f"page.{key}")


class _RequestText(Mapping[str, Translator]):
    """``UI_TEXT`` as pages.py reads it (``UI_TEXT.get(want[:2], UI_TEXT["en"])``): whatever key it asks for, the
    translator of the request's language — so a kk-Latn page, whose prefix is "kk", still gets Latin text."""

    def __getitem__(self, key: str) -> Translator:
        if key not in LANGS and key[:2] not in LANGS:
            raise KeyError(key)
        return Translator()

    def __iter__(self) -> Iterator[str]:
        return iter(LANGS)

    def __len__(self) -> int:
        return len(LANGS)


UI_TEXT: Mapping[str, Translator] = _RequestText()


def label_in(labels: Mapping[str, str] | None, want: str) -> str | None:
    """The label of ``labels`` (language tag → text) to show on a ``want`` page, along the site's one fallback chain:
    the language itself, then (kk-Latn) the Kazakh label transliterated, else the base language, then English, then
    Kazakh, then an untagged label, then any. Tags compare case-insensitively (pyoxigraph writes ``kk-latn``).

    Why transliterate rather than fall back to Cyrillic: a kk-Latn reader asked for the Latin script, and the
    graph's own ``@kk-Latn`` labels are made from ``@kk`` by the same function, so the result is the label the
    graph would have had."""
    if not labels:
        return None
    lower = {k.lower(): v for k, v in labels.items()}
    want = want.lower()
    if want in lower:
        return lower[want]
    if want == "kk-latn" and "kk" in lower:
        from kzjp_kg.sources.translit import to_latin

        return to_latin(lower["kk"])
    for tag in (want.split("-")[0], DEFAULT, "kk", ""):
        if tag in lower:
            return lower[tag]
    return next(iter(labels.values()))


def js_messages(want: str | None = None) -> dict[str, str]:
    """The messages the query UI's scripts show (keys ``js.*``), in the page language, for ``static/query.js``."""
    want = want or lang()
    return {key: message(key, want) or key for key in catalogs()[DEFAULT] if key.startswith("js.")}


def switch_links() -> list[dict[str, str | bool]]:
    """One link per language to this very page (its path and query kept, ``lang`` set), for the switcher."""
    current = lang()
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    out: list[dict[str, str | bool]] = []
    for code in LANGS:
        query = urllib.parse.urlencode([*args, ("lang", code)])
        out.append({"code": code, "name": AUTONYMS[code], "href": f"{request.script_root}{request.path}?{query}",
                    "current": code == current})
    return out


def _context() -> dict[str, Any]:
    current = lang()
    # ``ui_lang`` cannot be overridden by a view that passes its own ``lang`` (base.html's <html lang> uses it)
    return {"lang": current, "ui_lang": current, "langs": LANGS, "lang_links": switch_links,
            "js_messages": js_messages}


def _after(resp: Response) -> Response:
    """HTML answers depend on the language: say so to caches (``Vary``), name it (``Content-Language``), and
    remember a language picked with ``?lang=``."""
    if resp.mimetype != "text/html":
        return resp
    resp.vary.add("Accept-Language")
    resp.vary.add("Cookie")
    resp.headers["Content-Language"] = lang()
    asked = asked_lang()
    if asked:  # set again on every pick: the year starts over
        resp.set_cookie(COOKIE, asked, max_age=COOKIE_AGE, path="/", samesite="Lax")
    return resp


def init_app(app: Flask) -> None:
    """Give every template ``t``, ``lang`` and the switcher, and every HTML answer its language headers."""
    app.jinja_env.globals["t"] = Translator()
    app.jinja_env.globals["label_in"] = label_in
    app.context_processor(_context)
    app.after_request(_after)
