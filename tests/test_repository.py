"""Repository limits: the shipped models stay under the 80 MiB the project allows them."""

from tests.conftest import REPO

MODELS_LIMIT = 80 * 1024 * 1024


def test_models_stay_under_80_mib() -> None:
    size = sum(path.stat().st_size for path in (REPO / "models").rglob("*") if path.is_file())
    assert 0 < size < MODELS_LIMIT, f"models/ holds {size / 1024 / 1024:.1f} MiB"
