"""The neural word trainer scores dev through newsnlp.evaluation."""

from __future__ import annotations

from newsnlp.stages.word.train import bmes, dev_f


class FixedSpans:
    """A stand-in for the neural stage: returns fixed spans."""

    def __init__(self, spans: list[list[tuple[int, int]]]) -> None:
        self.spans = spans

    def segment_many(self, texts: list[str]) -> list[list[tuple[int, int]]]:
        return self.spans


def test_dev_f_is_the_word_f_of_the_model_spans() -> None:
    record = {"id": "r", "text": "他来到北京大学", "words": [
        {"start": 0, "end": 1}, {"start": 1, "end": 3}, {"start": 3, "end": 7}]}
    spans = [[(0, 1), (1, 2), (2, 3), (3, 5), (5, 7)]]
    assert dev_f(FixedSpans(spans), [record]) == 0.25  # P 1/5, R 1/3 (the docstring of score_segmentation)
    assert bmes(record["text"], record["words"]) == ["S", "B", "E", "B", "M", "M", "E"]

