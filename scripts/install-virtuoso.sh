#!/usr/bin/env bash
# Install Virtuoso open source from Debian's packages for the remote-store integration test and the scaling benchmark.
# Installs only the server binary package (virtuoso-opensource-7-bin, part of Debian's virtuoso-opensource): the
# meta-package would also set up a system service listening on every interface, which the tests do not want — they
# start their own throw-away server on 127.0.0.1 (scripts/virtuoso.py).
# Idempotent. Without root or apt-get it installs nothing, exits 0 and says so; the tests then skip and say why.
# With CI=true it exits 1 instead.
set -uo pipefail
# With CI=true a package that cannot be installed fails the script (exit 1, its log shown): CI must run the suites
# that need it, never let them skip silently. Outside CI the script warns and carries on.
soft_fail() { echo "$1" >&2; if [ "${CI:-}" = true ]; then [ -n "${2:-}" ] && [ -f "$2" ] && cat "$2" >&2; exit 1; fi; }
PKG=virtuoso-opensource-7-bin
if command -v virtuoso-t >/dev/null 2>&1; then
  echo "Virtuoso already installed: $(command -v virtuoso-t)"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  soft_fail "not root: not installing $PKG; tests/scale/test_virtuoso.py will skip (run this script as root to enable it)"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  soft_fail "no apt-get (not Debian/Ubuntu): not installing $PKG; tests/scale/test_virtuoso.py will skip"
  exit 0
fi
echo "installing Debian package $PKG"
log=$(mktemp)
if (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$PKG") \
    >"$log" 2>&1 && command -v virtuoso-t >/dev/null 2>&1; then
  echo "installed: $(virtuoso-t +version 2>&1 | head -2 | tail -1)"
else
  soft_fail "apt-get install $PKG failed (see $log); tests/scale/test_virtuoso.py will skip" "$log"
fi
exit 0
