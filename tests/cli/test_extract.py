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


def test_threads_sets_torchs_threads(tmp_path, sentence_model, torch_threads):
    (tmp_path / "a.txt").write_text("甲。", encoding="utf-8")
    assert main(["extract", str(tmp_path / "a.txt"), "--model", str(sentence_model),
                 "--threads", "2", "-o", str(tmp_path / "out.jsonl")]) == 0
    assert torch_threads.get_num_threads() == 2


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
    assert main([*args, "--skip-bad"]) == 2  # the good line is written; one was skipped
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


@pytest.fixture
def refuse_loading(monkeypatch):
    """Fail the test if the model is loaded: the checks under test must come first."""
    def load(*args, **kwargs):
        raise AssertionError("the model was loaded before the arguments were checked")

    monkeypatch.setattr("newsnlp.cli.extract.load", load)


# case -> (inputs, options, message); {tmp} is the test's folder, holding good.txt, gbk.txt, folder/
# and empty-folder/
DOOR_CASES = {
    "gbk user dict": (["good.txt"], ["--user-dict", "{tmp}/gbk.txt"],
                      "gbk.txt:1: byte 0 of the line is not valid"),
    "directory as user dict": (["good.txt"], ["--user-dict", "{tmp}/folder"], "folder: is a directory"),
    "missing user dict": (["good.txt"], ["--user-dict", "{tmp}/absent.txt"], "absent.txt: no such file"),
    "gbk entity dict": (["good.txt"], ["--entity-dict", "{tmp}/gbk.txt"], "gbk.txt:1: byte 0"),
    "directory as entity dict": (["good.txt"], ["--entity-dict", "{tmp}/folder"], "is a directory"),
    "schema that is no schema": (["good.txt"], ["--schema", "/etc/passwd"],
                                 "/etc/passwd: field (top level): "),
    "directory as schema": (["good.txt"], ["--schema", "{tmp}/folder"], "no such schema file"),
    "missing input": (["absent.jsonl"], [], "absent.jsonl: no such file"),
    "folder without inputs": (["empty-folder"], [], "no text input files"),
    "malformed date": (["good.txt"], ["--date", "2025-13-45"], "--date: '2025-13-45' is not a real date"),
    "date with slashes": (["good.txt"], ["--date", "2007/12/07"], "is not a date written YYYY-MM-DD"),
    "no batch": (["good.txt"], ["--batch-size", "0", "--jobs", "2"],
                 "--batch-size must be at least 1, not 0"),
    "no jobs": (["good.txt"], ["--jobs", "0"], "--jobs must be at least 1"),
    "no threads": (["good.txt"], ["--threads", "0"], "--threads must be at least 1"),
    "no characters": (["good.txt"], ["--max-chars", "0"], "--max-chars must be at least 1"),
    "output is the input": (["good.txt"], ["-o", "{tmp}/good.txt"], "-o names an input file"),
    "output is a folder": (["good.txt"], ["-o", "{tmp}/folder"], "-o names a directory"),
    "resume to stdout": (["good.txt"], ["--resume"], "--resume needs -o"),
}


