import json
from pathlib import Path

import pytest

from newsnlp import load
from newsnlp.cli.app import main
from newsnlp.distributed import BatchAnnotator, PipelineSpec, to_row
from newsnlp.doc import Article
from newsnlp.errors import ConfigError
from newsnlp.pipeline import Pipeline


def test_a_spec_rebuilds_the_pipeline_with_what_was_added_to_it(light_model, torch_threads):
    nlp = load(light_model, threads=2)
    nlp.add_entities([("李强", "PER")])
    spec = PipelineSpec.of(nlp)
    assert spec.entities == (("李强", "PER"),) and spec.model == str(light_model.resolve())
    assert spec.build().threads == 2
    row = to_row(Article(id="a", text="李强说。"))
    batch = {name: [value] for name, value in row.items()}
    (record,) = BatchAnnotator(spec)(batch)["record"]
    assert json.loads(record) == nlp(text="李强说。", id="a").to_dict()
    assert json.loads(record)["entities"][0]["text"] == "李强"
    with pytest.raises(ConfigError, match="built from a config alone"):
        PipelineSpec.of(Pipeline.from_config(nlp.config))


def test_ray_engine_output_is_identical_to_the_local_run(tmp_path, sentence_model):
    pytest.importorskip("ray")
    source = tmp_path / "in.jsonl"
    with open(source, "w", encoding="utf-8") as stream:
        for i in range(60):
            stream.write(json.dumps({"id": f"n{i}", "text": f"第{i}条。他说：“好。”",
                                     "date": "2025-11-25"}, ensure_ascii=False) + "\n")
    common = ["extract", str(source), "--input-format", "jsonl", "--model", str(sentence_model),
              "--batch-size", "8"]
    assert main([*common, "-o", str(tmp_path / "local.jsonl")]) == 0
    assert main([*common, "-o", str(tmp_path / "ray.jsonl"), "--engine", "ray", "--jobs", "2"]) == 0
    local = (tmp_path / "local.jsonl").read_bytes()
    assert local == (tmp_path / "ray.jsonl").read_bytes() and local.count(b"\n") == 60


def test_ray_workers_rebuild_the_drivers_pipeline_with_every_option(tmp_path):
    pytest.importorskip("ray")
    repo = Path(__file__).resolve().parents[1]
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.cfg").write_text(
        '[pipeline]\norder = ["sentence", "word", "gazetteer", "event"]\n\n[stages]\n\n'
        '[stages.sentence]\nbackend = "sentence.rules.v1"\n\n'
        f'[stages.word]\nbackend = "word.pkuseg.v1"\nfiles = "{repo / "models/word-pkuseg/word"}"\n\n'
        '[stages.gazetteer]\nbackend = "entity.gazetteer.v1"\n\n'
        '[stages.event]\nbackend = "event.frames.v1"\nschema = "news"\n'
        f'files = "{repo / "models/event-news/event"}"\n',
        encoding="utf-8")
    (tmp_path / "names.tsv").write_text("李强\tPER\n无锡市总工会\tORG\n", encoding="utf-8")
    (tmp_path / "words.txt").write_text("技能提升行动\n", encoding="utf-8")
    source = tmp_path / "in.jsonl"
    text = "第{}天，无锡市总工会启动职工技能提升行动，李强会见了代表团。"
    source.write_text("".join(json.dumps({"id": f"n{i}", "text": text.format(i)}, ensure_ascii=False) + "\n"
                              for i in range(8)), encoding="utf-8")
    common = ["extract", str(source), "--input-format", "jsonl", "--model", str(model),
              "--batch-size", "4", "--schema", "news@1", "--user-dict", str(tmp_path / "words.txt"),
              "--entity-dict", str(tmp_path / "names.tsv")]
    assert main([*common, "-o", str(tmp_path / "local.jsonl")]) == 0
    assert main([*common, "-o", str(tmp_path / "ray.jsonl"), "--engine", "ray", "--jobs", "2"]) == 0
    local = (tmp_path / "local.jsonl").read_bytes()
    assert local == (tmp_path / "ray.jsonl").read_bytes()
    record = json.loads(local.splitlines()[0])
    assert [e["text"] for e in record["entities"]] == ["无锡市总工会", "李强"]  # --entity-dict
    assert "技能提升行动" in [w["text"] for w in record["words"]]  # --user-dict
    from newsnlp.stages.event.schema import load_schema

    types = {e["type"] for e in record["events"]}  # --schema news@1: its types only ("meet" is news@2's)
    assert "launch" in types and types <= set(load_schema("news@1").types)
