"""Atomic files and folders: complete or absent, mode as the umask gives, old folder kept until the new
one is in place."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from newsnlp.text.files import write_dir, write_file


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_file_gets_the_umask_mode_and_leaves_no_temp_file(tmp_path: Path, umask_022: None) -> None:
    write_file(tmp_path / "x.json", "[]")
    write_file(tmp_path / "x.json", b"{}")
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]
    assert (tmp_path / "x.json").read_text(encoding="utf-8") == "{}" and mode(tmp_path / "x.json") == 0o644


def test_a_folder_is_replaced_only_when_the_new_one_is_complete(tmp_path: Path, umask_022: None) -> None:
    target = tmp_path / "m"
    write_dir(target, lambda d: (d / "a").write_text("1"))
    assert mode(target) == 0o755  # mkdtemp alone would leave 0700
    seen_during_write: list[list[str]] = []

    def second(d: Path) -> None:
        seen_during_write.append(sorted(p.name for p in target.iterdir()))
        (d / "b").write_text("2")

    write_dir(target, second)
    assert seen_during_write == [["a"]] and sorted(p.name for p in target.iterdir()) == ["b"]

    def broken(d: Path) -> None:
        (d / "c").write_text("3")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_dir(target, broken)
    assert sorted(p.name for p in target.iterdir()) == ["b"]
    assert [p.name for p in tmp_path.iterdir()] == ["m"]


def test_saving_a_pipeline_keeps_the_old_copy_until_the_new_one_is_written(tmp_path: Path,
                                                                          umask_022: None) -> None:
    from confection import Config

    from newsnlp import Pipeline

    nlp = Pipeline.from_config(Config({"pipeline": {"order": ["sentence"]},
                                       "stages": {"sentence": {"backend": "sentence.rules.v1"}}}))
    nlp.to_disk(tmp_path / "model")
    nlp.to_disk(tmp_path / "model")
    assert mode(tmp_path / "model") == 0o755
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model"]
