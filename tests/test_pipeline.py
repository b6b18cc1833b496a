import pytest
from confection import Config
from hypothesis import given, settings
from hypothesis import strategies as st

from newsnlp import Article, Pipeline, load, registry
from newsnlp.errors import ConfigError, InputFormatError, ModelNotFoundError, StageRequirementError
from tests.conftest import SAMPLE_PAGE


def config(order: list[str], backends: dict[str, str]) -> Config:
    return Config({"pipeline": {"order": order},
                   "stages": {name: {"backend": backend} for name, backend in backends.items()}})


def test_every_gap_is_reported_at_once(monkeypatch):
    monkeypatch.setitem(registry.builtin(), "test.needs_words.v1", registry.Entry(
        "newsnlp.stages.sentence.rules:make_sentence_splitter", frozenset({"x"}),
        frozenset({"words"})))
    with pytest.raises(StageRequirementError) as err:
        Pipeline.from_config(config(["entity", "other"], {
            "entity": "test.needs_words.v1", "other": "no.such.v1"}))
    assert "'entity'" in str(err.value) and "['words']" in str(err.value)
    assert "no.such.v1" in str(err.value)


def test_layers_and_call(sentence_model):
    nlp = load(sentence_model)
    assert nlp.layers == ["sentences"]
    article = nlp("甲。乙。", id="x", date="2025-11-25")
    assert (article.id, article.date, len(article.sentences)) == ("x", "2025-11-25", 2)


def test_save_and_load_round_trip(sentence_model, tmp_path):
    nlp = load(sentence_model)
    nlp.to_disk(tmp_path / "copy")
    again = load(tmp_path / "copy")
    assert again.layers == nlp.layers and again("甲。乙。") == nlp("甲。乙。")


def test_missing_model_dir_says_what_it_expected(tmp_path):
    with pytest.raises(ModelNotFoundError, match="config.cfg"):
        load(tmp_path)


def test_pipe_keeps_order_with_two_processes(sentence_model):
    nlp = load(sentence_model)
    texts = [f"第{i}句。又一句。" for i in range(50)]
    records = [{"id": f"r{i}", "text": t} for i, t in enumerate(texts)]
    one = list(nlp.pipe(records))
    two = list(nlp.pipe(records, n_process=2, batch_size=4))
    assert one == two and [a.id for a in two] == [f"r{i}" for i in range(50)]


def test_pipe_rejects_records_without_text(sentence_model):
    with pytest.raises(InputFormatError, match="text"):
        list(load(sentence_model).pipe([{"id": "x"}]))


def test_third_party_backends_come_from_entry_points(monkeypatch):
    class Point:
        name = "sentence.plugin.v1"

        def load(self):
            return registry.Entry("newsnlp.stages.sentence.rules:make_sentence_splitter",
                                  frozenset({"sentences"}), frozenset({"text"}))

    monkeypatch.setattr(registry, "entry_points", lambda group: [Point()])
    registry._plugins.cache_clear()
    try:
        nlp = Pipeline.from_config(config(["sentence"], {"sentence": "sentence.plugin.v1"}))
        assert "sentence.plugin.v1" in registry.names()
        assert len(nlp("甲。乙。").sentences) == 2
    finally:
        registry._plugins.cache_clear()


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_random_unicode_never_crashes_and_offsets_hold(text):
    nlp = _SENTENCE_PIPELINE
    article = nlp(text)
    article.check_offsets()
    assert Article.from_dict(article.to_dict()) == article


_SENTENCE_PIPELINE = Pipeline.from_config(config(["sentence"], {"sentence": "sentence.rules.v1"}))


def test_stage_files_may_live_in_another_model_directory(tmp_path):
    from newsnlp.stages.entity.gazetteer import make_gazetteer

    gazetteer = make_gazetteer()
    gazetteer.add_entities([("金桥煤矿", "ORG")])
    gazetteer.to_disk(tmp_path / "shared" / "names")
    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "config.cfg").write_text(
        '[pipeline]\norder = ["gazetteer"]\n\n[stages]\n\n[stages.gazetteer]\n'
        'backend = "entity.gazetteer.v1"\nfiles = "../shared/names"\n', encoding="utf-8")
    nlp = load(tmp_path / "model")
    assert [e.text for e in nlp("走进金桥煤矿。").entities] == ["金桥煤矿"]
    nlp.to_disk(tmp_path / "copy")
    assert "files" not in (tmp_path / "copy" / "config.cfg").read_text("utf-8")
    assert [e.text for e in load(tmp_path / "copy")("金桥煤矿").entities] == ["金桥煤矿"]


