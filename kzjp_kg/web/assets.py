"""Copy the query UI (YASGUI, ``@zazuko/yasgui`` pinned by the npm lock) into ``static/vendor/``: no CDN.

Why a copy step: npm installs into ``node_modules/`` at the repository root, but Flask serves only the package's
``static/`` folder. ``make setup`` runs ``scripts/install-web-assets.sh`` (``npm ci`` then
``python -m kzjp_kg.web.assets``); ``kzjp-kg serve`` (:mod:`kzjp_kg.web.cli`) also runs the copy before it starts
if the vendor folder is missing and ``node_modules`` is there, while ``create_app`` itself writes nothing (a test
app or a WSGI server never changes the package). Without the copy the query page falls back to a plain text area
(:func:`editor_installed`). ``static/vendor/`` is git-ignored. The package ships a prebuilt browser bundle
(``build/yasgui.min.js``, ``build/yasgui.min.css``); no bundler is needed. The bundle itself fetches nothing from
other hosts except through its "class" and "property" autocompleters (Linked Open Vocabularies): ``static/query.js``
replaces both with completers fed by ``/ui/terms.json``, built from our ontology.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from kzjp_kg import config

VENDOR = Path(__file__).parent / "static" / "vendor" / "yasgui"
PACKAGE = Path("node_modules") / "@zazuko" / "yasgui"
FILES = ("build/yasgui.min.js", "build/yasgui.min.css", "package.json")


def install_editor(root: Path = config.ROOT) -> bool:
    """Copy YASGUI's bundle from ``root/node_modules``; False (and nothing copied) if npm has not run."""
    src = root / PACKAGE
    if not all((src / f).is_file() for f in FILES):
        return False
    VENDOR.mkdir(parents=True, exist_ok=True)
    for f in FILES:
        shutil.copyfile(src / f, VENDOR / Path(f).name)
    licence = src / "LICENSE"
    if licence.is_file():
        shutil.copyfile(licence, VENDOR / "LICENSE")
    return True


def editor_installed() -> bool:
    return all((VENDOR / Path(f).name).is_file() for f in FILES)


if __name__ == "__main__":
    if install_editor():
        print(f"query UI (YASGUI) copied into {VENDOR}")
        sys.exit(0)
    print(f"{PACKAGE} not found: run `npm ci` first; the UI falls back to a plain text area", file=sys.stderr)
    sys.exit(0)
