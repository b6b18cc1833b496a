import pytest
from confection import Config
from hypothesis import given, settings
from hypothesis import strategies as st

from newsnlp.doc import Article, Entity, Word
from newsnlp.errors import InputFormatError
from newsnlp.pipeline import Pipeline
from newsnlp.stages.entity.gazetteer import BACKEND, FILE_NAME, Gazetteer, make_gazetteer

TEXT = "金桥煤矿与北京大学在IBMX项目上合作，IBM也参加。"


def spans(article: Article) -> list[tuple[str, str, str | None]]:
    article.check_offsets()
    return [(e.text, e.label, e.source) for e in article.entities]


def article(*entities: tuple[int, int, str]) -> Article:
    item = Article(id="a", text=TEXT)
    item.set_layer("entities", [Entity(s, e, TEXT[s:e], label=label, source="model")
                                for s, e, label in entities])
    return item


def test_matches_longest_leftmost_and_skips_cut_latin_runs():
    gazetteer = Gazetteer([("金桥", "LOC"), ("金桥煤矿", "ORG"), ("IBM", "ORG")])
    assert spans(gazetteer(Article(id="a", text=TEXT))) == [
        ("金桥煤矿", "ORG", BACKEND), ("IBM", "ORG", BACKEND)]


def test_precedence_over_model_entities():
    # the model's 北京大学 strictly contains the listed 北京: the model wins
    assert spans(Gazetteer([("北京", "LOC")])(article((5, 9, "ORG")))) == [("北京大学", "ORG", "model")]
    # same span: the gazetteer's label wins; overlapping model entities are removed
    assert spans(Gazetteer([("金桥煤矿", "ORG")])(article((0, 4, "LOC"), (4, 6, "PER")))) == [
        ("金桥煤矿", "ORG", BACKEND), ("与北", "PER", "model")]
    assert spans(Gazetteer([("矿与北", "ORG")])(article((0, 4, "ORG"), (5, 9, "ORG")))) == [
        ("矿与北", "ORG", BACKEND)]


def precedence_one_match_at_a_time(entities: list[Entity], matches: list[Entity]) -> list[Entity]:
    """The precedence rules applied literally, match after match (what the stage must equal)."""
    for match in matches:
        if any(e.start <= match.start and match.end <= e.end and e.end - e.start > len(match.text)
               for e in entities):
            continue
        entities = [e for e in entities if e.end <= match.start or e.start >= match.end] + [match]
    return sorted(entities, key=lambda e: (e.start, e.end))


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="甲乙丙丁", min_size=1, max_size=40),
       names=st.lists(st.text(alphabet="甲乙丙丁", min_size=1, max_size=4), max_size=5),
       bounds=st.lists(st.tuples(st.integers(0, 39), st.integers(1, 8)), max_size=12))
def test_precedence_holds_with_any_entities_overlapping_or_nested(text, names, bounds):
    gazetteer = Gazetteer([(name, "ORG") for name in names])
    entities = [Entity(s, min(s + n, len(text)), text[s:min(s + n, len(text))], label="PER", source="model")
                for s, n in bounds if s < len(text)]
    item = Article(id="a", text=text)
    item.set_layer("entities", entities)
    expected = precedence_one_match_at_a_time(list(item.entities), gazetteer.matches(item))
    assert gazetteer(item).entities == expected


def test_word_boundaries_option():
    item = Article(id="a", text="中华为民族")
    item.set_layer("words", [Word(0, 2, "中华"), Word(2, 3, "为"), Word(3, 5, "民族")])
    assert spans(Gazetteer([("华为", "ORG")])(item)) == [("华为", "ORG", BACKEND)]
    item.set_layer("entities", [])
    assert spans(Gazetteer([("华为", "ORG")], word_boundaries=True)(item)) == []


def test_tsv_errors_name_file_line_and_field(tmp_path):
    path = tmp_path / "names.tsv"
    path.write_text("金桥煤矿\tORG\n北京\n", encoding="utf-8")
    with pytest.raises(InputFormatError, match=r"names.tsv:2: .*'name'"):
        make_gazetteer(path=str(path))
    path.write_text("# comment\n金桥煤矿\tORG\n北京\tCITY\n", encoding="utf-8")
    with pytest.raises(InputFormatError, match=r"names.tsv:3: .*'label'"):
        make_gazetteer(path=str(path), labels=["PER", "ORG", "LOC"])


def test_the_factory_builds_the_trie_so_no_article_waits_for_it(tmp_path):
    path = tmp_path / "names.tsv"
    path.write_text("金桥煤矿\tORG\n", encoding="utf-8")
    gazetteer = make_gazetteer(path=str(path))
    assert gazetteer._trie is not None and gazetteer.trie() is gazetteer._trie


def test_survives_pipe_with_two_processes_and_save_load(tmp_path):
    names = tmp_path / "names.tsv"
    names.write_text("金桥煤矿\tORG\n", encoding="utf-8")
    config = Config({"pipeline": {"order": ["gazetteer"]},
                     "stages": {"gazetteer": {"backend": BACKEND, "path": str(names)}}})
    nlp = Pipeline.from_config(config)
    assert nlp.get_stage("gazetteer").add_entities([("北京大学", "ORG")]) == 2
    results = list(nlp.pipe([TEXT, "北京大学"], n_process=2, batch_size=1))
    assert [e.text for e in results[0].entities] == ["金桥煤矿", "北京大学"]
    assert [e.text for e in results[1].entities] == ["北京大学"]
    nlp.to_disk(tmp_path / "model")
    names.unlink()  # the saved copy is what a saved model uses
    assert (tmp_path / "model" / "gazetteer" / FILE_NAME).read_text(encoding="utf-8") == (
        "金桥煤矿\tORG\n北京大学\tORG\n")
    loaded = Pipeline.from_disk(tmp_path / "model")
    assert [e.text for e in loaded(TEXT).entities] == ["金桥煤矿", "北京大学"]
