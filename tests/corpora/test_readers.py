"""Corpus loaders: datasets in the one schema, label mappings, carved splits, word lists, raw text."""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import pytest
from datasets import Dataset

from newsnlp.corpora import FEATURES, iter_raw_text, load_corpus, load_split, load_word_list
from newsnlp.corpora.pd1998 import article_id
from newsnlp.errors import CorpusFormatError, CorpusNotFoundError


def labels(dataset: Dataset) -> dict[str, int]:
    return dict(Counter(e["label"] for entities in dataset["entities"] for e in entities))


@pytest.fixture(scope="module")
def msra() -> tuple[dict[str, Dataset], float]:
    started = time.perf_counter()
    corpus = load_corpus("msra")
    return corpus, time.perf_counter() - started


@pytest.fixture(scope="module")
def pd1998() -> dict[str, Dataset]:
    return load_corpus("pd1998")


def test_msra_loads_fast_with_a_seeded_dev_split(msra: tuple[dict[str, Dataset], float]) -> None:
    corpus, seconds = msra
    assert seconds < 60 and list(corpus) == ["train", "dev", "test"]
    assert corpus["train"].features == FEATURES
    train, dev = set(corpus["train"]["id"]), set(corpus["dev"]["id"])
    assert not train & dev and len(train | dev) == 45000 and len(dev) == 2250
    assert all(i.startswith("msra-train-") for i in dev)
    info = json.loads(corpus["dev"].info.description)
    assert info["carved"] == {"from": "train", "seed": 13, "fraction": 0.05, "by": "record"}
    assert info["original_labels"] == ["PER", "ORG", "LOC"]


def test_records_are_character_offsets_into_their_text(msra: tuple[dict[str, Dataset], float]) -> None:
    record = msra[0]["test"][0]
    assert record["id"] == "msra-test-00000" and record["words"] == [] and record["events"] == []
    first = record["entities"][0]
    assert (record["text"][first["start"]:first["end"]], first["label"]) == ("中共中央", "ORG")


def test_pd1998_words_entities_and_article_split(pd1998: dict[str, Dataset]) -> None:
    first = pd1998["train"][0]
    assert first["id"] == "19980101-01-001-001" and first["text"].startswith("迈向充满希望的新世纪")
    assert [(first["text"][w["start"]:w["end"]], w["pos"]) for w in first["words"][:3]] == [
        ("迈向", "v"), ("充满", "v"), ("希望", "n")]
    assert [(first["text"][e["start"]:e["end"]], e["label"]) for e in first["entities"]] == [
        ("一九九八年新年", "TIME"), ("１张", "QUANTITY")]
    train = {article_id(i) for i in pd1998["train"]["id"]}
    dev = {article_id(i) for i in pd1998["dev"]["id"]}
    assert not train & dev and len(dev) == round(0.05 * len(train | dev))


@pytest.mark.parametrize(("split", "project", "original"), [
    ("weibo:dev", {"PER": 90, "ORG": 47, "LOC": 32}, 389),
    ("cluener:dev", {"PER": 465, "ORG": 992, "LOC": 582}, 3072),
    ("resume:dev", {"PER": 110, "ORG": 523, "LOC": 2}, 1497),
])
def test_label_mappings_onto_project_labels(split: str, project: dict[str, int], original: int) -> None:
    assert labels(load_split(split)) == project
    assert sum(labels(load_split(split, labels="original")).values()) == original


def test_sighan_and_duee_records() -> None:
    pku = load_split("sighan_pku:test")[0]
    assert [pku["text"][w["start"]:w["end"]] for w in pku["words"][:4]] == ["共同", "创造", "美好", "的"]
    duee = load_split("duee:dev")
    event = next(e for events in duee["events"] for e in events)
    text = duee[0]["text"]
    assert text[event["trigger"]["start"]:event["trigger"]["end"]]
    assert all(a["role"] and a["end"] > a["start"] for a in event["arguments"])


def test_weibo_needs_strict_false() -> None:
    with pytest.raises(CorpusFormatError, match=r"weiboNER_2nd_conll\.train:1266: bad_bio"):
        load_split("weibo:train")


def test_word_lists_and_raw_text() -> None:
    assert (len(load_word_list("pku")), len(load_word_list("msr"))) == (55303, 88119)
    assert next(iter_raw_text("xinwenlianbo")) == "【领航中国】共护一江水 万里长江焕发新活力"
    with pytest.raises(KeyError, match="known: pku, msr"):
        load_word_list("as")


def test_names_and_missing_corpora_are_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(KeyError, match="unknown corpus 'conll03'"):
        load_split("conll03:train")
    with pytest.raises(KeyError, match="has no split 'train'; splits: dev, test"):
        load_split("pd_ner:train")
    monkeypatch.setenv("NEWSNLP_CORPORA", str(tmp_path))
    with pytest.raises(CorpusNotFoundError, match="expected ner/msra/msra_test_bio under the corpus root"):
        load_split("msra:test")
