"""``newsnlp corpora``: list, stats, convert and validate on small files and a tiny corpus root."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from newsnlp.cli import corpora as command


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="newsnlp")
    command.add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["corpora", *argv])
    return args.func(args)


@pytest.fixture()
def tiny_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A corpus root holding only Weibo NER, with one stray I- tag in dev."""
    folder = tmp_path / "corpora" / "ner" / "weibo"
    folder.mkdir(parents=True)
    for split, second in (("train", "I-GPE.NAM"), ("dev", "O"), ("test", "I-GPE.NAM")):
        tag = "I-PER.NAM" if split == "dev" else second
        (folder / f"weiboNER_2nd_conll.{split}").write_text(
            f"北0\tB-GPE.NAM\n京1\t{second}\n好0\tO\n\n李0\tO\n四1\t{tag}\n", encoding="utf-8")
    monkeypatch.setenv("NEWSNLP_CORPORA", str(tmp_path / "corpora"))
    return tmp_path


def test_list_shows_found_counts_and_missing_corpora(tiny_root: Path, capsys: pytest.CaptureFixture) -> None:
    assert run("list", "--json") == 0
    listing = {entry["name"]: entry for entry in json.loads(capsys.readouterr().out)}
    dev = listing["weibo"]["splits"]["dev"]
    assert (dev["records"], dev["entity_labels"], dev["repairs"]["lines"]) == (
        2, {"GPE.NAM": 1, "PER.NAM": 1}, 1)
    assert not listing["msra"]["found"] and "ner/msra/msra_train_bio" in listing["msra"]["missing"]
    assert run("list") == 0
    assert "weibo         dev    2        2" in capsys.readouterr().out


def test_stats_and_validate_a_corpus(tiny_root: Path, capsys: pytest.CaptureFixture) -> None:
    assert run("stats", "weibo:dev", "--labels", "project") == 0
    out = capsys.readouterr().out
    assert out.startswith("weibo:dev: 2 records, 5 chars") and "  LOC: 1\n  PER: 1" in out
    assert run("validate", "weibo") == 1
    out = capsys.readouterr().out
    assert "weiboNER_2nd_conll.dev: 2 records, 1 lines need repair {'bad_bio': 1}" in out


def test_stats_of_a_named_set_and_of_an_unknown_name(capsys: pytest.CaptureFixture) -> None:
    from newsnlp.errors import ConfigError

    assert run("stats", "gold:dev", "--json") == 0
    stats = json.loads(capsys.readouterr().out)["gold:dev"]
    assert stats["records"] == 63 and set(stats["entity_labels"]) == {"PER", "ORG", "LOC", "TIME", "QUANTITY"}
    assert stats["repairs"]["lines"] == 0
    with pytest.raises(ConfigError, match="unknown corpus 'brod'; corpora: .*named sets: gold, broad"):
        command.corpora("stats", corpus="brod")


def test_convert_and_validate_gold(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "d1", "text": "江泽民在北京", "meta": {}, "events": [],
                                "entities": [{"start": 0, "end": 3, "label": "PER"}]},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    assert run("validate", str(gold)) == 0
    assert capsys.readouterr().out.endswith("1 records, 1 entities, 0 events, 0 problems\n")
    assert run("convert", str(gold), str(tmp_path / "d.jsonl"), "--from", "gold", "--to", "doccano") == 0
    assert json.loads((tmp_path / "d.jsonl").read_text("utf-8"))["entities"] == [
        {"id": 1, "label": "PER", "start_offset": 0, "end_offset": 3}]
    run("convert", str(tmp_path / "d.jsonl"), str(tmp_path / "back.jsonl"), "--from", "doccano",
        "--to", "gold")
    assert run("validate", str(tmp_path / "back.jsonl")) == 0
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "ab", "entities": [{"start": 1, "end": 5, "label": "PER"}], '
                   '"events": []}\n', encoding="utf-8")
    capsys.readouterr()
    assert run("validate", str(bad)) == 1
    assert "bad.jsonl:1: [1, 5) is empty or outside the text of length 2 (field 'entities[0]')" in (
        capsys.readouterr().out)


