"""Rule-based normalisation (backend ``normalise.rules.v1``): TIME to ISO dates, QUANTITY to numbers."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from ...doc import Article, Entity
from ..stage import save_settings_only
from .number import normalise_number
from .stage import META_KEY
from .time import day_of, normalise_time

_DATE = re.compile(r"^(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})日?$")
TIME_SUFFIX = re.compile(r"以来|以前|之前|以后|之后|起|底|末|初|上旬|中旬|下旬|"
                         r"前(?![往进夕列])|后(?![续期来])|来")
QUANTITY_PREFIX = re.compile(r"(?:近|约|超过|超|逾|不少于|不低于|至少|不到|不足|大约|将近)$")
QUANTITY_SUFFIX = re.compile(r"左右|以上|以下|上下")


def parse_date(text: str | None) -> date | None:
    """An article date written ``2025-11-25``, ``2025/11/25`` or ``2025年11月25日``; else ``None``.

    >>> parse_date("2025年11月25日"), parse_date("soon")
    (datetime.date(2025, 11, 25), None)
    """
    match = _DATE.match((text or "").strip())
    if match is None:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def expression_span(text: str, entity: Entity, entities: list[Entity]) -> tuple[int, int]:
    """The whole time or quantity expression around an entity, as ``corpora/GUIDELINES.md`` §1.4–1.5
    spans it, for entity stages that leave modifiers out: 2023年 + 以来, 11月 + 底, 7月3日 + 至 + 7日
    (a range joins the next TIME), 近 + 600名, 60 + 余所, 50% + 以上.

    >>> text = "截至10月底，近600名选手参加"
    >>> [expression_span(text, e, []) for e in (Entity(2, 5, "10月", label="TIME"),
    ...                                          Entity(8, 12, "600名", label="QUANTITY"))]
    [(2, 6), (7, 12)]
    """
    start, end = entity.start, entity.end
    if entity.label == "TIME":
        joined = re.match(r"(?:至|到|—|–|-|~)", text[end:end + 1])
        after = next((e for e in entities if e.label == "TIME" and e.start == end + 1), None)
        if joined and after is not None:
            end = after.end
        if (suffix := TIME_SUFFIX.match(text, end)) is not None:
            end = suffix.end()
        return start, end
    if (prefix := QUANTITY_PREFIX.search(text, max(0, start - 4), start)) is not None:
        start = prefix.start()
    if (suffix := QUANTITY_SUFFIX.match(text, end)) is not None:
        end = suffix.end()
    return start, end


class Normaliser:
    """Reads TIME entities against the article date (or ``default_date``) and QUANTITY entities."""

    name = "normalise.rules.v1"

    def __init__(self, default_date: str | None = None) -> None:
        self.default_date = parse_date(default_date)

    def __call__(self, article: Article) -> Article:
        anchor = parse_date(article.date) or self.default_date
        reference = anchor
        records: list[dict[str, Any]] = []
        entities = sorted(article.entities, key=lambda e: (e.start, e.end))
        for entity in entities:
            if entity.label not in ("TIME", "QUANTITY") or (records and entity.start < records[-1]["end"]):
                continue  # not a time or quantity, or the second half of a range read already
            start, end = expression_span(article.text, entity, entities)
            text = article.text[start:end]
            if entity.label == "TIME":
                value = normalise_time(text, anchor, reference)
                reference = day_of(value) or reference
            else:
                value = normalise_number(text)
            if value is not None:
                records.append({"start": start, "end": end, "text": text, "label": entity.label,
                                "value": value, "entity": [entity.start, entity.end]})
        article.meta[META_KEY] = records
        return article

    def to_disk(self, path: Path) -> None:
        save_settings_only(path)


def make_normaliser(*, model_dir: Path | None = None, default_date: str | None = None) -> Normaliser:
    """The rule-based normaliser; ``default_date`` anchors articles that carry no date."""
    return Normaliser(default_date)
