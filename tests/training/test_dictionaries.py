"""Word-dictionary sources of the training configs: corpus splits and named sets, or word-list files."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsnlp.errors import ConfigError
from newsnlp.training.dictionaries import dictionary_words, is_split


def test_dictionary_words_of_a_split_and_a_word_list(tmp_path: Path) -> None:
    record = {"text": "王进喜在大庆油田", "words": [{"start": 0, "end": 3}, {"start": 3, "end": 4},
                                                  {"start": 4, "end": 6}, {"start": 6, "end": 8}]}
    words = tmp_path / "words.txt"
    words.write_text("劳模创新工作室\n金桥煤矿\tnt\n人\n", encoding="utf-8")
    assert is_split("pd1998:train", "lexicon_words") and not is_split(str(words), "lexicon_words")
    # one-character entries are left out, as a split's are
    assert dictionary_words(["pd1998:train", str(words)], lambda source: [record]) == {
        "王进喜", "大庆", "油田", "劳模创新工作室", "金桥煤矿"}


def test_a_source_that_is_neither_names_its_setting() -> None:
    with pytest.raises(ConfigError, match=r"lexicon_words: 'pd1989:train'"):
        is_split("pd1989:train", "lexicon_words")
