"""The install scripts fail in CI: with ``CI=true`` a package that cannot be installed exits non-zero.

Why: the scripts always exited 0, so in CI a failed install let the browser and Virtuoso suites skip silently and the
run still passed. Outside CI they warn and exit 0 (a contributor without root can still run the rest).
Each case runs a script with a fake failing installer first on ``PATH``; nothing is installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from kzjp_kg import config

BASH = shutil.which("bash") or "/bin/bash"


def _fake_bin(tmp_path: Path, failing: str, tools: tuple[str, ...]) -> Path:
    """A folder holding ``failing`` (a command that always fails) and links to the real ``tools``, nothing else."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / failing
    fake.write_text("#!/bin/sh\necho \"fake $0: failing on purpose\" >&2\nexit 1\n")
    fake.chmod(0o755)
    for tool in tools:
        real = shutil.which(tool)
        if real:
            (bin_dir / tool).symlink_to(real)
    return bin_dir


def _run(script: str, path: str, ci: bool) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"} | {"PATH": path}
    if ci:
        env["CI"] = "true"
    return subprocess.run([BASH, f"scripts/{script}"], cwd=config.ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize("ci, code", [(True, 1), (False, 0)])
def test_web_assets_fail_in_ci_when_npm_fails(tmp_path: Path, ci: bool, code: int) -> None:
    bin_dir = _fake_bin(tmp_path, "npm", ())
    proc = _run("install-web-assets.sh", f"{bin_dir}:{os.environ['PATH']}", ci)
    assert proc.returncode == code, proc.stderr
    assert "npm ci failed" in proc.stderr


@pytest.mark.parametrize("ci, code", [(True, 1), (False, 0)])
def test_virtuoso_fails_in_ci_when_apt_get_fails(tmp_path: Path, ci: bool, code: int) -> None:
    if os.geteuid() != 0:
        pytest.skip("the apt-get path is taken only as root; as another user the script stops before it")
    bin_dir = _fake_bin(tmp_path, "apt-get", ("id", "mktemp", "cat", "head", "tail"))
    proc = _run("install-virtuoso.sh", str(bin_dir), ci)  # only the fake bin: virtuoso-t is not found
    assert proc.returncode == code, proc.stderr
    assert "failed" in proc.stderr
