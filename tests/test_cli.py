"""The CLI keeps its word: ``kzjp-kg --help`` imports no step, usage errors exit 2, the help lists the exit codes.

Why: ``cli.py`` promised lazy imports for a fast ``--help`` while importing every step to build its parser (1.4 s
against 35 ms for ``python -c pass``); and ``kzjp-kg validate`` exited 1 ("does not conform") for a usage error.
"""

from __future__ import annotations

import json
import subprocess
import sys

from kzjp_kg.cli import COMMANDS

PROBE = """
import json, sys
from kzjp_kg.cli import main
try:
    main(["--help"])
except SystemExit:
    pass
print(json.dumps(sorted(m for m in sys.modules if m.startswith(("kzjp_kg", "rdflib", "pyoxigraph", "flask")))))
"""


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kzjp_kg.cli", *args], capture_output=True, text=True, timeout=600)


def test_help_imports_no_step() -> None:
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True).stdout
    loaded = set(json.loads(out.splitlines()[-1]))
    steps = {module for module, _ in COMMANDS.values()}
    assert not loaded & steps, loaded & steps
    assert not {m for m in loaded if m.split(".")[0] in ("rdflib", "pyoxigraph", "flask")}
    assert loaded <= {"kzjp_kg", "kzjp_kg.cli", "kzjp_kg.errors"}, loaded


def test_help_lists_every_step_and_the_exit_codes() -> None:
    proc = _run("--help")
    assert proc.returncode == 0
    assert all(name in proc.stdout for name in COMMANDS)
    assert "exit codes:" in proc.stdout and "2  bad input" in proc.stdout


def test_a_step_still_shows_its_own_options() -> None:
    proc = _run("validate", "--help")
    assert proc.returncode == 0 and "--engine" in proc.stdout and "exit codes:" in proc.stdout


def test_usage_errors_exit_2() -> None:
    assert _run("validate", "--no-such-option").returncode == 2
    assert _run("no-such-step").returncode == 2
    proc = _run("validate", "--store-dir", "x")  # --store-dir without --engine store: a usage error, not "nonconforming"
    assert proc.returncode == 2, proc.stderr
    assert "--store-dir" in proc.stderr
    proc = _run("validate", "--engine", "store")  # the store engine without --data files
    assert proc.returncode == 2, proc.stderr
