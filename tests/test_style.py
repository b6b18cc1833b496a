"""The code base stays lint-clean and keeps its import layering (setup.cfg import-linter contracts)."""

import shutil
import subprocess
import sys

from tests.conftest import REPO


def run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True)


def test_ruff_is_clean():
    result = run(sys.executable, "-m", "ruff", "check", "newsnlp", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_layers_hold():
    lint_imports = shutil.which("lint-imports") or str(REPO / ".venv" / "bin" / "lint-imports")
    result = run(lint_imports, "setup.cfg")
    assert result.returncode == 0, result.stdout + result.stderr
