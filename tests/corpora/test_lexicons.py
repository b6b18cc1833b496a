"""The typed name lexicons: entries by source, bad lines named by file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsnlp.corpora.lexicons import typed_names
from newsnlp.errors import ConfigError, CorpusFormatError

LEXICON = "北京市\tLOC\tcdiv_province\n法国\tLOC\tjionlp_world_location\n巴黎\tLOC\tjionlp_world_location\n" \
          "华能\tORG\tcompany_short_form\n"


def test_the_names_of_the_sources_asked_for_come_back_with_their_source(tmp_path: Path) -> None:
    path = tmp_path / "typed_lexicon.tsv"
    path.write_text(LEXICON, encoding="utf-8")
    assert typed_names(["jionlp_world_location", "company_short_form"], path) == [
        ("法国", "jionlp_world_location"), ("巴黎", "jionlp_world_location"), ("华能", "company_short_form")]


def test_the_default_file_is_read_under_the_corpus_root(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "lexicons").mkdir()
    (tmp_path / "lexicons" / "typed_lexicon.tsv").write_text(LEXICON, encoding="utf-8")
    monkeypatch.setenv("NEWSNLP_CORPORA", str(tmp_path))
    assert typed_names(["cdiv_province"]) == [("北京市", "cdiv_province")]


@pytest.mark.parametrize(("line", "field"), [
    ("上海市\tLOC", "source"), ("\tLOC\tcdiv_province", "entry"), ("上海市\tGPE\tcdiv_province", "type"),
    ("上海市\tLOC\tcdiv_province\tx", "source"),
])
def test_a_bad_line_is_named_by_file_line_and_field(tmp_path: Path, line: str, field: str) -> None:
    path = tmp_path / "typed_lexicon.tsv"
    path.write_text(LEXICON + line + "\n", encoding="utf-8")
    with pytest.raises(CorpusFormatError, match=rf"typed_lexicon\.tsv:5.*{field}"):
        typed_names(["cdiv_province"], path)


def test_a_source_the_file_lacks_is_a_config_error_naming_the_sources_it_has(tmp_path: Path) -> None:
    path = tmp_path / "typed_lexicon.tsv"
    path.write_text(LEXICON, encoding="utf-8")
    with pytest.raises(ConfigError, match="no source cdiv_cuonty; its sources: cdiv_province, company_short"):
        typed_names(["cdiv_province", "cdiv_cuonty"], path)
