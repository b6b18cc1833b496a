"""Entity backend ``entity.hanlp.v1``: a HanLP 2.x NER component saved on disk, run offline.

The stage runs a HanLP tagger that the user already has in a folder (``model = PATH``; HanLP's save
folder: ``config.json``, ``vocabs.json``, ``model.pt``), or the ``hanlp/`` folder of the stage folder
(written by :mod:`.train_hanlp`). Texts go to HanLP as one token per character, in pieces of at most
``max_len`` characters (cut at punctuation, :func:`newsnlp.nn.text.chunks`), so character offsets
come back unchanged. HanLP's labels are mapped onto newsnlp's by ``hanlp_labels.yaml`` beside this
module (MSRA-style NR/NS/NT, OntoNotes-style PERSON/GPE/..., PER/LOC/ORG), which ``label_map`` adds to.

The door (:func:`check_hanlp_folder`): HanLP builds whatever classes a ``config.json`` names, and
fetches what it names by URL or by hub name. So a folder is refused unless every ``classpath`` in it is
HanLP's own and no value is a URL, and the component is built with the Hugging Face hubs set offline;
nothing is downloaded. ``hanlp`` is imported only when the stage loads (the ``hanlp`` extra).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from ...doc import Article
from ...errors import ModelFileError, ModelNotFoundError
from ...model_files import check_model_files
from ...nn.text import chunks
from ...registry import backend
from ...text.loading import parse_yaml
from .stage import LABELS, trimmed_entities

BACKEND = "entity.hanlp.v1"
HANLP_DIR = "hanlp"
HANLP_CONFIG = "config.json"
LABEL_MAP = parse_yaml(Path(__file__).with_name("hanlp_labels.yaml").read_text("utf-8"))
TRUSTED_PACKAGES = ("hanlp.", "hanlp_common.", "hanlp_trie.")
OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}


class HanlpEntityStage:
    """Fills ``entities`` with the spans a HanLP NER component finds, labels mapped to newsnlp's."""

    def __init__(self, component: Any, *, labels: Sequence[str] = LABELS,
                 label_map: Mapping[str, str] | None = None, max_len: int = 200) -> None:
        self.component = component
        self.labels = frozenset(labels)
        self.label_map = {**LABEL_MAP, **(label_map or {})}
        self.max_len = max_len

    @property
    def entity_labels(self) -> frozenset[str]:
        """The newsnlp labels this stage can output: those its HanLP tags map to, within ``labels``."""
        tags = self.component.vocabs["tag"].idx_to_token
        return frozenset(self.label_map.get(tag.partition("-")[2] or tag) for tag in tags) & self.labels

    def find_many(self, texts: Sequence[str]) -> list[list[tuple[int, int, str]]]:
        """Entity spans ``(start, end, newsnlp label)`` of each text."""
        pieces = [(n, start, end) for n, text in enumerate(texts)
                  for start, end in chunks(text, self.max_len, whitespace_breaks=False)]
        found = self.component([list(texts[n][start:end]) for n, start, end in pieces]) if pieces else []
        out: list[list[tuple[int, int, str]]] = [[] for _ in texts]
        for (n, offset, _), entities in zip(pieces, found, strict=True):
            for _, tag, start, end in entities:
                label = self.label_map.get(tag)
                if label in self.labels:
                    out[n].append((offset + start, offset + end, label))
        return out

    def __call__(self, article: Article) -> Article:
        return self.call_many([article])[0]

    def call_many(self, articles: Sequence[Article]) -> list[Article]:
        """Fill the entities of every article, the pieces of all of them tagged in one call."""
        for article, spans in zip(articles, self.find_many([a.text for a in articles]), strict=True):
            article.set_layer("entities", trimmed_entities(article.text, spans, BACKEND))
        return list(articles)


