"""One set of punctuation classes and one clause finder for every stage."""

from newsnlp.text.punctuation import CLAUSE_END, CLOSING, OPENING, SENTENCE_END, clause_around


def test_clause_stops_at_commas_colons_and_stops_of_either_width() -> None:
    text = "会上,双方签署了协议:合作三年。"
    assert text[slice(*clause_around(text, 5, 7))] == "双方签署了协议"
    assert clause_around("签约", 0, 2) == (0, 2)


def test_every_opening_bracket_has_its_closing_one() -> None:
    pairs = dict(zip("“‘「『《（(【〔", "”’」』》）)】〕"))
    assert set(pairs) == OPENING and set(pairs.values()) == CLOSING
    assert SENTENCE_END < CLAUSE_END
