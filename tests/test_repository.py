"""Repository limits: the shipped models stay under the 80 MiB the project allows them."""

import subprocess

from tests.conftest import REPO

MODELS_LIMIT = 80 * 1024 * 1024


def shipped_model_files() -> list:
    """The files under models/ that git tracks (every file there outside a git checkout)."""
    listed = subprocess.run(["git", "ls-files", "-z", "models"], cwd=REPO, capture_output=True, text=True)
    if listed.returncode != 0:
        return [path for path in (REPO / "models").rglob("*") if path.is_file()]
    return [REPO / name for name in listed.stdout.split("\0") if name]


def test_models_stay_under_80_mib() -> None:
    size = sum(path.stat().st_size for path in shipped_model_files())
    assert 0 < size < MODELS_LIMIT, f"models/ holds {size / 1024 / 1024:.1f} MiB"
