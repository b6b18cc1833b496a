import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from newsnlp.cli.app import main
from newsnlp.cli.extract import format_table
from newsnlp.doc import Argument, Article, Event, Span

NEWSNLP = [sys.executable, "-m", "newsnlp.cli.app"]


def write_jsonl(path, count):
    with open(path, "w", encoding="utf-8") as stream:
        for i in range(count):
            stream.write(json.dumps({"id": f"n{i}", "text": f"第{i}条。职工说：“好。”完。"},
                                    ensure_ascii=False) + "\n")


def test_jsonl_in_jsonl_out_keeps_ids_order_and_offsets(tmp_path, sentence_model, capsys,
                                                       article_schema):
    write_jsonl(tmp_path / "in.jsonl", 5)
    assert main(["extract", str(tmp_path / "in.jsonl"), "--input-format", "jsonl",
                 "--model", str(sentence_model)]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["id"] for r in records] == [f"n{i}" for i in range(5)]
    for record in records:
        article_schema.validate(record)
        assert [record["text"][s["start"]:s["end"]] for s in record["sentences"]] == [
            s["text"] for s in record["sentences"]]


def test_json_and_table_formats_and_atomic_output(tmp_path, sentence_model):
    (tmp_path / "a.txt").write_text("甲。乙。", encoding="utf-8")
    out = tmp_path / "out.json"
    assert main(["extract", str(tmp_path / "a.txt"), "--format", "json", "-o", str(out),
                 "--model", str(sentence_model)]) == 0
    assert [r["id"] for r in json.loads(out.read_text("utf-8"))] == ["a"]
    table = tmp_path / "out.txt"
    assert main(["extract", str(tmp_path / "a.txt"), "--format", "table", "-o", str(table),
                 "--model", str(sentence_model)]) == 0
    assert "sentences: 2" in table.read_text("utf-8")


def test_errors_are_one_line_with_exit_code_2(tmp_path, sentence_model, capsys):
    (tmp_path / "bad.jsonl").write_text('{"text": "a"}\n{oops\n', encoding="utf-8")
    args = ["extract", str(tmp_path / "bad.jsonl"), "--input-format", "jsonl",
            "--model", str(sentence_model)]
    assert main(args) == 2
    assert "bad.jsonl:2: not JSON" in capsys.readouterr().err
    assert main([*args, "--skip-bad"]) == 0
    assert main(["extract", str(tmp_path / "bad.jsonl"), "--layers", "entities",
                 "--model", str(sentence_model)]) == 2
    assert "no stage for ['entities']" in capsys.readouterr().err
    (tmp_path / "latin1.txt").write_bytes("café".encode("latin-1"))
    assert main(["extract", str(tmp_path / "latin1.txt"), "--model", str(sentence_model)]) == 2
    assert "latin1.txt: byte 3" in capsys.readouterr().err


def test_layers_selection_drops_other_layers(tmp_path, sentence_model, capsys):
    (tmp_path / "a.txt").write_text("甲。", encoding="utf-8")
    assert main(["extract", str(tmp_path / "a.txt"), "--layers", "sentences",
                 "--model", str(sentence_model)]) == 0
    assert json.loads(capsys.readouterr().out)["layers_filled"] == ["sentences"]


def test_resume_after_kill_9_gives_the_uninterrupted_output(tmp_path, sentence_model):
    source = tmp_path / "in.jsonl"
    write_jsonl(source, 20000)
    args = [*NEWSNLP, "extract", str(source), "--input-format", "jsonl", "--model",
            str(sentence_model), "--batch-size", "50"]
    expected = tmp_path / "expected.jsonl"
    subprocess.run([*args, "-o", str(expected)], check=True)
    rng = random.Random(7)
    resumed = 0
    for attempt in range(3):
        out = tmp_path / f"out{attempt}.jsonl"
        partial = out.with_name(out.name + ".partial")
        process = subprocess.Popen([*args, "-o", str(out)])
        deadline = time.time() + 60
        while time.time() < deadline and not (partial.exists() and partial.stat().st_size > 0):
            time.sleep(0.01)
        time.sleep(rng.uniform(0, 0.3))
        process.send_signal(signal.SIGKILL)
        process.wait()
        if out.exists():  # finished before the kill: nothing to resume
            continue
        assert partial.exists()
        subprocess.run([*args, "-o", str(out), "--resume"], check=True)
        assert out.read_bytes() == expected.read_bytes()
        assert not partial.exists()
        resumed += 1
    assert resumed >= 2, "the runs finished before they could be killed: enlarge the input"


@pytest.mark.parametrize("flag", [[], ["extract"]])
def test_help_works_everywhere(flag):
    result = subprocess.run([*NEWSNLP, *flag, "--help"], capture_output=True, text=True,
                            env={**os.environ})
    assert result.returncode == 0 and "usage: newsnlp" in result.stdout


def test_sample_page_with_the_default_model(capsys, article_schema):
    from tests.conftest import SAMPLE_PAGE

    assert main(["extract", str(SAMPLE_PAGE), "--input-format", "page", "--format", "json",
                 "--date", "2025-11-25"]) == 0
    records = json.loads(capsys.readouterr().out)
    kinds = [r["kind"] for r in records]
    assert kinds.count("article") == 8 and kinds.count("photo") == 2
    for record in records:
        article_schema.validate(record)
        assert record["date"] == "2025-11-25" and "sentences" in record["layers_filled"]


def test_normal_odd_inputs_with_the_default_model(tmp_path, capsys):
    cases = {
        "empty.txt": b"",
        "traditional.txt": "無錫市總工會推動產學研用深度融合。".encode(),
        "width.txt": "ＡＢＣ公司与abc公司签约，金额１２３万元，增长50％。".encode(),
        "gb.txt": "本报讯（记者黄洪涛）近日，无锡市总工会举办活动。".encode("gb18030"),
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    paths = [str(tmp_path / n) for n in ("empty.txt", "traditional.txt", "width.txt")]
    assert main(["extract", *paths, "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["text"] for r in records][0] == "" and records[0]["sentences"] == []
    for record in records:
        for layer in record["layers_filled"]:
            for span in record[layer] if layer != "events" else []:
                assert record["text"][span["start"]:span["end"]] == span["text"]
    assert main(["extract", str(tmp_path / "gb.txt"), "--encoding", "gb18030"]) == 0
    assert json.loads(capsys.readouterr().out)["text"].startswith("本报讯")
    assert main(["extract", str(tmp_path / "gb.txt")]) == 2
    assert "gb.txt: byte 0" in capsys.readouterr().err


def test_a_one_megabyte_article(tmp_path, capsys):
    from tests.conftest import SAMPLE_PAGE

    paragraph = SAMPLE_PAGE.read_text("utf-8")
    text = (paragraph * (2**20 // len(paragraph.encode()) + 1))
    (tmp_path / "big.txt").write_text(text, encoding="utf-8")
    assert main(["extract", str(tmp_path / "big.txt"), "--layers", "sentences"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert len(record["text"].encode()) >= 2**20 and len(record["sentences"]) > 1000


def test_the_table_shows_normalised_values() -> None:
    text = "三天前，一千多名职工参加培训。"
    article = Article("a", text, layers_filled=("events",), events=[Event(
        "e1", "training", Span(13, 15, "培训"), arguments=(
            Argument(0, 3, "三天前", role="time", value={"iso": "2025-11-22", "type": "point"}),
            Argument(4, 8, "一千多名", role="count",
                     value={"value": 1000, "unit": "名", "relation": ">="})))])
    assert "time=三天前 [2025-11-22]; count=一千多名 [>=1000名]" in format_table(article)
