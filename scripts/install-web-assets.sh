#!/usr/bin/env bash
# Bundle the query UI (YASGUI, @zazuko/yasgui, pinned by the committed package-lock.json) from the npm registry into
# kzjp_kg/web/static/vendor/yasgui/ (git-ignored), so the UI works offline with no CDN. Without node/npm the UI
# falls back to a plain text area and says so; with CI=true a failure exits 1 (the browser suite must not skip).
set -uo pipefail
# With CI=true a package that cannot be installed fails the script (exit 1, its log shown): CI must run the suites
# that need it, never let them skip silently. Outside CI the script warns and carries on.
soft_fail() { echo "$1" >&2; if [ "${CI:-}" = true ]; then [ -n "${2:-}" ] && [ -f "$2" ] && cat "$2" >&2; exit 1; fi; }
cd "$(dirname "$0")/.."
[ -f package.json ] || exit 0
if ! command -v npm >/dev/null 2>&1; then
  soft_fail "npm not found: the query UI will use a plain text area"; exit 0
fi
if [ -f package-lock.json ]; then npm_cmd=(npm ci); else npm_cmd=(npm install); fi
if ! "${npm_cmd[@]}" --silent --no-audit --no-fund >/dev/null; then
  soft_fail "${npm_cmd[*]} failed: the query UI will use a plain text area"; exit 0
fi
PY="${PYTHON:-.venv/bin/python}"
rm -rf kzjp_kg/web/static/vendor/codemirror  # the editor before YASGUI
"$PY" -m kzjp_kg.web.assets || soft_fail "bundling the query UI failed: it will use a plain text area"