@pytest.mark.parametrize("case", list(DOOR_CASES))
def test_every_file_and_argument_is_checked_before_the_model_loads(tmp_path, capsys, refuse_loading,
                                                                 case):
    (tmp_path / "good.txt").write_text("甲。", encoding="utf-8")
    (tmp_path / "gbk.txt").write_bytes("劳模\n工作室\n".encode("gbk"))
    (tmp_path / "folder").mkdir()
    (tmp_path / "empty-folder").mkdir()
    inputs, options, message = DOOR_CASES[case]
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert main(["extract", *(str(tmp_path / name) for name in inputs),
                 *(option.format(tmp=tmp_path) for option in options)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("newsnlp: error: [E1") and err.count("\n") == 1, err
    assert message in err, err
    assert len(err) < 400, "an error quotes at most a short excerpt of a file"
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_a_second_run_on_the_same_output_is_refused_before_it_writes(tmp_path, sentence_model, capsys):
    from newsnlp.io import OutputLock

    write_jsonl(tmp_path / "in.jsonl", 3)
    out = tmp_path / "out.jsonl"
    partial = tmp_path / "out.jsonl.partial"
    partial.write_bytes(b'{"first run": 1}\n')
    args = ["extract", str(tmp_path / "in.jsonl"), "--input-format", "jsonl", "-o", str(out),
            "--model", str(sentence_model)]
    with OutputLock(out):  # the first run, still writing
        assert main(args) == 2
        assert "another newsnlp run is writing this output" in capsys.readouterr().err
        assert partial.read_bytes() == b'{"first run": 1}\n' and not out.exists()
    assert main(args) == 0  # once the first run is over
    assert len(out.read_text("utf-8").splitlines()) == 3
    assert not (tmp_path / "out.jsonl.lock").exists()


def test_two_real_runs_on_one_output_cannot_interleave(tmp_path, sentence_model):
    source = tmp_path / "in.jsonl"
    write_jsonl(source, 20000)
    out = tmp_path / "out.jsonl"
    args = [*NEWSNLP, "extract", str(source), "--input-format", "jsonl", "--model", str(sentence_model)]
    first = subprocess.Popen([*args, "-o", str(out), "--batch-size", "1"])  # one record a batch: slow
    deadline = time.time() + 60
    while time.time() < deadline and not (tmp_path / "out.jsonl.partial").exists():
        time.sleep(0.01)
    assert first.poll() is None, "the first run ended before the second could start"
    second = subprocess.run([*args, "-o", str(out)], capture_output=True, text=True)
    assert first.wait() == 0
    assert second.returncode == 2 and "another newsnlp run is writing" in second.stderr, second.stderr
    expected = subprocess.run(args, capture_output=True, check=True).stdout
    assert out.read_bytes() == expected


@pytest.mark.parametrize("options", [
    [], ["--jobs", "2"], ["--jobs", "2", "--batch-size", "1"], ["--batch-size", "7"],
    ["--jobs", "3", "--batch-size", "2", "--format", "json"], ["--format", "json", "-o", "OUT"],
    ["-o", "OUT"], ["-o", "OUT", "--jobs", "2", "--batch-size", "1"], ["--format", "table", "-o", "OUT"],
])
def test_no_option_combination_exits_0_with_fewer_records_than_inputs(tmp_path, sentence_model,
                                                                      capsys, options):
    write_jsonl(tmp_path / "in.jsonl", 23)
    out = tmp_path / "out"
    options = [str(out) if option == "OUT" else option for option in options]
    assert main(["extract", str(tmp_path / "in.jsonl"), "--input-format", "jsonl",
                 "--model", str(sentence_model), *options]) == 0
    text = out.read_text("utf-8") if out.exists() else capsys.readouterr().out
    if "--format" in options and options[options.index("--format") + 1] == "table":
        assert text.count("== n") == 23
    elif "--format" in options:
        assert [r["id"] for r in json.loads(text)] == [f"n{i}" for i in range(23)]
    else:
        assert [json.loads(line)["id"] for line in text.splitlines()] == [f"n{i}" for i in range(23)]


def test_skipped_lines_are_counted_in_one_summary_line(tmp_path, sentence_model, capsys):
    (tmp_path / "in.jsonl").write_text('{"text": "甲。"}\n{oops\n{"text": "乙。", "date": "2025-02-30"}\n',
                                       encoding="utf-8")
    assert main(["extract", str(tmp_path / "in.jsonl"), "--input-format", "jsonl", "--skip-bad",
                 "--model", str(sentence_model)]) == 2
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 1
    assert "skipped 2 bad inputs" in captured.err


def test_a_huge_record_and_an_endless_stream_are_refused_in_bounded_memory(tmp_path, sentence_model):
    """A 200 MB record (also read as a 200 MB text without newlines) and /dev/zero, each under a
    1 GiB address space cap: refused with the --max-chars limit named, exit 2, no traceback; with
    --skip-bad the huge record is skipped and the next one read."""
    record = tmp_path / "huge.jsonl"
    with open(record, "wb") as stream:
        stream.write(b'{"id": "huge", "text": "')
        block = "新闻".encode() * (1 << 22)
        for _ in range(200 * 2**20 // len(block)):
            stream.write(block)
        stream.write('"}\n{"id": "small", "text": "甲。"}\n'.encode())
    cap = ("import resource, sys, runpy; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30)); "
           "sys.argv = ['newsnlp'] + sys.argv[1:]; runpy.run_module('newsnlp.cli.app', run_name='__main__')")
    model = ["--model", str(sentence_model)]
    for arguments, message in [
        ([str(record), "--input-format", "jsonl"], "huge.jsonl:1: line longer than"),
        ([str(record)], "huge.jsonl: text longer than --max-chars 1000000"),  # as one text
        (["/dev/zero"], "/dev/zero: text longer than --max-chars"),
        (["/dev/zero", "--input-format", "jsonl"], "/dev/zero:1: line longer than"),
    ]:
        result = subprocess.run([sys.executable, "-c", cap, "extract", *arguments, *model],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 2, result.stderr[-2000:]
        assert message in result.stderr and "Traceback" not in result.stderr, result.stderr[-2000:]
    skipped = subprocess.run([sys.executable, "-c", cap, "extract", str(record), "--input-format",
                              "jsonl", "--skip-bad", *model], capture_output=True, text=True, timeout=60)
    assert skipped.returncode == 2, skipped.stderr[-2000:]
    assert [json.loads(line)["id"] for line in skipped.stdout.splitlines()] == ["small"]


def test_a_stage_bug_is_one_line_and_skip_bad_skips_the_article(tmp_path, sentence_model, capsys,
                                                                monkeypatch):
    from tests.test_pipeline import failing_pipeline

    monkeypatch.setattr("newsnlp.cli.extract.load", lambda *a, **k: failing_pipeline(sentence_model))
    (tmp_path / "in.jsonl").write_text('{"text": "好。"}\n{"id": "x", "text": "坏。"}\n{"text": "好。"}\n',
                                       encoding="utf-8")
    args = ["extract", str(tmp_path / "in.jsonl"), "--input-format", "jsonl"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "[E111] stage 'broken' failed on article 'x'" in err
    assert main([*args, "--skip-bad", "--jobs", "2"]) == 2
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 2 and "skipped 1 bad inputs" in captured.err


@pytest.mark.parametrize("output_format", ["labelstudio", "doccano"])
def test_pre_annotations_for_the_annotation_tools_read_back(tmp_path, light_model, output_format):
    from newsnlp.corpora.formats import reader

    (tmp_path / "a.txt").write_text("李强在北京会见王明。", encoding="utf-8")
    (tmp_path / "names.tsv").write_text("李强\tPER\n北京\tLOC\n", encoding="utf-8")
    out = tmp_path / "pre.out"
    assert main(["extract", str(tmp_path / "a.txt"), "--model", str(light_model), "--entity-dict",
                 str(tmp_path / "names.tsv"), "--format", output_format, "-o", str(out)]) == 0
    if output_format == "labelstudio":
        (task,) = json.loads(out.read_text(encoding="utf-8"))
        assert set(task) == {"data", "predictions"}
        assert task["predictions"][0]["model_version"].startswith(f"{light_model.name} (newsnlp ")
    (article,) = reader(output_format)(out)
    assert [(e.text, e.label, e.source) for e in article.entities] == [
        ("李强", "PER", "entity.gazetteer.v1"), ("北京", "LOC", "entity.gazetteer.v1")]


def test_progress_lines_off_a_terminal_and_quiet(tmp_path, sentence_model, capsys):
    write_jsonl(tmp_path / "in.jsonl", 5)
    common = ["extract", str(tmp_path / "in.jsonl"), "--input-format", "jsonl", "--model",
              str(sentence_model), "-o", str(tmp_path / "out.jsonl")]
    assert main(common) == 0
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("extract: 5/5 articles (100%), ") and ", done in " in line
    assert main([*common[:1], "--quiet", *common[1:]]) == 0
    assert capsys.readouterr().err == ""
