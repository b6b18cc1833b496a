"""The one normalised record schema every corpus loader produces, and the label mappings onto it.

A record is ``{id, text, words, entities, events}`` with half-open character offsets into ``text``
(``text[start:end]`` is the span). Layers a corpus does not annotate are empty lists.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datasets import Features

PROJECT_LABELS = ("PER", "ORG", "LOC", "TIME", "QUANTITY")


@cache
def features() -> Features:
    """The record schema as ``datasets.Features`` (built on first use: importing ``datasets`` costs a
    second, which ``newsnlp --help`` and ``import newsnlp`` should not pay)."""
    from datasets import Features, List, Value

    span = {"start": Value("int32"), "end": Value("int32")}
    return Features({
        "id": Value("string"),
        "text": Value("string"),
        "words": List({**span, "pos": Value("string")}),
        "entities": List({**span, "label": Value("string")}),
        "events": List({
            "type": Value("string"),
            "trigger": dict(span),
            "arguments": List({"role": Value("string"), **span}),
        }),
    })


def __getattr__(name: str) -> Any:
    """``FEATURES``: :func:`features`, for the modules that name the schema as a constant."""
    if name == "FEATURES":
        return features()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

# Original label -> project label; a label absent from a map is dropped under labels="project".
# PD1998 entities are derived straight onto project labels (see newsnlp.corpora.pd1998).
LABEL_MAPS: dict[str, dict[str, str]] = {
    "msra": {"PER": "PER", "ORG": "ORG", "LOC": "LOC"},
    "pd_ner": {"PER": "PER", "ORG": "ORG", "LOC": "LOC"},
    # address (street addresses, regions) and scene (sights, parks, venues) are places -> LOC;
    # book, game, movie and position have no project label.
    "cluener": {"name": "PER", "company": "ORG", "government": "ORG", "organization": "ORG",
                "address": "LOC", "scene": "LOC"},
    # named mentions only; nominal mentions (NOM: 记者, 妈妈) are not names. GPE folds into LOC.
    "weibo": {"PER.NAM": "PER", "ORG.NAM": "ORG", "LOC.NAM": "LOC", "GPE.NAM": "LOC"},
    # TITLE, EDU (degree), PRO (major), CONT (nationality), RACE (ethnicity) are résumé fields.
    "resume": {"NAME": "PER", "ORG": "ORG", "LOC": "LOC"},
}


def record(id: str, text: str, *, words: list[dict[str, Any]] | None = None,
           entities: list[dict[str, Any]] | None = None,
           events: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A record in the :data:`FEATURES` layout (missing layers become empty lists)."""
    return {"id": id, "text": text, "words": words or [], "entities": entities or [],
            "events": events or []}


def map_entities(entities: list[dict[str, Any]], mapping: dict[str, str]) -> list[dict[str, Any]]:
    """Relabel entities through ``mapping``, dropping those whose label it lacks.

    >>> map_entities([{"start": 0, "end": 2, "label": "GPE.NAM"},
    ...               {"start": 3, "end": 5, "label": "PER.NOM"}], LABEL_MAPS["weibo"])
    [{'start': 0, 'end': 2, 'label': 'LOC'}]
    """
    return [{**entity, "label": mapping[entity["label"]]} for entity in entities
            if entity["label"] in mapping]
