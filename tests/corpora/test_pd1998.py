"""People's Daily 1998 lines: parsing, and entities derived from the POS tags on hand-written lines."""

from __future__ import annotations

import pytest

from newsnlp.corpora.pd1998 import article_id, derive_entities, parse_line
from newsnlp.corpora.validate import Repairs


def derived(line: str) -> list[tuple[str, str]]:
    paragraph = parse_line("19980101-01-001-002/m  " + line, Repairs("pd.txt"), 1)
    assert paragraph is not None
    return [(paragraph.text[e["start"]:e["end"]], e["label"]) for e in derive_entities(paragraph)]


@pytest.mark.parametrize(("line", "entities"), [
    ("国家/n  主席/n  江/nr  泽民/nr  、/w  李/nr  鹏/nr", [("江泽民", "PER"), ("李鹏", "PER")]),
    ("李/nr  鹏/nr  乔/nr  石/nr  欧阳/nr  中石/nr  克林顿/nr  泽民/nr",
     [("李鹏", "PER"), ("乔石", "PER"), ("欧阳中石", "PER"), ("克林顿", "PER"), ("泽民", "PER")]),
    ("[中共中央/nt  办公厅/n]nt  发出/v  通知/n", [("中共中央办公厅", "ORG")]),
    ("[香港/ns  特别/a  行政区/n]ns  成立/v", [("香港特别行政区", "LOC")]),
    ("[中国/ns  人民/n  政治/n  协商/vn  会议/n]nz", [("中国", "LOC")]),
    ("北京/ns  上海/ns  新华社/nt", [("北京", "LOC"), ("上海", "LOC"), ("新华社", "ORG")]),
    ("１２月/t  ３１日/t  ，/w  今天/t", [("１２月３１日", "TIME"), ("今天", "TIME")]),
    ("２００/m  多/m  位/q  代表/n  第一/m  ，/w  ５０％/m",
     [("２００多位", "QUANTITY"), ("５０％", "QUANTITY")]),
    ("中/j  美/j  政协/j  欧盟/j  经贸/j  人均/j", [("中", "LOC"), ("美", "LOC"), ("政协", "ORG"),
                                                ("欧盟", "ORG")]),
])
def test_derivation(line: str, entities: list[tuple[str, str]]) -> None:
    assert derived(line) == entities


def test_words_keep_the_inner_words_of_brackets_and_offsets_index_the_text() -> None:
    paragraph = parse_line("19980101-01-001-002/m  [中共中央/nt  办公厅/n]nt  发出/v  ", Repairs("pd.txt"), 1)
    assert paragraph.id == "19980101-01-001-002" and paragraph.text == "中共中央办公厅发出"
    assert paragraph.words == ((0, 4, "nt"), (4, 7, "n"), (7, 9, "v"))
    assert paragraph.brackets == ((0, 1, "nt"),)
    assert article_id(paragraph.id) == "19980101-01-001"
