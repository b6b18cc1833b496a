"""Every stage backend, by name: one line each, loaded lazily by dotted path.

Third-party packages add backends through the ``newsnlp_stages`` entry-point group; each entry point
names an :class:`Entry` object.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.metadata import entry_points
from typing import Any

from .errors import StageRequirementError

ENTRY_POINT_GROUP = "newsnlp_stages"


@dataclass(frozen=True)
class Entry:
    """A backend: ``factory`` is ``"module:function"``; ``provides``/``requires`` name layers."""

    factory: str
    provides: frozenset[str]
    requires: frozenset[str]

    def load(self) -> Callable[..., Any]:
        module, _, name = self.factory.partition(":")
        return getattr(importlib.import_module(module), name)


def _entry(factory: str, provides: set[str], requires: set[str]) -> Entry:
    return Entry(factory, frozenset(provides), frozenset(requires))


BUILTIN: dict[str, Entry] = {
    "page.rules.v1": _entry("newsnlp.stages.page.rules:make_page_splitter", {"articles"}, {"page"}),
    "sentence.rules.v1": _entry("newsnlp.stages.sentence.rules:make_sentence_splitter",
                                {"sentences"}, {"text"}),
    "word.pkuseg.v1": _entry("newsnlp.stages.word.pkuseg:make_pkuseg", {"words"}, {"text"}),
    "word.neural.v1": _entry("newsnlp.stages.word.neural:make_neural_segmenter", {"words"}, {"text"}),
    "word.ensemble.v1": _entry("newsnlp.stages.word.ensemble:make_ensemble", {"words"}, {"text"}),
    "entity.neural.v1": _entry("newsnlp.stages.entity.neural:make_neural_ner", {"entities"}, {"text"}),
    "entity.gazetteer.v1": _entry("newsnlp.stages.entity.gazetteer:make_gazetteer", {"entities"},
                                  {"text"}),
    "entity.spacy.v1": _entry("newsnlp.stages.entity.spacy_ner:make_spacy_ner", {"entities"}, {"text"}),
    "normalise.rules.v1": _entry("newsnlp.stages.normalise.rules:make_normaliser", {"normalised"},
                                 {"entities"}),
    "event.learned.v1": _entry("newsnlp.stages.event.learned:make_learned", {"events"}, {"text"}),
    "event.frames.v1": _entry("newsnlp.stages.event.frames:make_frames", {"events"},
                              {"sentences", "entities"}),
}


@cache
def _plugins() -> dict[str, Entry]:
    found = {}
    for point in entry_points(group=ENTRY_POINT_GROUP):
        entry = point.load()
        if not isinstance(entry, Entry):
            raise StageRequirementError(f"entry point {point.name!r} in group {ENTRY_POINT_GROUP!r} "
                                        f"must name a newsnlp.registry.Entry, got {type(entry)}")
        found[point.name] = entry
    return found


def names() -> list[str]:
    """All registered backend names, built-in and plugged in."""
    return sorted({**_plugins(), **BUILTIN})


def get(name: str) -> Entry:
    """The entry registered as ``name``; raises :class:`StageRequirementError` if there is none."""
    entries = {**_plugins(), **BUILTIN}
    if name not in entries:
        raise StageRequirementError(f"no stage backend named {name!r}; registered: {', '.join(names())}")
    return entries[name]
