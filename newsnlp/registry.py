"""Every stage backend, by name, derived from the one declaration each backend makes at its factory.

A backend module declares its factory with :func:`backend` (as spaCy's ``@Language.factory`` does): its
name, the layers it provides and requires, the entity labels it needs earlier stages to find, and its
trainer. The factory's keyword-only parameters (``model_dir`` aside) are its typed settings
(:meth:`Entry.settings_class`), checked against every ``[stages.*]`` section before a stage is built.
The built-in backends are the declarations found in :data:`BACKEND_MODULES`; third-party packages add
theirs through the ``newsnlp_stages`` entry-point group, each entry point naming an :class:`Entry`.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, make_dataclass
from functools import cache
from importlib.metadata import entry_points
from typing import Any, TypeVar

from .config import check_settings
from .errors import StageRequirementError
from .text.loading import load_object

ENTRY_POINT_GROUP = "newsnlp_stages"
# The modules whose @backend declarations make up the built-in registry (a test checks that every
# declaration in newsnlp.stages is in one of them).
BACKEND_MODULES = (
    "newsnlp.stages.page.rules", "newsnlp.stages.sentence.rules", "newsnlp.stages.word.pkuseg",
    "newsnlp.stages.word.neural", "newsnlp.stages.word.ensemble", "newsnlp.stages.entity.neural",
    "newsnlp.stages.entity.gazetteer", "newsnlp.stages.entity.spacy_ner", "newsnlp.stages.entity.hanlp_ner",
    "newsnlp.stages.normalise.rules",
    "newsnlp.stages.event.learned", "newsnlp.stages.event.frames",
)
SETTINGS_EXCLUDED = ("model_dir",)  # given by the pipeline, not by the config
Factory = TypeVar("Factory", bound=Callable[..., Any])


@dataclass(frozen=True)
class Entry:
    """A backend's contract.

    ``factory`` is the function that builds the stage (or ``"module:function"``, loaded on use);
    ``provides``/``requires`` name layers; ``requires_labels`` are entity labels some earlier stage
    must be able to find (stages that fill ``entities`` say which in their ``labels`` attribute);
    ``trainer`` is ``"module:function"`` taking ``(config, output)``, or None when not trainable.
    """

    factory: Callable[..., Any] | str
    provides: frozenset[str]
    requires: frozenset[str]
    requires_labels: frozenset[str] = frozenset()
    trainer: str | None = None

    def load(self) -> Callable[..., Any]:
        """The factory function."""
        return load_object(self.factory) if isinstance(self.factory, str) else self.factory

    def load_trainer(self) -> Callable[..., dict[str, Any]] | None:
        """The training function, or None."""
        return load_object(self.trainer) if self.trainer else None

    def settings_class(self) -> type:
        """A frozen dataclass of the factory's keyword-only settings, with their types and defaults."""
        return _settings_class(self.load())

    def check_settings(self, values: Mapping[str, Any], where: str) -> dict[str, Any]:
        """``values`` checked against :meth:`settings_class` (:func:`newsnlp.config.check_settings`)."""
        check_settings(self.settings_class(), values, where)
        return dict(values)


@cache
def _settings_class(factory: Callable[..., Any]) -> type:
    hints = typing.get_type_hints(factory)
    parameters = [p for p in inspect.signature(factory).parameters.values()
                  if p.kind is inspect.Parameter.KEYWORD_ONLY and p.name not in SETTINGS_EXCLUDED]
    return make_dataclass(f"{factory.__name__}_settings",
                          [(p.name, hints.get(p.name, Any), field(default=p.default)) for p in parameters],
                          frozen=True)


_DECLARED: dict[str, Entry] = {}


def backend(name: str, *, provides: Iterable[str], requires: Iterable[str],
            requires_labels: Iterable[str] = (), trainer: str | None = None) -> Callable[[Factory], Factory]:
    """Declare the decorated factory as the backend ``name`` (see :class:`Entry`)."""

    def declare(factory: Factory) -> Factory:
        if name in _DECLARED and _DECLARED[name].factory is not factory:
            raise StageRequirementError(f"backend {name!r} is declared twice")
        _DECLARED[name] = Entry(factory, frozenset(provides), frozenset(requires), frozenset(requires_labels),
                                trainer)
        return factory

    return declare


@cache
def builtin() -> dict[str, Entry]:
    """The built-in backends: the declarations of :data:`BACKEND_MODULES`."""
    for module in BACKEND_MODULES:
        load_object(module)
    return dict(_DECLARED)


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


def entries() -> dict[str, Entry]:
    """Every backend by name, plugged-in and built-in (a built-in name wins)."""
    return {**_plugins(), **builtin()}


def names() -> list[str]:
    """All registered backend names, built-in and plugged in."""
    return sorted(entries())


def get(name: str) -> Entry:
    """The entry registered as ``name``; raises :class:`StageRequirementError` if there is none."""
    known = entries()
    if name not in known:
        raise StageRequirementError(f"no stage backend named {name!r}; registered: {', '.join(names())}")
    return known[name]
