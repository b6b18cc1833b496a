import json

import pytest

from newsnlp.cli.app import main

pytest.importorskip("ray")


def test_ray_engine_output_is_identical_to_the_local_run(tmp_path, sentence_model):
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
