"""The ``newsnlp`` entry point: building the app imports nothing heavy (issue 24: ``--help`` fast)."""

from __future__ import annotations

import subprocess
import sys


def test_building_the_cli_imports_no_heavy_library() -> None:
    script = ("import sys, newsnlp.cli.app as app; app.build_parser(); "
              "print(sorted(m for m in ('datasets', 'pandas', 'pyarrow', 'torch') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
