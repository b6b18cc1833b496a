"""Word-level CoNLL: CoNLL-2003 rows (word POS chunk NER, IOB1, -DOCSTART-) and word BIO files."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsnlp.corpora.formats.common import Skips
from newsnlp.corpora.formats.conll import read_conll
from newsnlp.errors import CorpusFormatError

FIXTURES = Path(__file__).parent / "fixtures"


def test_conll2003_rows_read_as_words_with_pos_and_iob1_entities() -> None:
    skips = Skips()
    first, second, third = read_conll(FIXTURES / "conll2003.txt", skips)
    assert first.text == "EU rejects German call to boycott British lamb ."
    assert [(e.text, e.label) for e in first.entities] == [("EU", "ORG"), ("German", "MISC"),
                                                           ("British", "MISC")]
    assert [(w.text, w.pos) for w in first.words][:3] == [("EU", "NNP"), ("rejects", "VBZ"), ("German", "JJ")]
    assert [(e.text, e.label) for e in second.entities] == [("Peter Blackburn", "PER")]
    assert (third.text, [e.text for e in third.entities]) == ("BRUSSELS 1996-08-22", ["BRUSSELS"])
    assert skips.counts == {"CoNLL-2003 chunk tag (column 3)": 13}


def test_strict_reading_refuses_to_drop_the_chunk_column() -> None:
    with pytest.raises(CorpusFormatError, match=r"conll2003\.txt:3: CoNLL-2003 chunk tag"):
        read_conll(FIXTURES / "conll2003.txt")


def test_chinese_words_join_without_spaces_and_fill_the_words_layer() -> None:
    (article,) = read_conll(FIXTURES / "words_bio.conll")
    assert article.text == "新华社北京电 AP 报道"
    assert [w.text for w in article.words] == ["新华社", "北京", "电", "AP", "报道"]
    assert [(e.text, e.label) for e in article.entities] == [("新华社", "ORG"), ("北京", "LOC"),
                                                             ("AP", "ORG")]


def test_middle_columns_of_other_files_are_counted(tmp_path: Path) -> None:
    (tmp_path / "x.conll").write_text("北\tns\tB-LOC\n京\tns\tI-LOC\n", encoding="utf-8")
    skips = Skips()
    (article,) = read_conll(tmp_path / "x.conll", skips)
    assert [(e.text, e.label) for e in article.entities] == [("北京", "LOC")]
    assert skips.first == {"CoNLL column between token and tag": f"{tmp_path / 'x.conll'}:1, field 'columns'"}
    with pytest.raises(CorpusFormatError, match=r"x\.conll:1: CoNLL column between"):
        read_conll(tmp_path / "x.conll")
