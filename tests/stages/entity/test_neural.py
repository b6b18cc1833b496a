"""The neural entity stage: BIO decoding and the shipped model on news text."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsnlp.doc import Article
from newsnlp.stages.entity.neural import bio_tags, bio_to_spans

REPO = Path(__file__).resolve().parents[3]
SHIPPED = REPO / "models" / "entity-neural"


def test_bio_decoding() -> None:
    assert bio_to_spans(["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-ORG"], offset=5) == [
        (5, 7, "PER"), (8, 9, "LOC"), (9, 10, "LOC"), (10, 11, "ORG")]
    assert bio_to_spans([]) == []
    assert bio_tags(["PER"]) == ["O", "B-PER", "I-PER"]


@pytest.fixture(scope="module")
def ner():
    if not (SHIPPED / "entity" / "weights.pt").is_file():
        pytest.skip(f"no trained model in {SHIPPED}")
    import torch

    from newsnlp.stages.entity.neural import make_neural_ner

    torch.set_num_threads(1)
    return make_neural_ner(model_dir=SHIPPED / "entity")


def entities_of(ner, text: str) -> list[tuple[str, str]]:
    article = ner(Article(id="t", text=text))
    article.check_offsets()
    assert all(e.source == "entity.neural.v1" for e in article.entities)
    spans = [(e.start, e.end) for e in article.entities]
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))  # sorted, no overlap
    return [(e.text, e.label) for e in article.entities]


def test_shipped_model_finds_news_entities(ner) -> None:
    found = entities_of(ner, "国家主席江泽民在北京人民大会堂会见了美国总统克林顿。")
    assert ("江泽民", "PER") in found and ("克林顿", "PER") in found
    assert ("美国", "LOC") in found
    found = entities_of(ner, "1998年1月1日，全市共有1056家企业参加了活动。")
    assert ("1056家", "QUANTITY") in found
    assert any(label == "TIME" and text.startswith("1998年") for text, label in found)


def test_latin_digits_and_empty_text(ner) -> None:
    entities_of(ner, "iPhone 15 Pro于2023年9月发布，售价5999元，CA4GB版本ＢＺ－ＹＱ１７２２同步上市。")
    for text in ("", " \n"):
        article = ner(Article(id="e", text=text))
        assert article.entities == [] and "entities" in article.layers_filled
    long = "联合国秘书长安南访问中国" * 40
    assert ("安南", "PER") in entities_of(ner, long)


def test_label_filter(ner) -> None:
    from newsnlp.stages.entity.neural import NeuralEntityStage

    only_people = NeuralEntityStage(ner.tagger, labels=["PER"])
    found = entities_of(only_people, "国家主席江泽民在北京会见了美国总统克林顿。")
    assert found and all(label == "PER" for _, label in found)


def test_conventions_let_one_model_follow_each_corpus() -> None:
    """One text, tagged two ways by two corpora: the flag decides which way the model tags it."""
    import torch

    from newsnlp.errors import ConfigError
    from newsnlp.nn.fit import build_tagger
    from newsnlp.nn.tagger import TaggerSettings, collate
    from newsnlp.stages.entity.neural import NeuralEntityStage, convention_flags

    torch.manual_seed(0)
    text, conventions = "中方表示欢迎", ["pd1998", "msra"]
    settings = TaggerSettings(char_dim=16, bigram_dim=16, hidden=16, dropout=0.0,
                              conventions=conventions, extra_features=2)
    tagger = build_tagger([text], bio_tags(), settings, bigram_min_count=1)
    gold = {"pd1998": [["O"]] * 6, "msra": [["B-LOC"]] + [["O"]] * 5}  # MSRA: 中 in 中方 is LOC
    items = [tagger.encode(text, tags, extra=convention_flags(conventions, name, len(text)))
             for name, tags in gold.items()]
    optimizer = torch.optim.Adam(tagger.net.parameters(), lr=0.05)
    tagger.net.train()
    for _ in range(60):
        optimizer.zero_grad()
        tagger.loss(collate(items)).backward()
        optimizer.step()
    article = Article(id="t", text=text)
    assert NeuralEntityStage(tagger, convention="msra")(article).entities[0].text == "中"
    assert NeuralEntityStage(tagger)(Article(id="t", text=text)).entities == []  # the first: pd1998
    with pytest.raises(ConfigError, match=r"'msr'"):
        NeuralEntityStage(tagger, convention="msr")


def test_members_vote_and_survive_saving(ner, tmp_path: Path) -> None:
    import copy

    import numpy as np
    import torch

    from newsnlp.errors import ModelNotFoundError
    from newsnlp.stages.entity.neural import NeuralEntityStage, make_neural_ner

    page = (REPO / "corpora" / "samples" / "workers_daily_page.txt").read_text(encoding="utf-8")[:4000]
    alone = ner.find_many([page])[0]
    other = copy.deepcopy(ner.tagger)  # a second model that differs: perturbed output weights
    with torch.no_grad():
        noise = torch.randn(other.net.out.weight.shape, generator=torch.Generator().manual_seed(0))
        other.net.out.weight.add_(0.2 * noise)
    voting = NeuralEntityStage(ner.tagger, members=[other])
    texts = [page[:300], "国家主席江泽民在北京会见了美国总统克林顿。"]
    first, second = (NeuralEntityStage(model).votes(texts) for model in (ner.tagger, other))
    for votes, a, b in zip(voting.votes(texts), first, second):
        assert np.allclose(votes, (a + b) / 2) and not np.allclose(a, b)
    voted = voting.find_many([page])[0]
    assert len(set(voted) & set(alone)) >= 0.8 * len(alone) > 0
    voting.to_disk(tmp_path / "entity")
    assert (tmp_path / "entity" / "member_2" / "weights.pt").is_file()
    reloaded = make_neural_ner(model_dir=tmp_path / "entity")
    assert len(reloaded.members) == 1 and reloaded.find_many([page])[0] == voted
    with pytest.raises(ModelNotFoundError, match="no-such-model"):
        make_neural_ner(model_dir=SHIPPED / "entity", members=["no-such-model"])


def test_a_member_with_other_conventions_is_refused(ner) -> None:
    from newsnlp.errors import ConfigError
    from newsnlp.nn.fit import build_tagger
    from newsnlp.nn.tagger import TaggerSettings
    from newsnlp.stages.entity.neural import NeuralEntityStage

    other = build_tagger(["北京"], bio_tags(), TaggerSettings(char_dim=4, bigram_dim=4, hidden=4),
                         bigram_min_count=1)
    with pytest.raises(ConfigError, match="members must share"):
        NeuralEntityStage(ner.tagger, members=[other])
