"""Entity backend ``entity.spacy.v1``: spaCy's ``ner`` (hash-embedding CNN tok2vec + transition parser)
on a character-level Doc (entity stage).

Articles go to spaCy through :meth:`Article.to_spacy` (one token per character, so no entity boundary
depends on word segmentation) and come back through :meth:`Article.from_spacy`. The stage folder
holds a spaCy pipeline saved by ``nlp.to_disk`` under ``spacy/`` (config, msgpack vocabulary and
weights: nothing runs code on load). Trained by :mod:`.train_spacy`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ...doc import Article
from ...errors import ModelNotFoundError
from ...model_files import check_model_files
from ...registry import backend
from .stage import LABELS

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

BACKEND = "entity.spacy.v1"
SPACY_DIR = "spacy"


@dataclass(kw_only=True)
class SpacyArchitecture:
    """The sizes of the ``ner`` network: hash-embedding CNN tok2vec and transition parser."""

    width: int = 96
    depth: int = 4
    embed_size: int = 5000
    window_size: int = 1
    hidden_width: int = 64


def blank_pipeline(labels: Sequence[str], architecture: SpacyArchitecture | None = None) -> Language:
    """A blank Chinese pipeline (character tokens) with an untrained ``ner`` over ``labels`` (network
    sizes: ``architecture``, default :class:`SpacyArchitecture`'s)."""
    import spacy

    architecture = architecture or SpacyArchitecture()
    nlp = spacy.blank("zh")
    model = {
        "@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner",
        "extra_state_tokens": False, "hidden_width": architecture.hidden_width, "maxout_pieces": 2,
        "use_upper": True, "nO": None,
        "tok2vec": {"@architectures": "spacy.HashEmbedCNN.v2", "pretrained_vectors": None,
                    "width": architecture.width, "depth": architecture.depth,
                    "embed_size": architecture.embed_size, "window_size": architecture.window_size,
                    "maxout_pieces": 3, "subword_features": True},
    }
    ner = nlp.add_pipe("ner", config={"model": model})
    for label in labels:
        ner.add_label(label)
    return nlp


def to_doc(nlp: Language, article: Article, *, with_entities: bool = False) -> Doc:
    """The character-level Doc of ``article`` in ``nlp``'s vocabulary (entities only if asked)."""
    doc = article.to_spacy(nlp.vocab)
    if not with_entities:
        doc.ents = []
    return doc


class SpacyEntityStage:
    """Fills ``entities`` with the spans spaCy's ``ner`` finds on the character Doc."""

    def __init__(self, nlp: Language, *, labels: Sequence[str] = LABELS) -> None:
        self.nlp = nlp
        self.labels = frozenset(labels)

    @property
    def entity_labels(self) -> frozenset[str]:
        """The labels this stage can output: those of spaCy's ``ner`` that ``labels`` keeps."""
        return frozenset(self.nlp.get_pipe("ner").labels) & self.labels

    def __call__(self, article: Article) -> Article:
        doc = to_doc(self.nlp, article)
        for _, component in self.nlp.pipeline:
            doc = component(doc)
        found = Article.from_spacy(doc).entities
        article.set_layer("entities", [replace(entity, source=BACKEND) for entity in found
                                       if entity.label in self.labels and entity.text.strip()])
        return article

    def to_disk(self, path: Path) -> None:
        """Save the spaCy pipeline into ``path/spacy``."""
        Path(path).mkdir(parents=True, exist_ok=True)
        self.nlp.to_disk(Path(path) / SPACY_DIR)


@backend(BACKEND, provides={"entities"}, requires={"text"},
         trainer="newsnlp.stages.entity.train_spacy:train")
def make_spacy_ner(*, model_dir: Path | None = None, model: str | None = None,
                   labels: Sequence[str] = LABELS) -> SpacyEntityStage:
    """Build the spaCy entity stage.

    Args:
        model_dir: the stage folder of a model directory (holds ``spacy/``).
        model: a saved spaCy pipeline folder, used when ``model_dir`` holds none.
        labels: the labels to output.

    Raises:
        ModelNotFoundError: when neither folder holds a spaCy pipeline.
    """
    import spacy

    candidates = [p for p in ((Path(model_dir) / SPACY_DIR) if model_dir else None,
                              Path(model) if model else None) if p is not None]
    source = next((p for p in candidates if (p / "config.cfg").is_file()), None)
    if source is None:
        raise ModelNotFoundError(f"{BACKEND}: no spaCy pipeline in {', '.join(map(str, candidates)) or '-'}; "
                                 f"train one with `newsnlp train entity --config configs/entity_spacy.cfg`")
    check_model_files([source])  # its tokenizer could hand spacy-pkuseg a features.pkl: never
    return SpacyEntityStage(spacy.load(source), labels=labels)

