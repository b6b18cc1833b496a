"""``newsnlp evaluate``: files in, Markdown/JSON/HTML out, exit code 2 on bad input or misalignment."""

import json

import pytest

from newsnlp.cli import app
from newsnlp.corpora.paths import corpora_root
from newsnlp.errors import CorpusNotFoundError

TEXT = "张三在北京大学见到李四"


@pytest.fixture(autouse=True)
def evaluate_command(monkeypatch):
    """Make sure the command is registered (a no-op once app.COMMAND_MODULES lists it)."""
    if "evaluate" not in app.COMMAND_MODULES:
        monkeypatch.setattr(app, "COMMAND_MODULES", (*app.COMMAND_MODULES, "evaluate"))


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return str(path)


def gold_record(doc_id, *entities, text=TEXT):
    """The gold format of DESIGN §5: spans are offsets only."""
    return {"id": doc_id, "text": text, "entities": [
        {"start": s, "end": e, "label": label} for s, e, label in entities]}


def pred_record(doc_id, *entities, text=TEXT):
    return {"id": doc_id, "text": text, "layers_filled": ["entities"], "entities": [
        {"start": s, "end": e, "text": text[s:e], "label": label} for s, e, label in entities]}


@pytest.fixture
def files(tmp_path):
    gold = write_jsonl(tmp_path / "gold.jsonl", [
        gold_record("a", (0, 2, "PER"), (3, 7, "ORG"), (9, 11, "PER")), gold_record("b", (3, 5, "LOC"))])
    pred = write_jsonl(tmp_path / "pred.jsonl", [
        pred_record("b", (3, 5, "LOC")), pred_record("a", (0, 2, "PER"), (3, 5, "LOC"), (9, 11, "PER"))])
    return tmp_path, gold, pred


def test_writes_json_markdown_and_html_reports(files, capsys):
    tmp_path, gold, pred = files
    out = {kind: tmp_path / f"report.{kind}" for kind in ("json", "md", "html")}
    assert app.main(["evaluate", "--gold", gold, "--pred", pred, "--json", str(out["json"]),
                     "--markdown", str(out["md"]), "--report", str(out["html"]), "--n-boot", "100"]) == 0
    record = json.loads(out["json"].read_text("utf-8"))
    assert record["scores"]["entity_f"] == 0.75
    assert record["provenance"]["command"].startswith(f"newsnlp evaluate --gold {gold} --pred {pred}")
    assert "sha256" in record["provenance"]["gold"]
    assert "| entity_f |" in out["md"].read_text("utf-8")
    assert "<table>" in out["html"].read_text("utf-8")
    assert "entity_f 75.0" in capsys.readouterr().err


def test_markdown_goes_to_stdout_without_output_files(files, capsys):
    _, gold, pred = files
    assert app.main(["evaluate", "--gold", gold, "--pred", pred, "--n-boot", "20"]) == 0
    assert capsys.readouterr().out.startswith("# newsnlp evaluation report")


def test_a_changed_text_exits_2_naming_the_id(files, capsys):
    tmp_path, gold, _ = files
    pred = write_jsonl(tmp_path / "bad.jsonl", [pred_record("a", text="张三在上海见到李四")])
    assert app.main(["evaluate", "--gold", gold, "--pred", pred]) == 2
    err = capsys.readouterr().err
    assert err.startswith("newsnlp: error: [E109] article 'a'") and err.count("\n") == 1


def test_a_bad_line_exits_2_naming_file_line_and_field(files, capsys):
    tmp_path, gold, _ = files
    (tmp_path / "broken.jsonl").write_text(
        json.dumps(pred_record("a")) + "\n{not json\n", "utf-8")
    assert app.main(["evaluate", "--gold", gold, "--pred", str(tmp_path / "broken.jsonl")]) == 2
    assert f"{tmp_path / 'broken.jsonl'}:2: not JSON" in capsys.readouterr().err
    write_jsonl(tmp_path / "offsets.jsonl", [{"id": "a", "text": TEXT, "entities": [
        {"start": 0, "end": 2, "text": "李四", "label": "PER"}]}])
    assert app.main(["evaluate", "--gold", str(tmp_path / "offsets.jsonl"), "--pred", gold]) == 2
    assert "offsets.jsonl:1:" in capsys.readouterr().err
    write_jsonl(tmp_path / "noid.jsonl", [{"text": TEXT}])
    assert app.main(["evaluate", "--gold", str(tmp_path / "noid.jsonl"), "--pred", gold]) == 2
    assert "noid.jsonl:1: missing or non-string 'id' (field 'id')" in capsys.readouterr().err