class FailingStage:
    """A stage with a bug: it fails on texts holding 坏."""

    def __call__(self, article):
        if "坏" in article.text:
            raise OverflowError("signed integer is greater than maximum")
        return article


class FailingBatchStage(FailingStage):
    """The same bug in a stage that takes many articles at once: the whole batch fails."""

    def call_many(self, articles):
        return [self(article) for article in articles]


def failing_pipeline(sentence_model, stage=FailingStage):
    nlp = load(sentence_model)
    nlp.stages["broken"] = stage()
    nlp.config["stages"]["broken"] = {"backend": "sentence.rules.v1"}  # what nlp.layers reads
    return nlp


@pytest.mark.parametrize("stage", [FailingStage, FailingBatchStage])
@pytest.mark.parametrize("n_process", [1, 2])
def test_a_failing_stage_names_itself_and_the_article_and_can_be_skipped(sentence_model, n_process,
                                                                         stage, caplog):
    from newsnlp.errors import StageError

    nlp = failing_pipeline(sentence_model, stage)
    records = [{"id": "a", "text": "好。"}, {"id": "b", "text": "坏。"}, {"id": "c", "text": "好。"}]
    with pytest.raises(StageError, match=r"stage 'broken' failed on article 'b': OverflowError"):
        list(nlp.pipe(records, n_process=n_process))
    assert [a.id for a in nlp.pipe(records, n_process=n_process, skip_failed=True)] == ["a", "c"]
    assert "skipped: [E111] stage 'broken' failed on article 'b'" in caplog.text


@pytest.mark.parametrize(("n_process", "batch_size"), [(0, 16), (2, 0), (1, -1)])
def test_pipe_refuses_settings_that_would_lose_articles(sentence_model, n_process, batch_size):
    from newsnlp.errors import ConfigError

    with pytest.raises(ConfigError, match="at least 1"):
        list(load(sentence_model).pipe(["甲。"], n_process=n_process, batch_size=batch_size))


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(categories=["Cs"]), min_size=1), st.text())
def test_lone_surrogates_are_refused_at_the_door_naming_the_character(surrogates, text):
    with pytest.raises(InputFormatError, match=r"character \d+ is a lone surrogate .*field 'text'"):
        _SENTENCE_PIPELINE(text + surrogates)


@pytest.mark.parametrize("date", ["2025-13-45", "2007/12/07", "2025-02-30", "25-01-01", "", "２０２５-01-01"])
def test_malformed_dates_are_refused_at_the_door(date):
    with pytest.raises(InputFormatError, match=r"field 'date'"):
        _SENTENCE_PIPELINE("甲。", date=date)
def test_a_misspelt_stage_setting_is_one_line_naming_the_allowed_keys():
    bad = config(["sentence", "gazetteer"], {"sentence": "sentence.rules.v1",
                                               "gazetteer": "entity.gazetteer.v1"})
    bad["stages"]["gazetteer"]["word_boundary"] = True
    with pytest.raises(ConfigError) as err:
        Pipeline.from_config(bad)
    assert str(err.value) == ("[E101] [stages.gazetteer] word_boundary: unknown setting; allowed: "
                              "labels, path, word_boundaries")


def test_a_mistyped_stage_setting_names_the_type():
    bad = config(["gazetteer"], {"gazetteer": "entity.gazetteer.v1"})
    bad["stages"]["gazetteer"]["word_boundaries"] = "yes"
    expected = r"^\[E101\] \[stages.gazetteer\] word_boundaries = 'yes': expected bool$"
    with pytest.raises(ConfigError, match=expected):
        Pipeline.from_config(bad)


