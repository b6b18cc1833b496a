"""Rule-based normalisation (backend ``normalise.rules.v1``): TIME/QUANTITY spans to the guidelines,
TIME to ISO 8601 values, QUANTITY to numbers (and, for amounts of time, ISO 8601 durations too)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from ...doc import Article
from ...registry import backend
from ...text.values.number import quantity_value
from ...text.values.time import day_of, normalise_time, parse_date
from ..stage import save_settings_only
from .spans import guideline_entities


class Normaliser:
    """Brings TIME/QUANTITY entities to the guidelines' spans (:mod:`.spans`), then reads TIME against
    the article date (or ``default_date``) and QUANTITY as numbers."""

    name = "normalise.rules.v1"

    def __init__(self, default_date: str | None = None) -> None:
        self.default_date = parse_date(default_date)

    def __call__(self, article: Article) -> Article:
        anchor = parse_date(article.date) or self.default_date
        reference: date | str | None = anchor
        entities = []
        for entity in sorted(guideline_entities(article.text, list(article.entities)),
                             key=lambda e: (e.start, e.end)):
            value = None
            if entity.label == "TIME":
                value = normalise_time(entity.text, anchor, reference)
                reference = day_of(value) or reference
            elif entity.label == "QUANTITY":
                value = quantity_value(entity.text)
            entities.append(replace(entity, value=value))
        article.set_layer("entities", entities)
        return article

    def to_disk(self, path: Path) -> None:
        save_settings_only(path)


@backend("normalise.rules.v1", provides={"normalised"}, requires={"entities"},
         requires_labels={"TIME", "QUANTITY"})
def make_normaliser(*, model_dir: Path | None = None, default_date: str | None = None) -> Normaliser:
    """The rule-based normaliser; ``default_date`` anchors articles that carry no date."""
    return Normaliser(default_date)
