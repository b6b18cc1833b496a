import json
import os

import pytest

from newsnlp.errors import InputFormatError
from newsnlp.io import ResumableWriter, iter_articles, iter_jsonl_records, read_text


def test_non_utf8_bytes_name_file_and_offset(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes("工会".encode() + b"\xff\xfe" + "职工".encode())
    with pytest.raises(InputFormatError, match=r"bad\.txt.*byte 6.*--encoding"):
        read_text(str(path))


def test_gb18030_with_encoding_and_line_endings(tmp_path):
    path = tmp_path / "gb.txt"
    path.write_bytes("\ufeff無錫市總工會\r\n職工\r".encode("gb18030"))
    assert read_text(str(path), "gb18030") == "無錫市總工會\n職工\n"
    with pytest.raises(InputFormatError, match="unknown encoding"):
        read_text(str(path), "no-such-codec")


def test_jsonl_errors_name_file_line_and_field(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "a", "text": "甲"}\nnot json\n{"id": "c"}\n[1]\n\n{"text": "乙"}\n',
                    encoding="utf-8")
    with pytest.raises(InputFormatError, match=r"in\.jsonl:2: not JSON"):
        list(iter_jsonl_records(str(path)))
    records = list(iter_jsonl_records(str(path), skip_bad=True))
    assert [(r["id"], r["text"]) for r in records] == [("a", "甲"), ("in-6", "乙")]


def test_missing_text_field_is_named(tmp_path):
    path = tmp_path / "m.jsonl"
    path.write_text('{"id": "c", "text": 5}\n', encoding="utf-8")
    with pytest.raises(InputFormatError, match=r"m\.jsonl:1: .*\(field 'text'\)"):
        list(iter_jsonl_records(str(path)))


def test_text_and_jsonl_articles(tmp_path):
    (tmp_path / "a.txt").write_text("正文。", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"id": 7, "text": "甲", "date": "2025-01-02"}\n',
                                      encoding="utf-8")
    text = list(iter_articles([str(tmp_path / "a.txt")], "text", date="2025-11-25"))
    jsonl = list(iter_articles([str(tmp_path / "b.jsonl")], "jsonl", date="2025-11-25"))
    assert (text[0].id, text[0].text, text[0].date) == ("a", "正文。", "2025-11-25")
    assert (jsonl[0].id, jsonl[0].date) == ("7", "2025-01-02")
    with pytest.raises(InputFormatError, match="unknown input format"):
        list(iter_articles([], "xml"))


def test_resumable_writer_cuts_a_torn_line_and_counts_done(tmp_path):
    out = tmp_path / "out.jsonl"
    writer = ResumableWriter(out)
    writer.write({"id": 1})
    writer.flush()
    writer.partial.open("ab").write(b'{"id": 2, "tor')
    resumed = ResumableWriter(out, resume=True)
    assert resumed.done == 1
    resumed.write({"id": 2})
    resumed.close()
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == [1, 2]
    assert not resumed.partial.exists()
    with pytest.raises(InputFormatError, match="already complete"):
        ResumableWriter(out, resume=True)


def test_bad_json_shapes_are_named(tmp_path):
    path = tmp_path / "odd.jsonl"
    path.write_text('{"text": "a\\ud800b"}\n' + "[" * 100000 + '\n{"text": "x", "id": true}\n'
                    '{"text": "x", "title": [1]}\n{"text": "好", "id": 3}\n', encoding="utf-8")
    problems = []
    for _ in range(4):
        with pytest.raises(InputFormatError) as err:
            list(iter_jsonl_records(str(path)))
        problems.append(str(err.value))
        lines = path.read_text("utf-8").splitlines()
        path.write_text("\n".join(lines[1:]) + "\n", encoding="utf-8")
    assert "odd.jsonl:1: character 1 is a lone surrogate" in problems[0]
    assert "nested too deeply" in problems[1]
    assert "field 'id'" in problems[2] and "field 'title'" in problems[3]
    path.write_text('{"text": "x", "date": 20251125}\n', encoding="utf-8")
    with pytest.raises(InputFormatError, match="field 'date'"):
        list(iter_jsonl_records(str(path)))
    path.write_text('{"text": "好", "id": 3}\n', encoding="utf-8")
    assert [r["id"] for r in iter_jsonl_records(str(path))] == ["3"]


def test_directories_expand_to_their_files_in_order(tmp_path):
    (tmp_path / "b.txt").write_text("乙", encoding="utf-8")
    (tmp_path / "a.txt").write_text("甲", encoding="utf-8")
    (tmp_path / "skip.json").write_text("{}", encoding="utf-8")
    assert [a.id for a in iter_articles([str(tmp_path)], "text")] == ["a", "b"]
    with pytest.raises(InputFormatError, match="no such file"):
        list(iter_articles([str(tmp_path / "none.txt")], "text"))


def test_paths_that_cannot_be_read_are_named(tmp_path):
    from newsnlp.io import check_readable, read_lines

    with pytest.raises(InputFormatError, match="is a directory"):
        check_readable(tmp_path)
    with pytest.raises(InputFormatError, match="absent.txt: no such file"):
        list(read_lines(tmp_path / "absent.txt"))
    locked = tmp_path / "locked.txt"
    locked.write_text("词\n", encoding="utf-8")
    locked.chmod(0)
    if os.geteuid() != 0:  # root reads files whatever their permissions
        with pytest.raises(InputFormatError, match="locked.txt: cannot read the file"):
            check_readable(locked)


def test_lines_split_on_newline_only_and_long_lines_are_bounded(tmp_path):
    from newsnlp.io import iter_lines

    path = tmp_path / "a.jsonl"
    path.write_bytes("甲\u2028乙\x85丙\r\n".encode() + b"x" * 100 + b"\nlast")
    with open(path, "rb") as stream:
        lines = list(iter_lines(stream, 50))
    assert lines == [(1, "甲\u2028乙\x85丙\r".encode()), (2, None), (3, b"last")]


def test_word_lists_with_and_without_pos_name_the_line_of_a_bad_entry(tmp_path):
    from newsnlp.io import read_word_list

    path = tmp_path / "words.txt"
    path.write_text("# comment\n劳模创新工作室\n金桥煤矿\tnt\n\n", encoding="utf-8")
    assert read_word_list(path) == [("劳模创新工作室", None), ("金桥煤矿", "nt")]
    path.write_text("金桥煤矿 nt extra\n", encoding="utf-8")
    with pytest.raises(InputFormatError, match=r"words\.txt:1"):
        read_word_list(path)


def test_count_inputs_knows_files_and_jsonl_lines_but_not_pages(tmp_path):
    from newsnlp.io import count_inputs

    (tmp_path / "a.jsonl").write_text('{"text": "1"}\n\n{"text": "2"}\n{"text": "3"}', encoding="utf-8")
    (tmp_path / "t").mkdir()
    for name in ("x.txt", "y.txt"):
        (tmp_path / "t" / name).write_text("好", encoding="utf-8")
    assert count_inputs([str(tmp_path / "a.jsonl")], "jsonl") == 3
    assert count_inputs([str(tmp_path / "t")], "text") == 2
    assert count_inputs([str(tmp_path / "t")], "page") is None and count_inputs(["-"], "jsonl") is None
