#!/usr/bin/env bash
# System packages the tests use: Debian's chromium (browser test), a CJK font so the browser screenshots show the
# Japanese labels instead of boxes, Virtuoso (remote-store integration test), and Apache Jena with a JDK (Jena's SHACL
# engine, compared with the project's validator in tests/validate/test_jena_shacl.py and benchmarks/bench_validate.py).
# Idempotent. Without root or apt-get it installs nothing and says so; the tests that need these then skip and say why.
set -uo pipefail
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
      >"$log" 2>&1 || { echo "apt-get failed (see $log); the tests that need them will skip"; }
  else
    echo "not root or no apt-get: not installing ${need[*]}; the tests that need them will skip and say why"
  fi
fi
if [ -f scripts/install-virtuoso.sh ]; then bash scripts/install-virtuoso.sh || true; fi
exit 0