def test_normalise_after_an_entity_stage_without_time_and_quantity_fails_at_load(tmp_path):
    (tmp_path / "people.tsv").write_text("张三\tPER\n", encoding="utf-8")
    chain = config(["gazetteer", "normalise"], {"gazetteer": "entity.gazetteer.v1",
                                                 "normalise": "normalise.rules.v1"})
    chain["stages"]["gazetteer"]["path"] = str(tmp_path / "people.tsv")
    with pytest.raises(StageRequirementError, match=r"'normalise'.*\['QUANTITY', 'TIME'\].*\['PER'\]"):
        Pipeline.from_config(chain)
    (tmp_path / "people.tsv").write_text("张三\tPER\n今天\tTIME\n三人\tQUANTITY\n", encoding="utf-8")
    assert Pipeline.from_config(chain).layers == ["entities", "normalised"]


def test_user_words_and_names_go_to_the_stages_that_provide_them(tmp_path):
    nlp = Pipeline.from_config(config(["sentence", "names"], {"sentence": "sentence.rules.v1",
                                                             "names": "entity.gazetteer.v1"}))
    assert nlp.add_entities([("金桥煤矿", "ORG")]) == 1
    assert [e.text for e in nlp("金桥煤矿开工。").entities] == ["金桥煤矿"]
    with pytest.raises(StageRequirementError, match="'words'"):
        nlp.add_words(["金桥煤矿"])


class ThreadsStage:
    """Records the torch intra-op threads of the process that runs it."""

    def __call__(self, article):
        import torch

        article.meta["threads"] = torch.get_num_threads()
        return article


def test_one_torch_thread_by_default_and_threads_sets_it(sentence_model, torch_threads):
    torch_threads.set_num_threads(3)
    assert load(sentence_model).threads == 1 and torch_threads.get_num_threads() == 1
    assert load(sentence_model, threads=2).threads == 2 and torch_threads.get_num_threads() == 2


def test_each_pipe_worker_runs_the_pipelines_threads(sentence_model, torch_threads):
    nlp = load(sentence_model, threads=2)
    nlp.stages["threads"] = ThreadsStage()
    nlp.config["stages"]["threads"] = {"backend": "sentence.rules.v1"}  # what nlp.layers reads
    torch_threads.set_num_threads(1)  # the workers set theirs, whatever the parent runs now
    articles = list(nlp.pipe([f"第{i}句。" for i in range(8)], n_process=2, batch_size=2))
    assert [article.meta["threads"] for article in articles] == [2] * 8


@pytest.mark.parametrize("threads", [0, -1, 1.5, True])
def test_threads_must_be_a_whole_number_of_at_least_one(sentence_model, threads):
    with pytest.raises(ConfigError, match="threads must be a whole number of at least 1"):
        load(sentence_model, threads=threads)


def test_load_times_each_stage(light_model):
    nlp = load(light_model)
    assert list(nlp.load_seconds) == ["sentence", "gazetteer"]
    assert all(seconds >= 0 for seconds in nlp.load_seconds.values())


def test_annotate_adds_each_stages_seconds(light_model):
    nlp = load(light_model)
    seconds: dict[str, float] = {}
    first = nlp.annotate(Article(id="a", text="走进金桥煤矿。" * 200), seconds)
    assert list(seconds) == ["sentence", "gazetteer"] and sum(seconds.values()) > 0
    after_one = dict(seconds)
    assert nlp.annotate(Article(id="a", text=first.text), seconds) == first
    assert all(seconds[name] >= after_one[name] for name in seconds)


def test_piped_articles_equal_articles_annotated_one_at_a_time(default_pipeline):
    lines = [line for line in SAMPLE_PAGE.read_text("utf-8").splitlines() if line.strip()]
    records = [{"id": str(i), "text": line, "date": "2025-11-25"} for i, line in enumerate(lines)]
    alone = [default_pipeline(r["text"], id=r["id"], date=r["date"]).to_dict() for r in records]
    piped = [article.to_dict() for article in default_pipeline.pipe(records, batch_size=7)]
    assert piped == alone and any(record["entities"] for record in piped)
