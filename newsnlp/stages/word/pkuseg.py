"""Word backend ``word.pkuseg.v1``: a spacy-pkuseg CRF trained here, decoded by :class:`.PkusegDecoder`.

The stage folder holds the CRF as spacy-pkuseg writes it, ``features.msgpack`` (feature names) and
``weights.npz`` (weights, possibly pruned to float32 by :func:`prune`), plus ``user_dict.txt`` when
the user added words. Neither file runs code on load (msgpack and ``np.load`` without pickles).
spacy-pkuseg's own post-processing dictionary (a pickle inside the spacy-pkuseg package, not in
the model) is switched off unless ``package_dict = true``: it merges words against the PKU standard.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ...errors import ModelNotFoundError
from ...model_files import check_model_files
from ...registry import backend
from .dictionary import UserDictionary
from .pkuseg_decoder import PkusegDecoder
from .rules import to_simplified, tokenize_spans
from .stage import SegmenterBase

if TYPE_CHECKING:
    from spacy_pkuseg import pkuseg

BACKEND = "word.pkuseg.v1"
MODEL_FILES = ("features.msgpack", "weights.npz")


def load_segmenter(model_dir: Path, *, package_dict: bool = False) -> pkuseg:
    """The spacy-pkuseg segmenter of the model in ``model_dir`` (weights widened to float64), built as
    spaCy's Chinese tokenizer builds it, without importing spaCy (about a second of every load)."""
    import spacy_pkuseg

    missing = [name for name in MODEL_FILES if not (model_dir / name).is_file()]
    if missing:
        raise ModelNotFoundError(f"{model_dir}: no pkuseg model here (missing {', '.join(missing)}); "
                                 f"train one with newsnlp.stages.word.train_pkuseg")
    check_model_files([model_dir])  # spacy-pkuseg would load a features.pkl: never hand it one
    segmenter = spacy_pkuseg.pkuseg(str(model_dir), user_dict="default")
    segmenter.postprocesser.do_process = package_dict
    # The Viterbi decoder is typed for float64; a model trained with weights_dtype = "float32" is widened.
    segmenter.model.w = np.ascontiguousarray(segmenter.model.w, dtype=np.float64)
    return segmenter


class PkusegWordStage(SegmenterBase):
    """Fills ``words`` with the pkuseg CRF's segmentation, repaired by the shared rules and dictionary."""

    def __init__(self, model_dir: Path, *, package_dict: bool = False,
                 user_dict: UserDictionary | None = None) -> None:
        self.model_dir = model_dir
        segmenter = load_segmenter(model_dir, package_dict=package_dict)
        self.tags: dict[int, str] = segmenter.idx_to_tag
        self.decoder = None if package_dict else PkusegDecoder(segmenter)
        # the decoder holds what it needs; spacy-pkuseg's own model (about 45 MiB) is kept only for its path
        self.segmenter = segmenter if self.decoder is None else None
        self.user_dict = user_dict or UserDictionary()

    def segment(self, text: str) -> list[tuple[int, int]]:
        """The CRF's word spans for ``text`` (before rules and user dictionary).

        The CRF sees :func:`.rules.to_simplified` text (it was trained on simplified characters);
        the mapping is one to one, so the spans index ``text`` too. :class:`.PkusegDecoder` gives
        spacy-pkuseg's own words about twice as fast; spacy-pkuseg's post-processing dictionary
        (``package_dict``) works on its word lists, so that mode takes spacy-pkuseg's own path.
        """
        simplified = to_simplified(text)
        if self.segmenter is not None:
            return tokenize_spans(simplified, self.segmenter.cut(simplified))
        return self.decoder.cut_spans(simplified)

    def to_disk(self, path: Path) -> None:
        """Copy the model files and the user dictionary into the stage folder ``path``."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for name in MODEL_FILES:
            if (self.model_dir / name).resolve() != (path / name).resolve():
                (path / name).write_bytes((self.model_dir / name).read_bytes())
        self.user_dict.to_disk(path)


@backend(BACKEND, provides={"words"}, requires={"text"},
         trainer="newsnlp.stages.word.train_pkuseg:train")
def make_pkuseg(*, model_dir: Path | None = None, model: str | None = None, package_dict: bool = False,
                user_dict: str | None = None) -> PkusegWordStage:
    """Build the pkuseg word stage.

    Args:
        model_dir: the stage folder of a model directory (holds the CRF and ``user_dict.txt``).
        model: a folder holding a pkuseg CRF, used when ``model_dir`` holds none (before saving).
        package_dict: also apply spacy-pkuseg's packaged post-processing dictionary.
        user_dict: a word list (one word per line, optional POS) forced on top of the model, read
            when the stage folder holds no saved ``user_dict.txt`` (with
            ``msr_training_words.utf8``: the MSR-standard mode; the CRF's own word features are
            lexicalised, so a word list cannot be added to them without retraining).

    Raises:
        ModelNotFoundError: when neither folder holds a pkuseg model.
    """
    saved = model_dir is not None and all((Path(model_dir) / name).is_file() for name in MODEL_FILES)
    source = Path(model_dir) if saved else Path(model) if model else model_dir
    if source is None:
        raise ModelNotFoundError(f"{BACKEND} needs a model: set model = \"<folder>\" or load it from "
                                 f"a model directory")
    return PkusegWordStage(source, package_dict=package_dict,
                           user_dict=UserDictionary.from_disk(model_dir, user_dict))


def prune(model_dir: Path, *, threshold: float = 0.0, dtype: str = "float32") -> dict[str, int]:
    """Shrink a trained pkuseg model in place: drop features whose weights never reach ``threshold``.

    Feature 0 (always on, a bias) keeps its index; the word-bigram list, unused at inference, is
    emptied; weights are stored as ``dtype`` (widened to float64 again on load). Returns the feature
    counts before and after.
    """
    import srsly

    features = srsly.read_msgpack(model_dir / "features.msgpack")
    with np.load(model_dir / "weights.npz") as npz:
        n_tag, n_feature = (int(x) for x in npz["sizes"])
        weights = npz["w"]
    node = weights[: n_feature * n_tag].reshape(n_feature, n_tag)
    keep = np.abs(node).max(axis=1) > threshold
    keep[0] = True
    new_index = np.cumsum(keep) - 1
    features["feature_to_idx"] = {name: int(new_index[idx])
                                  for name, idx in features["feature_to_idx"].items() if keep[idx]}
    features["bigram"] = []
    kept = int(keep.sum())
    new_weights = np.concatenate([node[keep].reshape(-1), weights[n_feature * n_tag:]]).astype(dtype)
    srsly.write_msgpack(model_dir / "features.msgpack", features)
    np.savez(model_dir / "weights.npz", sizes=np.array([n_tag, kept]), w=new_weights)
    return {"features_before": n_feature, "features_after": kept}