def check_hanlp_folder(folder: Path) -> dict[str, Any]:
    """The ``config.json`` of a HanLP save folder, once every file is checked
    (:func:`~newsnlp.model_files.check_model_files`) and every classpath is HanLP's and no value a URL.

    Raises:
        ModelFileError: naming the file and the field that is refused.
    """
    check_model_files([folder])
    path = folder / HANLP_CONFIG
    config = json.loads(path.read_text("utf-8"))
    if not isinstance(config, dict) or not isinstance(config.get("classpath"), str):
        raise ModelFileError(path, "is not a HanLP component config", field="classpath")
    for field, value in _leaves(config):
        if field.endswith("classpath") and not str(value).startswith(TRUSTED_PACKAGES):
            raise ModelFileError(path, f"names {value!r}, not a HanLP class; {BACKEND} builds only HanLP's "
                                       f"own classes", field=field)
        if isinstance(value, str) and "://" in value:
            raise ModelFileError(path, f"names a resource to download ({value}); {BACKEND} runs only "
                                       f"models whose files are all on disk", field=field)
    return config


def _leaves(value: Any, where: str = "") -> Iterator[tuple[str, Any]]:
    """``(dotted field, value)`` of every scalar in a JSON value."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, f"{where}[{index}]")
    else:
        yield where, value


@contextlib.contextmanager
def offline() -> Iterator[None]:
    """The Hugging Face hubs set offline while a component is built (restored afterwards)."""
    saved = {name: os.environ.get(name) for name in OFFLINE}
    os.environ.update(OFFLINE)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def load_component(folder: Path) -> Any:
    """The HanLP component saved in ``folder``, on the CPU, built from its checked ``config.json``."""
    config = check_hanlp_folder(folder)
    from hanlp_common.reflection import object_from_classpath

    with offline():
        try:
            component = object_from_classpath(config["classpath"])
            component.load(str(folder), devices=-1, verbose=False)
        except Exception as error:  # HanLP and torch raise many kinds on a folder they cannot read
            raise ModelFileError(folder, f"HanLP cannot load it ({type(error).__name__}: {error})") from error
    if not hasattr(component, "vocabs") or "tag" not in component.vocabs:
        raise ModelFileError(folder / HANLP_CONFIG, f"{config['classpath']} is not a HanLP tagger "
                                                    "(no tag vocabulary)", field="classpath")
    return component


@backend(BACKEND, provides={"entities"}, requires={"text"},
         trainer="newsnlp.stages.entity.train_hanlp:train")
def make_hanlp_ner(*, model_dir: Path | None = None, model: str | None = None,
                   labels: Sequence[str] = LABELS, label_map: dict[str, str] | None = None,
                   max_len: int = 200) -> HanlpEntityStage:
    """Build the HanLP entity stage.

    Args:
        model_dir: the stage folder of a model directory (holds ``hanlp/``).
        model: a HanLP NER save folder on disk, used when ``model_dir`` holds none.
        labels: the newsnlp labels to output.
        label_map: HanLP label -> newsnlp label, over ``hanlp_labels.yaml``.
        max_len: texts are tagged in pieces of at most this many characters.

    Raises:
        ModelNotFoundError: when neither folder holds a HanLP component (``config.json``).
        ModelFileError: when the folder is refused or HanLP cannot load it.
    """
    candidates = [p for p in ((Path(model_dir) / HANLP_DIR) if model_dir else None,
                              Path(model) if model else None) if p is not None]
    source = next((p for p in candidates if (p / HANLP_CONFIG).is_file()), None)
    if source is None:
        raise ModelNotFoundError(f"{BACKEND}: no HanLP component (config.json) in "
                                 f"{', '.join(map(str, candidates)) or '-'}; set `model = PATH` to a HanLP "
                                 f"save folder or train one with `newsnlp train entity --config "
                                 f"configs/entity_hanlp.cfg`")
    return HanlpEntityStage(load_component(source), labels=labels, label_map=label_map, max_len=max_len)
