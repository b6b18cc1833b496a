"""The sample page through the shipped default pipeline: every event time it finds and normalises has the
gold date (a time argument the entity stage did not tag as TIME has no value: the learned event stage
takes values from the normalised entities only)."""

from __future__ import annotations

import pytest

from newsnlp import load
from newsnlp.corpora.gold import load_gold


@pytest.fixture(scope="module")
def sample_page_documents():
    return [d for split in ("dev", "test") for d in load_gold(split) if d.id.startswith("wd20251125")]


def test_every_time_argument_found_on_the_sample_page_has_the_gold_value(sample_page_documents):
    nlp = load()
    checked = 0
    for document in sample_page_documents:
        gold = {(a.start, a.end): a.value["iso"] for event in document.events for a in event.arguments
                if a.role == "time" and a.value and "iso" in a.value}
        predicted = nlp(document.text, id=document.id, date=document.date)
        for event in predicted.events:
            for argument in event.arguments:
                if argument.role == "time" and argument.value and (argument.start, argument.end) in gold:
                    assert argument.value["iso"] == gold[argument.start, argument.end], (
                        document.id, event.type, argument.text)
                    checked += 1
    assert len(sample_page_documents) == 10 and checked >= 5
