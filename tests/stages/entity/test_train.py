"""The neural entity trainer's data side: partial labels, strict loading, dictionary sources."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from newsnlp.errors import ConfigError, InputFormatError
from newsnlp.stages.entity.train import (
    EntityTrainingSettings,
    allowed_tags,
    check_sources,
    corpus_labels,
    dictionary_names,
    load_training_split,
    name_lexicon,
)
from newsnlp.training.dictionaries import is_split


def test_partial_labels_leave_unannotated_labels_open() -> None:
    assert corpus_labels("msra:train") == ("PER", "ORG", "LOC")
    assert corpus_labels("pd1998:train") == ("PER", "ORG", "LOC", "TIME", "QUANTITY")
    # corpora with other label names annotate what their label map yields
    assert corpus_labels("cluener:train") == ("PER", "ORG", "LOC")
    assert corpus_labels("weibo:dev") == ("PER", "ORG", "LOC")
    allowed = allowed_tags(4, [(1, 3, "ORG")], ("PER", "ORG", "LOC"))
    assert allowed[1:3] == [["B-ORG"], ["I-ORG"]]
    assert allowed[0] == allowed[3] == ["O", "B-TIME", "I-TIME", "B-QUANTITY", "I-QUANTITY"]
    assert allowed_tags(2, [], ("PER", "ORG", "LOC", "TIME", "QUANTITY")) == [["O"], ["O"]]


def test_training_splits_load_strictly_unless_their_corpus_is_repaired() -> None:
    with pytest.raises(InputFormatError, match=r"weiboNER_2nd_conll\.train:\d+"):
        load_training_split("weibo:train")
    repaired = load_training_split("weibo:train", repair=["weibo"])
    assert len(repaired) == 1350
    assert {e["label"] for r in repaired for e in r["entities"]} == {"PER", "ORG", "LOC"}


def test_name_sources_are_splits_or_files(tmp_path: Path) -> None:
    record = {"text": "王进喜在大庆油田", "words": [{"start": 0, "end": 3}, {"start": 3, "end": 4},
                                                  {"start": 4, "end": 6}, {"start": 6, "end": 8}],
              "entities": [{"start": 0, "end": 3, "label": "PER"}, {"start": 4, "end": 6, "label": "LOC"}]}
    names = tmp_path / "names.tsv"
    names.write_text("# PER/ORG/LOC names\n金桥煤矿\tORG\n京\tLOC\n", encoding="utf-8")
    # one-character entries are left out, as a split's are
    assert dictionary_names(["pd1998:train", str(names)], lambda source: [record]) == [
        ("大庆", "LOC"), ("王进喜", "PER"), ("金桥煤矿", "ORG")]
    names.write_text("王进喜\tPER\n大庆\tGPE\n", encoding="utf-8")
    with pytest.raises(InputFormatError, match=r"names\.tsv:2.*label"):
        dictionary_names([str(names)], lambda source: [])


def test_named_annotated_sets_are_splits_with_the_labels_they_annotate() -> None:
    assert is_split("broad:train", "name_lexicon") and is_split("gold:dev", "lexicon_words")
    assert corpus_labels("broad:train") == ("PER", "ORG", "LOC", "TIME", "QUANTITY")
    check_sources(EntityTrainingSettings(name_lexicon=["broad:train"], lexicon_words=["gold:dev"]))


@pytest.mark.parametrize("source", ["msar:train", "brod:dev", "no/such/names.tsv"])
def test_a_source_that_is_neither_split_nor_file_is_a_config_error(source: str) -> None:
    with pytest.raises(ConfigError, match=r"\[training\] name_lexicon: .* neither a file nor a CORPUS:SPLIT"):
        is_split(source, "name_lexicon")


def test_each_typed_lexicon_source_gets_its_own_flags(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "lexicons").mkdir()
    (tmp_path / "lexicons" / "typed_lexicon.tsv").write_text(
        "法国\tLOC\tjionlp_world_location\n华能\tORG\tcompany_short_form\n王进喜\tPER\tthuocl_lishimingren\n",
        encoding="utf-8")
    monkeypatch.setenv("NEWSNLP_CORPORA", str(tmp_path))
    record = {"text": "王进喜在大庆油田", "words": [],
              "entities": [{"start": 0, "end": 3, "label": "PER"}, {"start": 4, "end": 6, "label": "LOC"}]}
    settings = EntityTrainingSettings(name_lexicon=["pd1998:train"],
                                      typed_lexicon=["company_short_form", "thuocl_lishimingren"])
    names = name_lexicon(settings, lambda source: [record])
    assert names is not None
    assert names.labels == ["PER", "ORG", "LOC", "company_short_form", "thuocl_lishimingren"]
    assert names.entries() == [("华能", "company_short_form"), ("大庆", "LOC"), ("王进喜", "PER"),
                               ("王进喜", "thuocl_lishimingren")]
    typed_only = name_lexicon(EntityTrainingSettings(typed_lexicon=["jionlp_world_location"]),
                              lambda source: [])
    assert typed_only is not None and typed_only.entries() == [("法国", "jionlp_world_location")]
    assert name_lexicon(EntityTrainingSettings(), lambda source: [record]) is None


def test_list_settings_are_checked() -> None:
    check_sources(EntityTrainingSettings(repair=["weibo"], lexicon_words=[]))
    with pytest.raises(ConfigError, match="repair: webo is no corpus name"):
        check_sources(EntityTrainingSettings(repair=["webo"]))
    with pytest.raises(ConfigError, match=r"lexicon_words = .*: expected list\[str\]"):
        EntityTrainingSettings.from_config({"training": {"lexicon_words": '["pd1998:train"]  # a comment'}})


def test_the_entity_stage_retrains_on_a_conll_file_with_one_command(tmp_path: Path) -> None:
    """A user's 200-sentence CoNLL file, one `newsnlp train` command, no code edit (tiny epochs)."""
    pytest.importorskip("torch")
    from newsnlp import Pipeline, load
    from newsnlp.cli.app import main
    from newsnlp.errors import StageRequirementError
    from tests.conftest import REPO

    samples = REPO / "corpora" / "samples"
    output = tmp_path / "my-entity"
    assert main(["train", "entity", "--config", str(REPO / "configs" / "entity_own_data.cfg"),
                 "--output", str(output), "--corpora.train", str(samples / "own_entities_train.conll"),
                 "--corpora.dev", str(samples / "own_entities_dev.conll"), "--training.epochs", "2",
                 "--training.hidden", "32", "--training.char_dim", "32", "--training.bigram_dim", "16"]) == 0
    meta = json.loads((output / "meta.json").read_text(encoding="utf-8"))
    assert set(meta["dev_scores"]) == {f"{samples / 'own_entities_dev.conll'}_f", "dev_f"}
    assert "own_entities_train.conll (conll file)" in (output / "MODEL_CARD.md").read_text(encoding="utf-8")
    nlp = load(output)
    assert nlp.get_stage("entity").entity_labels == {"PER", "ORG", "LOC"}
    nlp("王建国在无锡考察。").check_offsets()
    chain = copy.deepcopy(nlp.config)
    chain["pipeline"]["order"].append("normalise")
    chain["stages"]["normalise"] = {"backend": "normalise.rules.v1"}
    with pytest.raises(StageRequirementError, match="TIME"):
        Pipeline.from_config(chain, output)
