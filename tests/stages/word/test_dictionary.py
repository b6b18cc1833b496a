import pickle

import pytest

from newsnlp.errors import InputFormatError
from newsnlp.stages.word.dictionary import FILE_NAME, UserDictionary, finish_words


def cut(text: str, *pieces: str) -> list[tuple[int, int]]:
    """Spans of ``pieces``, which must tile ``text``."""
    assert "".join(pieces) == text
    spans, start = [], 0
    for piece in pieces:
        spans.append((start, start + len(piece)))
        start += len(piece)
    return spans


def apply(dictionary: UserDictionary, text: str, *pieces: str) -> list[str]:
    return [w.text for w in finish_words(text, cut(text, *pieces), dictionary=dictionary)]


def test_a_word_the_model_splits_is_kept_whole():
    text = "劳模创新工作室成立"
    pieces = ("劳模", "创新", "工作室", "成立")
    assert apply(UserDictionary(), text, *pieces) == list(pieces)
    assert apply(UserDictionary(["劳模创新工作室"]), text, "劳模", "创新", "工作室", "成立") == [
        "劳模创新工作室", "成立"]


def test_words_crossing_a_dictionary_word_are_cut_at_its_edges():
    assert apply(UserDictionary(["创新工"]), "劳模创新工作室", "劳模创", "新", "工作室") == [
        "劳模", "创新工", "作室"]


def test_a_longer_existing_word_is_not_overridden():
    assert apply(UserDictionary(["北京"]), "北京大学的", "北京大学", "的") == ["北京大学", "的"]


def test_latin_and_digit_tokens_are_never_broken():
    dictionary = UserDictionary(["T3", "3航", "15日", "新款iPhone"])
    assert apply(dictionary, "CT30机型", "CT30", "机型") == ["CT30", "机型"]
    assert apply(dictionary, "T3航站楼", "T", "3", "航站楼") == ["T3", "航站楼"]
    assert apply(dictionary, "115日", "115日") == ["115日"]
    assert apply(dictionary, "新款iPhone上市", "新款", "iPhone", "上市") == ["新款iPhone", "上市"]


def test_longest_leftmost_match_and_dictionary_pos():
    dictionary = UserDictionary([("中华", "ns"), ("中华人民共和国", "ns"), ("人民", "n")])
    text = "中华人民共和国人民"
    words = finish_words(text, cut(text, "中华", "人民", "共和国", "人", "民"), dictionary=dictionary)
    assert [(w.text, w.pos) for w in words] == [("中华人民共和国", "ns"), ("人民", "n")]


def test_read_write_round_trip(tmp_path):
    path = tmp_path / "words.txt"
    path.write_text("# my words\n劳模创新工作室\n金桥煤矿\tnt\n\n智慧晾晒房 n\n", encoding="utf-8")
    dictionary = UserDictionary.read(path)
    assert dictionary.entries == {"劳模创新工作室": None, "金桥煤矿": "nt", "智慧晾晒房": "n"}
    dictionary.to_disk(tmp_path / "stage")
    assert (tmp_path / "stage" / FILE_NAME).read_text(encoding="utf-8") == (
        "劳模创新工作室\n金桥煤矿\tnt\n智慧晾晒房\tn\n")
    assert UserDictionary.from_disk(tmp_path / "stage").entries == dictionary.entries
    # the saved copy wins over a user_dict setting; without one, the setting's list is read
    saved = UserDictionary.from_disk(tmp_path / "stage", tmp_path / "missing.txt")
    assert saved.entries == dictionary.entries
    assert UserDictionary.from_disk(tmp_path / "nowhere", path).entries == dictionary.entries
    assert len(UserDictionary.from_disk(tmp_path / "nowhere")) == 0


def test_bad_lines_name_file_and_line(tmp_path):
    path = tmp_path / "words.txt"
    path.write_text("好词\n一 二 三\n", encoding="utf-8")
    with pytest.raises(InputFormatError, match=r"words.txt:2: .*'word'"):
        UserDictionary.read(path)
    path.write_text("好词\n两 个\tn\n", encoding="utf-8")
    with pytest.raises(InputFormatError, match=r"words.txt:2: .*'两 个'.*'word'"):
        UserDictionary.read(path)
    with pytest.raises(InputFormatError, match="holds whitespace"):
        UserDictionary(["有 空格"])


def test_pickles_without_its_trie():
    dictionary = UserDictionary(["劳模创新工作室"])
    assert dictionary.matches("新的劳模创新工作室") == [(2, 9, None)]
    copy = pickle.loads(pickle.dumps(dictionary))
    assert copy.matches("劳模创新工作室") == [(0, 7, None)]
