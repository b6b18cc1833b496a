"""Shared fixtures: offline settings, the output JSON Schema, a sentence-only model directory."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import jsonschema
import pytest

os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HOME", tempfile.mkdtemp(prefix="newsnlp-hf-"))
os.environ.setdefault("NEWSNLP_CACHE", tempfile.mkdtemp(prefix="newsnlp-cache-"))

REPO = Path(__file__).resolve().parent.parent
SAMPLE_PAGE = REPO / "corpora" / "samples" / "workers_daily_page.txt"


@pytest.fixture(scope="session")
def article_schema() -> jsonschema.protocols.Validator:
    schema = json.loads((REPO / "newsnlp" / "schemas" / "article.schema.json").read_text("utf-8"))
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture(scope="session")
def sentence_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model directory whose pipeline is only the sentence splitter."""
    path = tmp_path_factory.mktemp("sentence-model")
    (path / "config.cfg").write_text(
        '[pipeline]\norder = ["sentence"]\n\n[stages]\n\n[stages.sentence]\n'
        'backend = "sentence.rules.v1"\n', encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def default_pipeline():
    """The shipped default pipeline, loaded once per session (with one torch thread, as every load)."""
    from newsnlp import load

    return load()


@pytest.fixture(scope="session")
def light_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model directory of the sentence splitter and a gazetteer: loads in milliseconds."""
    path = tmp_path_factory.mktemp("light-model")
    (path / "config.cfg").write_text(
        '[pipeline]\norder = ["sentence", "gazetteer"]\n\n[stages]\n\n[stages.sentence]\n'
        'backend = "sentence.rules.v1"\n\n[stages.gazetteer]\nbackend = "entity.gazetteer.v1"\n',
        encoding="utf-8")
    return path


@pytest.fixture
def torch_threads():
    """torch, its thread setting restored after the test (a pipeline's load sets it)."""
    torch = pytest.importorskip("torch")
    before = torch.get_num_threads()
    yield torch
    torch.set_num_threads(before)
