"""brat standoff as brat documents it: T, E, R, A, N, #, * lines; what no newsnlp layer holds is counted."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsnlp.corpora.formats.brat import read_brat
from newsnlp.corpora.formats.common import Skips
from newsnlp.errors import CorpusFormatError

FOLDER = Path(__file__).parent / "fixtures" / "brat"
ANN = FOLDER / "news-1.ann"


def test_entities_and_events_are_read_and_every_other_line_is_counted() -> None:
    skips = Skips()
    (article,) = read_brat(FOLDER, skips)
    assert [(e.text, e.label) for e in article.entities] == [("全国总工会", "ORG"), ("今天", "TIME"),
                                                             ("李强", "PER")]
    launch, attend = article.events
    assert [(a.role, a.text) for a in launch.arguments] == [
        ("organizer", "全国总工会"), ("time", "今天"), ("object", "帮扶行动")]
    assert (attend.type, [(a.role, a.text) for a in attend.arguments]) == (
        "attend", [("participant", "李强")])
    assert skips.first == {
        "brat event argument that is an event": f"{ANN}:8, field 'E2.reason'",
        "brat R line (relation)": f"{ANN}:9, field 'R1'",
        "brat A line (attribute)": f"{ANN}:10, field 'A1'",
        "brat N line (normalisation)": f"{ANN}:11, field 'N1'",
        "brat # line (note)": f"{ANN}:12, field '#1'",
        "brat * line (equivalence)": f"{ANN}:13, field '*'",
        "brat discontinuous span": f"{ANN}:14, field 'T7'",
        "brat Argument span that no event line uses": f"{ANN}, field 'T8'"}
    assert sum(skips.counts.values()) == 8


def test_strict_reading_stops_at_the_first_line_no_layer_holds() -> None:
    with pytest.raises(CorpusFormatError, match=r"news-1\.ann:9: brat R line \(relation\)"):
        read_brat(FOLDER)


@pytest.mark.parametrize(("line", "field", "message"), [
    ("T9\tPER 14 16\t李明", "T9.text", "'李明' is not the text at \\[14, 16\\)"),
    ("T9\tPER 14\t李", "T", "not a brat text-bound line"),
    ("E9\tlaunch:T99", "E", "trigger 'T99' is no text-bound annotation"),
    ("X1\tsomething", "id", "not a brat annotation line"),
])
def test_a_bad_line_names_file_line_and_field(tmp_path: Path, line: str, field: str, message: str) -> None:
    shutil.copy(FOLDER / "news-1.txt", tmp_path / "a.txt")
    (tmp_path / "a.ann").write_text("T1\tORG 0 5\t全国总工会\n" + line + "\n", encoding="utf-8")
    with pytest.raises(CorpusFormatError, match=rf"a\.ann:2: .*{message}.*\(field '{field}'\)"):
        read_brat(tmp_path)


def test_a_missing_folder_or_text_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusFormatError, match="no such folder"):
        read_brat(tmp_path / "nowhere")
    with pytest.raises(CorpusFormatError, match=r"no \.ann file"):
        read_brat(tmp_path)
    (tmp_path / "a.ann").write_text("", encoding="utf-8")
    with pytest.raises(CorpusFormatError, match=r"a\.ann has no a\.txt"):
        read_brat(tmp_path)
