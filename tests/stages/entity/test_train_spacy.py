from confection import Config

from newsnlp.doc import Article, Entity
from newsnlp.stages.entity.spacy_ner import make_spacy_ner
from newsnlp.stages.entity.train_spacy import SpacyNerTrainer, SpacyTrainingSettings, dev_f


def article(text: str, *spans: tuple[int, int, str]) -> Article:
    item = Article(id=text[:3], text=text)
    item.set_layer("entities", [Entity(s, e, text[s:e], label=label) for s, e, label in spans])
    return item


TRAIN = [article("张三在北京工作。", (0, 2, "PER"), (3, 5, "LOC")),
         article("李四去上海开会。", (0, 2, "PER"), (3, 5, "LOC")),
         article("王五在北京见了李四。", (0, 2, "PER"), (3, 5, "LOC"), (7, 9, "PER"))]


def test_epochs_lower_the_loss_and_the_saved_model_loads(tmp_path):
    from spacy.util import fix_random_seed

    fix_random_seed(0)
    settings = SpacyTrainingSettings(labels=["PER", "LOC"], width=32, depth=2, embed_size=500,
                                     hidden_width=32, batch_size=3, dropout=0.0)
    config = Config({"pipeline": {"order": ["entity"]},
                     "stages": {"entity": {"backend": "entity.spacy.v1"}}})
    trainer = SpacyNerTrainer(config, TRAIN, TRAIN[:1], settings)
    losses = [trainer.train_epoch(epoch) for epoch in range(1, 41)]
    assert max(losses[-5:]) < losses[0]
    assert trainer.evaluate()["dev_f"] == 1.0
    trainer.save(tmp_path)
    assert (tmp_path / "config.cfg").is_file()
    figures, chars_per_s = dev_f(make_spacy_ner(model_dir=tmp_path / "entity"), TRAIN[:1])
    assert figures["entity_f"] == 1.0 and chars_per_s > 0
