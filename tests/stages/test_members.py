"""Member folders of voting stages: saved ones win, listed ones resolve against the model directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsnlp.errors import ModelNotFoundError
from newsnlp.stages.members import find_members


def test_saved_members_win_up_to_the_first_gap(tmp_path: Path) -> None:
    stage = tmp_path / "model" / "word"
    for name in ("neural", "neural_2", "neural_4"):
        (stage / name).mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    found = find_members(stage, "neural", ["../../elsewhere"], first_plain=True, backend="x")
    assert found == [stage / "neural", stage / "neural_2"]


def test_listed_members_resolve_against_the_model_directory(tmp_path: Path) -> None:
    stage = tmp_path / "model" / "entity"
    stage.mkdir(parents=True)
    (tmp_path / "b" / "entity").mkdir(parents=True)
    assert find_members(stage, "member", "../b/entity", first_plain=False, backend="x") == [
        (tmp_path / "b" / "entity").resolve()]
    assert find_members(stage, "member", [], first_plain=False, backend="x") == []
    with pytest.raises(ModelNotFoundError, match=r"x: member folder .*missing"):
        find_members(stage, "member", ["../missing"], first_plain=False, backend="x")
