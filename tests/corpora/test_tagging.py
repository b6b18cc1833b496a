"""BIO/BMES decoding and encoding, with each malformed tag reported once."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsnlp.corpora.tagging import spans_to_tags, tags_to_spans


def decode(tags: list[str], scheme: str = "BIO") -> tuple[list[tuple[int, int, str]], list[tuple[int, str]]]:
    problems: list[tuple[int, str]] = []
    spans = tags_to_spans(tags, scheme=scheme, report=lambda i, kind, _: problems.append((i, kind)))
    return [(s["start"], s["end"], s["label"]) for s in spans], problems


@pytest.mark.parametrize(("tags", "spans", "problems"), [
    (["B-PER", "I-PER", "O", "B-LOC", "B-LOC"], [(0, 2, "PER"), (3, 4, "LOC"), (4, 5, "LOC")], []),
    (["O", "I-PER", "I-PER"], [(1, 3, "PER")], [(1, "bad_bio")]),
    (["B-PER", "I-ORG"], [(0, 1, "PER"), (1, 2, "ORG")], [(1, "bad_bio")]),
    (["B-PER", "X-PER", "Q"], [(0, 1, "PER")], [(1, "unknown_label"), (2, "unknown_label")]),
])
def test_bio(tags: list[str], spans: list, problems: list) -> None:
    assert decode(tags) == (spans, problems)


@pytest.mark.parametrize(("tags", "spans", "problems"), [
    (["S-NAME", "B-ORG", "M-ORG", "E-ORG", "O"], [(0, 1, "NAME"), (1, 4, "ORG")], []),
    (["B-ORG", "M-ORG"], [(0, 2, "ORG")], [(1, "bad_bmes")]),
    (["B-ORG", "O"], [(0, 1, "ORG")], [(1, "bad_bmes")]),
    (["M-ORG", "E-ORG"], [(0, 2, "ORG")], [(0, "bad_bmes")]),
    (["B-ORG", "E-PER"], [(0, 1, "ORG"), (1, 2, "PER")], [(1, "bad_bmes")]),
])
def test_bmes(tags: list[str], spans: list, problems: list) -> None:
    assert decode(tags, "BMES") == (spans, problems)


def test_strict_decoding_raises_by_default() -> None:
    with pytest.raises(ValueError, match="tag 1: bad_bio: I-PER after O"):
        tags_to_spans(["O", "I-PER"])


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(1, 3), st.sampled_from(("PER", "LOC"))),
                max_size=5), st.sampled_from(("BIO", "BMES")))
def test_encode_then_decode_is_identity(pieces: list[tuple[int, int, str]], scheme: str) -> None:
    spans, position = [], 0
    for gap, length, label in pieces:
        spans.append({"start": position + gap, "end": position + gap + length, "label": label})
        position += gap + length
    tags = spans_to_tags(position, spans, scheme=scheme)
    assert decode(tags, scheme) == ([(s["start"], s["end"], s["label"]) for s in spans], [])
