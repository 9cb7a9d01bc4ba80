#!/usr/bin/env bash
# Bundle the query UI (YASGUI, @zazuko/yasgui, pinned by the committed package-lock.json) from the npm registry into
# kzjp_kg/web/static/vendor/yasgui/ (git-ignored), so the UI works offline with no CDN. Without node/npm the UI
# falls back to a plain text area and says so.
set -uo pipefail
cd "$(dirname "$0")/.."
[ -f package.json ] || exit 0
if ! command -v npm >/dev/null 2>&1; then echo "npm not found: the query UI will use a plain text area"; exit 0; fi
if [ -f package-lock.json ]; then npm ci --silent --no-audit --no-fund >/dev/null; else npm install --silent --no-audit --no-fund >/dev/null; fi
PY="${PYTHON:-.venv/bin/python}"
rm -rf kzjp_kg/web/static/vendor/codemirror  # the editor before YASGUI
"$PY" -m kzjp_kg.web.assets
