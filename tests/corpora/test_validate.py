"""Malformed corpus lines: strict readers raise naming file, line and field; lenient ones repair loudly."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from newsnlp.corpora import load_split
from newsnlp.corpora.parsers import read_char_tags, read_cluener, read_duee, read_pd1998
from newsnlp.corpora.validate import Repairs, check_spans
from newsnlp.errors import CorpusFormatError

PER_ORG_LOC = frozenset({"PER", "ORG", "LOC"})


def char_tags(path: Path, lines: list[str], *, scheme: str = "BIO", strict: bool = True,
              labels: frozenset[str] = PER_ORG_LOC) -> tuple[list[dict], Repairs]:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    repairs = Repairs(path, strict=strict)
    records = list(read_char_tags(path, repairs, id_prefix="t", sep="\t", scheme=scheme, labels=labels))
    return records, repairs


def spans(record: dict) -> list[tuple[str, str]]:
    return [(record["text"][e["start"]:e["end"]], e["label"]) for e in record["entities"]]


@pytest.mark.parametrize(("lines", "line", "kind", "repaired"), [
    (["江\tO", "泽\tI-PER", "民\tI-PER"], 2, "bad_bio: I-PER after O", [("泽民", "PER")]),
    (["江\tB-PER", "苏\tI-LOC"], 2, "bad_bio: I-LOC after B-PER", [("江", "PER"), ("苏", "LOC")]),
    (["江\tB-PER", "\tO", "民\tI-PER"], 2, "tag_on_blank", [("江民", "PER")]),
    (["江\tB-XYZ", "民\tO"], 1, "unknown_label: unknown tag 'B-XYZ'", []),
    (["江\tB-PER", "民 I-PER"], 2, "bad_line", [("江", "PER")]),
])
def test_bio_problems(tmp_path: Path, caplog: pytest.LogCaptureFixture, lines: list[str], line: int,
                      kind: str, repaired: list) -> None:
    with pytest.raises(CorpusFormatError) as error:
        char_tags(tmp_path / "f.bio", lines)
    assert (error.value.path, error.value.line) == (str(tmp_path / "f.bio"), line)
    assert kind in str(error.value) and error.value.field in ("tag", "char")
    with caplog.at_level(logging.WARNING, logger="newsnlp.corpora.validate"):
        (record,), repairs = char_tags(tmp_path / "f.bio", lines, strict=False)
    assert spans(record) == repaired
    assert repairs.summary()["lines"] == 1 and f"f.bio:{line}: " in caplog.text


def test_bmes_problems_are_reported_and_repaired(tmp_path: Path) -> None:
    lines = ["高\tB-NAME", "勇\tO", "南\tM-ORG", "京\tE-ORG", "", "大\tB-ORG", "学\tM-ORG"]
    with pytest.raises(CorpusFormatError, match="unfinished NAME entity") as error:
        char_tags(tmp_path / "f.bmes", lines, scheme="BMES", labels=frozenset({"NAME", "ORG"}))
    assert error.value.line == 2
    records, repairs = char_tags(tmp_path / "f.bmes", lines, scheme="BMES", strict=False,
                                 labels=frozenset({"NAME", "ORG"}))
    assert [spans(r) for r in records] == [[("高", "NAME"), ("南京", "ORG")], [("大学", "ORG")]]
    assert repairs.summary() == {"path": str(tmp_path / "f.bmes"), "lines": 3,
                                 "problems": {"bad_bmes": 3}}


def test_weibo_characters_keep_one_tag_per_line(tmp_path: Path) -> None:
    path = tmp_path / "w"
    path.write_text("李0\tB-PER.NAM\n巾1\tI-PER.NAM\n\ufffd\ufffd0\tO\n112\tO\n", encoding="utf-8")
    record = next(read_char_tags(path, Repairs(path), id_prefix="w", sep="\t", scheme="BIO",
                                 labels=frozenset({"PER.NAM"}), weibo=True))
    assert record["text"] == "李巾\ufffd\ufffd1" and spans(record) == [("李巾", "PER.NAM")]


def cluener(path: Path, records: list[dict], strict: bool = True) -> tuple[list[dict], Repairs]:
    path.write_text("".join(json.dumps(r, ensure_ascii=False, indent=2) + "\n" for r in records),
                    encoding="utf-8")
    repairs = Repairs(path, strict=strict)
    labels = frozenset({"name", "book", "company"})
    return list(read_cluener(path, repairs, id_prefix="c", labels=labels)), repairs


@pytest.mark.parametrize(("label", "kind", "repaired"), [
    ({"name": {"叶老桂": [[9, 11]]}, "company": {"浙商银行": [[30, 33]]}}, "offset_outside",
     [("叶老桂", "name")]),
    ({"name": {"叶老桂": [[9, 11]], "老桂": [[10, 11]]}}, "overlap", [("叶老桂", "name")]),
    ({"person": {"叶老桂": [[9, 11]]}}, "unknown_label", []),
    ({"company": {"浙商银行": [[1, 4]]}}, "text_mismatch", [("浙商银行", "company")]),
])
def test_span_problems(tmp_path: Path, label: dict, kind: str, repaired: list) -> None:
    record = {"text": "浙商银行企业信贷部叶老桂博士说", "label": label}
    with pytest.raises(CorpusFormatError, match=kind) as error:
        cluener(tmp_path / "c.json", [{"text": "一", "label": {}}, record])
    assert error.value.line == 5  # the second record starts on line 5 of the pretty-printed file
    (_, result), repairs = cluener(tmp_path / "c.json", [{"text": "一", "label": {}}, record], strict=False)
    assert spans(result) == repaired and repairs.summary()["problems"] == {kind: 1}


def duee_file(path: Path, argument_start: int) -> Path:
    item = {"text": "雀巢裁员4000人", "id": "x1", "event_list": [{
        "event_type": "组织关系-裁员", "trigger": "裁员", "trigger_start_index": 2,
        "arguments": [{"argument_start_index": argument_start, "role": "裁员方", "argument": "雀巢"}]}]}
    path.write_text(json.dumps(item, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def test_duee_argument_not_at_its_offset(tmp_path: Path) -> None:
    roles = {"组织关系-裁员": frozenset({"裁员方", "裁员人数", "时间"})}
    path = duee_file(tmp_path / "d.json", 1)
    with pytest.raises(CorpusFormatError, match="text_mismatch") as error:
        list(read_duee(path, Repairs(path), roles=roles))
    assert (error.value.line, error.value.field) == (1, "event_list[0].arguments[0].argument")
    repairs = Repairs(path, strict=False)
    (record,) = read_duee(path, repairs, roles=roles)
    assert record["events"] == [{"type": "组织关系-裁员", "trigger": {"start": 2, "end": 4},
                                 "arguments": [{"start": 0, "end": 2, "role": "裁员方"}]}]
    with pytest.raises(CorpusFormatError, match="event type '组织关系-裁员' is not in the schema"):
        list(read_duee(path, Repairs(path), roles={}))


def test_pd1998_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "pd.txt"
    lines = ["19980101-01-001-001/m  迈向/v  \r", "\r\r", "没有编号/n  \r",
             "19980101-01-001-002/m  [中共/j  \r"]
    path.write_bytes("\n".join(lines).encode() + b"\n")
    with pytest.raises(CorpusFormatError, match="expected an id token") as error:
        list(read_pd1998(path, Repairs(path)))
    assert (error.value.line, error.value.field) == (3, "id")
    repairs = Repairs(path, strict=False)
    assert [r["text"] for r in read_pd1998(path, repairs)] == ["迈向", "中共"]
    assert repairs.summary()["lines"] == 2


def test_check_spans_keeps_nested_spans_outside_a_flat_layer() -> None:
    nested = [{"start": 0, "end": 4, "label": "a"}, {"start": 1, "end": 2, "label": "b"}]
    assert check_spans(nested, "abcd", Repairs("x"), line=1, field="f", flat=False) == nested


@pytest.fixture()
def tiny_msra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "corpora" / "ner" / "msra"
    folder.mkdir(parents=True)
    (folder / "msra_train_bio").write_text("江\tB-PER\n民\tI-PER\n\n京\tB-LOC\n", encoding="utf-8")
    (folder / "msra_test_bio").write_text("江\tO\n民\tI-PER\n", encoding="utf-8")
    monkeypatch.setenv("NEWSNLP_CORPORA", str(tmp_path / "corpora"))
    return tmp_path


def test_load_split_raises_the_format_error_itself(tiny_msra: Path) -> None:
    with pytest.raises(CorpusFormatError, match=r"msra_test_bio:2: bad_bio") as error:
        load_split("msra:test", cache_dir=str(tiny_msra / "cache"))
    assert error.value.field == "tag"


def test_lenient_load_warns_with_the_repair_count_every_time(tiny_msra: Path) -> None:
    for _ in range(2):  # the second load comes from the cache and still warns
        with pytest.warns(UserWarning, match=r"msra:test: repaired 1 lines .*'bad_bio': 1"):
            dataset = load_split("msra:test", strict=False, cache_dir=str(tiny_msra / "cache"))
        assert dataset[0]["entities"] == [{"start": 1, "end": 2, "label": "PER"}]
        assert json.loads(dataset.info.description)["repairs"]["lines"] == 1
