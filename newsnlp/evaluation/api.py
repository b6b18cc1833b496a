"""Score predicted articles against gold ones: alignment by id, every layer, intervals (evaluation layer)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field
from typing import Any

from ..doc import Article
from ..errors import AlignmentError, InputFormatError
from .bootstrap import LEVEL, bootstrap_intervals, paired_bootstrap
from .counts import LayerScores
from .entity import score_entities
from .event import TIME_KEY, score_events
from .report import Report
from .segmentation import score_segmentation

SCORED_LAYERS = ("words", "entities", "events")
MIN_DOCUMENTS = 10  # below this, resampling documents says little about the spread


@dataclass
class Alignment:
    """Gold articles paired with predictions by id.

    A gold article without a prediction is paired with an empty one (``missing``: every gold item
    counts as missed); predictions without a gold article are left out (``extra``).
    """

    pairs: list[tuple[Article, Article]]
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)


def _by_id(articles: Sequence[Article], side: str) -> dict[str, Article]:
    by_id: dict[str, Article] = {}
    for article in articles:
        if article.id in by_id:
            raise AlignmentError(f"the {side} articles have the id {article.id!r} twice; ids must be "
                                 f"unique to align gold and predictions")
        by_id[article.id] = article
    return by_id


def _first_difference(a: str, b: str) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))


def align(gold: Sequence[Article], predicted: Sequence[Article]) -> Alignment:
    """Pair gold and predicted articles by ``id``.

    Raises:
        AlignmentError: an id occurs twice on one side, or a prediction's text differs from the
            gold text of the same id (the error names the id and the first differing position).
    """
    predicted_by_id = _by_id(predicted, "predicted")
    gold_by_id = _by_id(gold, "gold")
    pairs, missing = [], []
    for article in gold:
        pred = predicted_by_id.get(article.id)
        if pred is None:
            missing.append(article.id)
            pred = article.with_text_only()
        elif pred.text != article.text:
            at = _first_difference(article.text, pred.text)
            raise AlignmentError(
                f"article {article.id!r}: the predicted text differs from the gold text at character "
                f"{at} (gold {article.text[at:at + 10]!r}, predicted {pred.text[at:at + 10]!r}; "
                f"lengths {len(article.text)} and {len(pred.text)}); predictions must keep the gold "
                f"text unchanged")
        pairs.append((article, pred))
    extra = [article.id for article in predicted if article.id not in gold_by_id]
    return Alignment(pairs, missing, extra)


def _layers(gold: Sequence[Article], layers: Sequence[str] | None) -> list[str]:
    filled = [layer for layer in SCORED_LAYERS if any(layer in a.layers_filled for a in gold)]
    if layers is None:
        if not filled:
            raise InputFormatError(f"no gold article fills any of the layers {SCORED_LAYERS}; "
                                   f"nothing to score", field="layers_filled")
        return filled
    for layer in layers:
        if layer not in SCORED_LAYERS:
            raise InputFormatError(f"cannot score layer {layer!r}; scored layers are {SCORED_LAYERS}",
                                   field="layers")
        if layer not in filled:
            raise InputFormatError(f"no gold article fills the {layer!r} layer (gold layers: "
                                   f"{filled or 'none'})", field="layers")
    return list(layers)


def _score(layer: str, pairs: list[tuple[Article, Article]], settings: Mapping[str, Any]
           ) -> LayerScores:
    pairs = [(gold, pred) for gold, pred in pairs if layer in gold.layers_filled]
    if layer == "words":
        return score_segmentation(pairs, settings["word_list"], settings["max_examples"])
    if layer == "entities":
        return score_entities(pairs, settings["max_examples"])
    return score_events(pairs, settings["time_key"], settings["max_examples"])


def evaluate_articles(gold: Sequence[Article], predicted: Sequence[Article],
                      layers: Sequence[str] | None = None, *, word_list: Set[str] | None = None,
                      seed: int = 0, n_boot: int = 1000, level: float = LEVEL,
                      time_key: str = TIME_KEY, compare: Sequence[Article] | None = None,
                      names: tuple[str, str] = ("A", "B"), provenance: Mapping[str, Any] | None = None,
                      max_examples: int = 50) -> Report:
    """Score ``predicted`` against ``gold``, layer by layer, with bootstrap intervals.

    Each layer is scored on the gold articles that fill it (``layers_filled``).

    Args:
        gold: the reference articles.
        predicted: the system's articles, aligned to the gold by ``id``.
        layers: layers to score, of ``words``, ``entities``, ``events`` (default: every one that some
            gold article fills).
        word_list: training word list for the OOV figures of the ``words`` layer.
        seed, n_boot, level: the bootstrap's seed, number of resamples and interval level.
        time_key: the key of ``Argument.value`` holding a normalised time.
        compare: a second system's articles; adds a paired-bootstrap comparison (``predicted``
            minus ``compare``) of the headline figures.
        names: display names of ``predicted`` and ``compare``.
        provenance: what produced the predictions (model, data, command …), shown in reports.
        max_examples: error examples kept per layer and kind.

    Raises:
        AlignmentError: a prediction's text differs from the gold text of its id, or ids repeat.
        InputFormatError: a requested layer is filled by no gold article.
    """
    alignment = align(gold, predicted)
    layers = _layers(gold, layers)
    settings = {"word_list": word_list, "max_examples": max_examples, "time_key": time_key}
    figures: dict[str, dict[str, float | None]] = {}
    layer_reports: dict[str, dict[str, Any]] = {}
    notes = []
    scored: dict[str, LayerScores] = {}
    for layer in layers:
        scores = scored[layer] = _score(layer, alignment.pairs, settings)
        intervals = bootstrap_intervals(scores.doc_counts, scores.figure_function, n_boot=n_boot,
                                        seed=seed, level=level)
        for name, value in scores.figures().items():
            low, high = intervals.get(name, (None, None))
            figures[name] = {"value": value, "low": low, "high": high}
        layer_reports[layer] = {"documents": len(scores.doc_counts), "headline": list(scores.headline),
                                **scores.details}
        if len(scores.doc_counts) < MIN_DOCUMENTS:
            notes.append(f"{layer}: only {len(scores.doc_counts)} document(s); bootstrap intervals "
                         f"and comparisons need more documents to mean much")
        unfilled = [gold_article.id for gold_article, pred in alignment.pairs
                    if layer in gold_article.layers_filled and layer not in pred.layers_filled
                    and gold_article.id not in alignment.missing]
        if unfilled:
            notes.append(f"{len(unfilled)} predicted article(s) do not fill the {layer!r} layer and "
                         f"were scored as empty (first: {unfilled[0]!r})")
    if alignment.missing:
        notes.append(f"{len(alignment.missing)} gold article(s) have no prediction and were scored "
                     f"as empty predictions")
    if alignment.extra:
        notes.append(f"{len(alignment.extra)} predicted article(s) have no gold article and were "
                     f"left out")
    comparison = None
    if compare is not None:
        comparison = _compare(scored, align(gold, compare), settings, names, n_boot=n_boot,
                              seed=seed, level=level)
    return Report(
        figures=figures, layers=layer_reports,
        alignment={"gold": len(gold), "predicted": len(predicted), "missing": alignment.missing,
                   "extra": alignment.extra},
        settings={"layers": layers, "seed": seed, "n_boot": n_boot, "level": level,
                  "time_key": time_key, "word_list": None if word_list is None else len(word_list),
                  "names": list(names)},
        provenance=dict(provenance or {}), comparison=comparison, notes=notes)


def _compare(ours: Mapping[str, LayerScores], theirs: Alignment, settings: Mapping[str, Any],
             names: tuple[str, str], **bootstrap: Any) -> dict[str, Any]:
    """Paired bootstrap of our headline figures against another system's on the same gold."""
    result: dict[str, Any] = {"names": list(names), "missing": theirs.missing, "figures": {}}
    for layer, a in ours.items():
        b = _score(layer, theirs.pairs, settings)
        result["figures"].update(paired_bootstrap(a.doc_counts, b.doc_counts, a.figure_function,
                                                  a.headline, **bootstrap))
    return result