def test_compare_and_word_list(files):
    tmp_path, gold, pred = files
    words = [{"id": "w", "text": "全国总工会", "words": [{"start": 0, "end": 2}, {"start": 2, "end": 5}]}]
    gold_words = write_jsonl(tmp_path / "gold_words.jsonl", words)
    pred_words = write_jsonl(tmp_path / "pred_words.jsonl", [{**words[0], "words": [
        {"start": 0, "end": 2}, {"start": 2, "end": 3}, {"start": 3, "end": 5}]}])
    (tmp_path / "words.txt").write_text("全国\r\n工会\r\n", "utf-8")
    out = tmp_path / "words.json"
    assert app.main(["evaluate", "--gold", gold_words, "--pred", pred_words, "--compare", gold_words,
                     "--word-list", str(tmp_path / "words.txt"), "--json", str(out)]) == 0
    record = json.loads(out.read_text("utf-8"))
    assert record["scores"]["oov_rate"] == 0.5 and record["scores"]["oov_recall"] == 0.0
    assert record["comparison"]["figures"]["word_f"]["delta"] == pytest.approx(0.4 - 1.0)


def test_model_runs_over_the_gold_texts(files, sentence_model, capsys):
    tmp_path, gold, _ = files
    out = tmp_path / "model.json"
    assert app.main(["evaluate", "--gold", gold, "--model", str(sentence_model), "--json", str(out),
                     "--n-boot", "10"]) == 0
    record = json.loads(out.read_text("utf-8"))
    assert record["scores"]["entity_r"] == 0.0  # a sentence-only model finds no entities
    assert any("do not fill the 'entities' layer" in note for note in record["notes"])
    assert record["provenance"]["model"].startswith(str(sentence_model))


def corpora_available():
    try:
        return (corpora_root() / "events" / "duee1.0" / "duee_dev.json").is_file()
    except CorpusNotFoundError:
        return False


@pytest.mark.skipif(not corpora_available(), reason="needs ../shared/corpora (DuEE 1.0 dev)")
def test_corpus_split_as_gold_scores_itself_perfectly(tmp_path):
    from newsnlp.cli.evaluate import read_gold

    gold = read_gold("duee:dev")
    assert len(gold) == 1498 and all(a.layers_filled == ["events"] for a in gold)
    pred = write_jsonl(tmp_path / "duee_dev.jsonl", [a.to_dict() for a in gold[:200]])
    out = tmp_path / "duee.json"
    assert app.main(["evaluate", "--gold", "duee:dev", "--pred", pred, "--json", str(out),
                     "--n-boot", "20"]) == 0
    record = json.loads(out.read_text("utf-8"))
    assert len(record["alignment"]["missing"]) == 1298
    assert record["scores"]["duee_p"] == 1.0 and record["figures"]["trigger_p"]["value"] == 1.0


def test_the_hand_made_example_of_docs_example_report(tmp_path):
    """docs/example_report.html is this run; its figures, counted by hand from the data files."""
    data = "tests/evaluation/data"
    out = tmp_path / "example.json"
    assert app.main(["evaluate", "--gold", f"{data}/example_gold.jsonl", "--pred",
                     f"{data}/example_pred.jsonl", "--compare", f"{data}/example_baseline.jsonl",
                     "--word-list", f"{data}/example_words.txt", "--json", str(out),
                     "--n-boot", "50"]) == 0
    record = json.loads(out.read_text("utf-8"))
    figures = {name: figure["value"] for name, figure in record["figures"].items()}
    assert (figures["entity_p"], figures["entity_r"]) == (16 / 23, 16 / 22)
    assert (figures["trigger_p"], figures["trigger_r"]) == (4 / 5, 4 / 6)
    assert (figures["time_accuracy"], figures["time_accuracy_found"]) == (3 / 5, 3 / 4)
    assert (figures["word_p"], figures["word_r"]) == (28 / 39, 28 / 38)
    assert record["comparison"]["figures"]["entity_p"]["b"] == 1.0  # names and times only