def test_validate_reports_every_problem_with_its_line_and_never_crashes(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    def line(**changes: object) -> bytes:
        record = {"id": "d", "text": "江泽民在北京\u2028开会", "meta": {}, "events": [],
                  "entities": [{"start": 0, "end": 3, "label": "PER"}]}
        # a lone surrogate becomes the JSON escape \\ud800, which json.loads reads back as one
        text = json.dumps({**record, **changes}, ensure_ascii=False)
        return text.encode("utf-8", "backslashreplace") + b"\n"

    gold = tmp_path / "gold.jsonl"
    gold.write_bytes(b"".join([
        line(id="ok"),  # U+2028 inside the text: one line, not two
        line(id="float", entities=[{"start": 0.0, "end": 3.0, "label": "PER"}]),
        "{\"id\": \"gbk\", \"text\": \"北京\"}\n".encode("gbk"),
        b"{not json\n",
        line(id="overlap", entities=[{"start": 0, "end": 3, "label": "PER"},
                                     {"start": 2, "end": 6, "label": "LOC"}]),
        line(id="surrogate", text="\ud800江泽民"),
        line(id="date", date="2025-02-30"),
        line(id="ok"),
        line(id="events", events=[{"id": "e", "type": "会议", "trigger": {"start": 7, "end": 9},
                                   "arguments": []}] * 2),
    ]))
    assert run("validate", str(gold)) == 1
    out = capsys.readouterr().out.splitlines()
    for number, needle in [(2, "offsets must be whole numbers, not 0.0 and 3.0 (field 'entities[0]')"),
                           (3, "byte 23 of the line is not valid utf-8"), (4, "not JSON"),
                           (5, "overlaps entities[0]"), (6, "lone surrogate"), (7, "not a real date"),
                           (8, "id 'ok' already used on line 1"), (9, "event id 'e' is used 2 times")]:
        assert any(f"gold.jsonl:{number}: " in problem and needle in problem for problem in out), (
            number, needle, out)
    assert out[-1].endswith("9 records, 1 entities, 0 events, 8 problems")


def test_convert_counts_what_it_skips_and_strict_or_a_missing_input_fail(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from newsnlp.cli.app import main

    brat = Path(__file__).parents[1] / "corpora" / "formats" / "fixtures" / "brat"
    assert main(["corpora", "convert", str(brat), str(tmp_path / "g.jsonl"), "--from", "brat",
                 "--to", "gold"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "converted 1 articles\n"
    assert "newsnlp: skipped 1 × brat R line (relation) (first: " in captured.err
    assert captured.err.count("newsnlp: skipped") == 8
    assert main(["corpora", "convert", str(brat), str(tmp_path / "s.jsonl"), "--from", "brat",
                 "--to", "gold", "--strict"]) == 2
    assert "news-1.ann:9: brat R line (relation)" in capsys.readouterr().err
    assert not (tmp_path / "s.jsonl").exists()
    assert main(["corpora", "convert", str(tmp_path / "none"), str(tmp_path / "n.jsonl"), "--from", "brat",
                 "--to", "gold"]) == 2
    assert f"{tmp_path / 'none'}: no such file or folder" in capsys.readouterr().err


def test_the_shipped_tool_configs_are_those_of_the_news_schema(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture) -> None:
    shipped = Path(__file__).parents[2] / "corpora" / "tools"
    for tool, path in (("labelstudio", shipped / "labelstudio.xml"),
                       ("brat", shipped / "brat" / "annotation.conf")):
        assert run("tool-config", tool) == 0
        assert capsys.readouterr().out == path.read_text(encoding="utf-8")
    assert run("tool-config", "brat", "--schema", "duee", "-o", str(tmp_path / "annotation.conf")) == 0
    assert "组织关系-裁员\t" in (tmp_path / "annotation.conf").read_text(encoding="utf-8")
