#!/usr/bin/env bash
# System packages the tests use: Debian's chromium (browser test), a CJK font so the browser screenshots show the
# Japanese labels instead of boxes, Virtuoso (remote-store integration test), and Apache Jena with a JDK (Jena's SHACL
# engine, compared with the project's validator in tests/validate/test_jena_shacl.py and benchmarks/bench_validate.py).
# Idempotent. Without root or apt-get it installs nothing and says so; the tests that need these then skip and say why
# (with CI=true it fails instead).
set -uo pipefail
# With CI=true a package that cannot be installed fails the script (exit 1, its log shown): CI must run the suites
# that need it, never let them skip silently. Outside CI the script warns and carries on.
soft_fail() { echo "$1" >&2; if [ "${CI:-}" = true ]; then [ -n "${2:-}" ] && [ -f "$2" ] && cat "$2" >&2; exit 1; fi; }
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
command -v javac >/dev/null 2>&1 || need+=(default-jdk-headless)
[ -f /usr/share/java/jena-shacl.jar ] || need+=(libapache-jena-java)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian packages: ${need[*]}"
    log=$(mktemp)
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}") \
      >"$log" 2>&1 || soft_fail "apt-get failed (see $log); the tests that need them will skip" "$log"
  else
    soft_fail "not root or no apt-get: not installing ${need[*]}; the tests that need them will skip and say why"
  fi
fi
# The reference OWL tools (tests/ontology/): OWL API 5 from Debian, and HermiT, which Debian does not package: its
# jar is taken from the owlready2 source package on PyPI. With CI=true a failed install exits non-zero: CI must run
# these checks, never skip them.
owl_need=()
command -v javac >/dev/null 2>&1 || owl_need+=(default-jdk-headless)
[ -f /usr/share/java/owlapi-api.jar ] || owl_need+=(libowlapi-java)
if [ ${#owl_need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian packages: ${owl_need[*]}"
    log=$(mktemp)
    if ! (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${owl_need[@]}") >"$log" 2>&1; then
      soft_fail "apt-get failed (see $log); the OWL API tests will skip" "$log"
    fi
  else
    soft_fail "not root or no apt-get: not installing ${owl_need[*]}; the OWL API tests will skip and say why"
  fi
fi
hermit_jar=${KZJP_HERMIT_JAR:-/usr/local/share/java/HermiT.jar}
if [ ! -f "$hermit_jar" ]; then
  py=.venv/bin/python; [ -x "$py" ] || py=python3
  tmp=$(mktemp -d)
  if "$py" -m pip download --quiet --no-deps --no-binary :all: --dest "$tmp" owlready2==0.51 >"$tmp/log" 2>&1 \
      && tar -xzf "$tmp/owlready2-0.51.tar.gz" -C "$tmp" owlready2-0.51/hermit/HermiT.jar \
      && mkdir -p "$(dirname "$hermit_jar")" && cp "$tmp/owlready2-0.51/hermit/HermiT.jar" "$hermit_jar"; then
    echo "installed HermiT 1.3.8 (the jar of owlready2 0.51) at $hermit_jar"
  else
    soft_fail "could not get HermiT (see $tmp/log); the HermiT tests will skip" "$tmp/log"
  fi
fi
if [ -f scripts/install-virtuoso.sh ]; then
  bash scripts/install-virtuoso.sh || soft_fail "Virtuoso was not installed; tests/scale/test_virtuoso.py will skip"
fi
exit 0
