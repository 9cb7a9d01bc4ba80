"""Copy the query editor (CodeMirror 5 from the npm lock) into ``static/vendor/``, so the UI needs no CDN.

Why a copy step: npm installs into ``node_modules/`` at the repository root, but Flask serves only the package's
``static/`` folder. ``make setup`` runs ``npm ci`` and then ``python -m kzjp_kg.web.assets``; the app also runs
it at start if the vendor folder is missing and ``node_modules`` is there. ``static/vendor/`` is git-ignored.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from kzjp_kg import config

VENDOR = Path(__file__).parent / "static" / "vendor" / "codemirror"
FILES = ("lib/codemirror.js", "lib/codemirror.css", "mode/sparql/sparql.js")


def install_editor(root: Path = config.ROOT) -> bool:
    """Copy CodeMirror's files from ``root/node_modules``; False (and nothing copied) if npm has not run."""
    src = root / "node_modules" / "codemirror"
    if not all((src / f).is_file() for f in FILES):
        return False
    VENDOR.mkdir(parents=True, exist_ok=True)
    for f in FILES:
        shutil.copyfile(src / f, VENDOR / Path(f).name)
    return True


def editor_installed() -> bool:
    return all((VENDOR / Path(f).name).is_file() for f in FILES)


if __name__ == "__main__":
    if install_editor():
        print(f"query editor copied into {VENDOR}")
        sys.exit(0)
    print("node_modules/codemirror not found: run `npm ci` first; the UI falls back to a plain text area",
          file=sys.stderr)
    sys.exit(0)