def test_event_mentions_scores_the_unmerged_mentions(tmp_path):
    """A gold article with two mentions of one event: merged output finds one trigger, mentions two
    (the frame rules find both mentions of this dev document)."""
    from pathlib import Path

    from newsnlp.corpora.gold import load_gold

    entity_files = Path(__file__).resolve().parents[2] / "models" / "entity-neural" / "entity"
    model = tmp_path / "rules"
    model.mkdir()
    (model / "config.cfg").write_text(
        '[pipeline]\norder = ["sentence", "entity", "event"]\n\n[stages]\n\n[stages.sentence]\n'
        'backend = "sentence.rules.v1"\n\n[stages.entity]\nbackend = "entity.neural.v1"\n'
        f'files = "{entity_files}"\n\n[stages.event]\nbackend = "event.frames.v1"\nlearned = false\n',
        encoding="utf-8")
    model = str(model)
    article = next(a for a in load_gold("dev") if a.id == "xwlb-004751")  # 开馆 … 对公众开放
    assert len(article.events) == 2
    gold = write_jsonl(tmp_path / "gold.jsonl", [article.to_dict()])
    found = {}
    for flags in ([], ["--event-mentions"]):
        out = tmp_path / f"out{len(flags)}.json"
        assert app.main(["evaluate", "--gold", gold, "--model", model, "--json", str(out),
                         "--layers", "events", "--n-boot", "10", *flags]) == 0
        record = json.loads(out.read_text("utf-8"))
        found[bool(flags)] = record["scores"]["trigger_id_f"]
    assert found == {False: pytest.approx(2 / 3), True: 1.0}  # merged: 1 of 2 gold triggers
    assert "merge = false" in record["provenance"]["model"]
    assert app.main(["evaluate", "--gold", gold, "--pred", gold, "--event-mentions"]) == 2


def test_newsnlp_output_holding_line_separators_is_read_as_written(tmp_path):
    from newsnlp import Article, Entity

    article = Article(id="a", text="张三\u2028在北京\u2029大学\x85见到李四")
    article.set_layer("entities", [Entity(0, 2, "张三", label="PER"), Entity(4, 6, "北京", label="LOC")])
    article.set_layer("events", [])
    path = write_jsonl(tmp_path / "out.jsonl", [article.to_dict()])
    assert app.main(["evaluate", "--gold", path, "--pred", path, "--json", str(tmp_path / "r.json")]) == 0
    report = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert report["scores"]["entity_f"] == 1.0 and "gold problems" not in report["provenance"]


def test_gold_that_validate_rejects_is_counted_or_refused(files, capsys, caplog):
    tmp_path, _, pred = files
    gold = write_jsonl(tmp_path / "overlapping.jsonl", [
        {**gold_record("a", (0, 2, "PER"), (1, 4, "ORG")), "events": []},
        {**gold_record("b", (3, 5, "LOC")), "events": []}])
    report = tmp_path / "r.json"
    assert app.main(["evaluate", "--gold", gold, "--pred", pred, "--json", str(report)]) == 0
    err = caplog.text
    assert "overlapping.jsonl: 1 problem(s) that `newsnlp corpora validate" in err
    assert "overlaps entities[0]" in err and "--strict refuses" in err
    assert "1 (`newsnlp corpora validate` lists them)" in json.loads(report.read_text("utf-8"))[
        "provenance"]["gold problems"]
    capsys.readouterr()
    assert app.main(["evaluate", "--gold", gold, "--pred", pred, "--strict"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "overlapping.jsonl: 1 problem(s)" in err
    assert "overlapping.jsonl:1: overlaps entities[0]" in err


@pytest.mark.parametrize("damage", ["directory", "missing", "gbk"])
def test_gold_and_prediction_files_are_checked_at_the_door(files, capsys, damage):
    tmp_path, gold, pred = files
    bad = tmp_path / "bad.jsonl"
    if damage == "directory":
        bad.mkdir()
    elif damage == "gbk":
        bad.write_bytes(json.dumps(pred_record("a"), ensure_ascii=False).encode("gbk") + b"\n")
    for arguments in (["--gold", gold, "--pred", str(bad)], ["--gold", str(bad), "--pred", pred],
                      ["--gold", gold, "--pred", pred, "--compare", str(bad)]):
        assert app.main(["evaluate", *arguments]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "bad.jsonl" in err and "[E10" in err, err
