"""Training data by name or by path, read through the one format registry."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsnlp.corpora.sources import describe_sources, file_and_format, is_named, load_source
from newsnlp.errors import ConfigError

BIO = "江\tB-PER\n泽\tI-PER\n民\tI-PER\n说\tO\n\n好\tO\n"


def test_a_path_is_read_by_its_suffix_and_a_table_by_its_format(tmp_path: Path) -> None:
    (tmp_path / "own.conll").write_text(BIO, encoding="utf-8")
    (tmp_path / "own.data").write_text(BIO, encoding="utf-8")
    by_suffix = load_source(str(tmp_path / "own.conll"))
    assert by_suffix == load_source({"path": str(tmp_path / "own.data"), "format": "conll"})
    assert by_suffix[0] == {"id": "doc-1", "text": "江泽民说", "words": [], "events": [],
                            "entities": [{"start": 0, "end": 3, "label": "PER"}]}
    assert describe_sources([str(tmp_path / "own.conll")]).endswith("own.conll (conll file)")


def test_split_names_are_named_and_files_are_not(tmp_path: Path) -> None:
    (tmp_path / "own.conll").write_text(BIO, encoding="utf-8")
    assert is_named("msra:train") and is_named("gold:dev") and is_named("broad:train")
    assert describe_sources(["broad:dev"]).startswith("broad:dev (the broad news corpus")
    assert not is_named(str(tmp_path / "own.conll")) and not is_named("nosuch:train")


@pytest.mark.parametrize(("source", "message"), [
    ("missing.conll", "'missing.conll': no such file, and not a CORPUS:SPLIT name"),
    ({"path": "x.conll", "fmt": "conll"}, "a file source has the keys path and format"),
])
def test_a_bad_source_is_a_config_error(source: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_source(source)  # type: ignore[arg-type]


def test_an_unknown_suffix_asks_for_the_format(tmp_path: Path) -> None:
    (tmp_path / "own.data").write_text(BIO, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"say its format \(gold, doccano"):
        file_and_format(str(tmp_path / "own.data"))
