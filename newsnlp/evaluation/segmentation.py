"""Word segmentation scores in the SIGHAN bakeoff convention (evaluation layer).

A word is its character span; a predicted word is correct when a gold word has the same span
(each gold word matches at most one prediction). Precision = correct / predicted words,
recall = correct / gold words. Against a training word list: OOV rate = share of gold words not in
the list, OOV recall = correct OOV gold words / OOV gold words, IV recall likewise for in-list words.
Whitespace-only words are ignored on both sides (the bakeoff's files have no whitespace tokens).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence, Set

from ..doc import Article, Word
from .counts import LayerScores, Number, add_prf, context, ratio, spread, total

HEADLINE = ("word_p", "word_r", "word_f", "oov_rate", "oov_recall", "iv_recall")


def _spans(words: Sequence[Word]) -> Counter:
    return Counter((w.start, w.end) for w in words if w.text.strip())


def segmentation_counts(gold: Article, predicted: Article,
                        word_list: Set[str] | None = None) -> Counter:
    """Counts of one document: ``gold``, ``pred``, ``correct`` and, with a word list,
    ``gold_oov`` and ``correct_oov``."""
    gold_spans, pred_spans = _spans(gold.words), _spans(predicted.words)
    correct = gold_spans & pred_spans
    counts = Counter(gold=total(gold_spans), pred=total(pred_spans), correct=total(correct))
    if word_list is not None:
        def oov(span: tuple[int, int]) -> bool:
            return gold.text[span[0]:span[1]] not in word_list
        counts["gold_oov"] = sum(n for span, n in gold_spans.items() if oov(span))
        counts["correct_oov"] = sum(n for span, n in correct.items() if oov(span))
    return counts


def segmentation_figures(sums: Mapping[str, Number], with_oov: bool) -> dict[str, Number]:
    """Word P/R/F and, ``with_oov``, OOV rate, OOV recall and IV recall from summed counts."""
    figures: dict[str, Number] = {}
    add_prf(figures, "word", sums["correct"], sums["pred"], sums["gold"])
    if with_oov:
        figures["oov_rate"] = ratio(sums["gold_oov"], sums["gold"])
        figures["oov_recall"] = ratio(sums["correct_oov"], sums["gold_oov"])
        figures["iv_recall"] = ratio(sums["correct"] - sums["correct_oov"],
                                     sums["gold"] - sums["gold_oov"])
    return figures


def _errors(gold: Article, predicted: Article) -> list[dict]:
    gold_spans, pred_spans = _spans(gold.words), _spans(predicted.words)
    errors = []
    for kind, mine, theirs in (("FN", gold_spans, pred_spans), ("FP", pred_spans, gold_spans)):
        for start, end in sorted((mine - theirs).elements()):
            errors.append({"id": gold.id, "kind": kind, **context(gold.text, start, end)})
    return sorted(errors, key=lambda e: (e["start"], e["kind"]))


def score_segmentation(pairs: Sequence[tuple[Article, Article]], word_list: Set[str] | None = None,
                       max_examples: int = 50) -> LayerScores:
    """Score the ``words`` layer of aligned (gold, predicted) articles.

    Args:
        pairs: aligned documents.
        word_list: the training word list, for OOV rate, OOV recall and IV recall.
        max_examples: how many missed / spurious words to keep as examples.

    Returns:
        The layer's counts, figures (``word_p``/``word_r``/``word_f``, ``oov_*``, ``iv_recall``)
        and error examples.

    Gold 他|来到|北京大学 against 他|来|到|北京|大学: one of five predicted words is right (P = 0.2),
    one of three gold words is found (R = 1/3), F = 0.25. With the word list {他, 来到, 北京} the
    only OOV gold word is 北京大学 (OOV rate 1/3), not found (OOV recall 0); IV recall is 1/2.

    >>> from newsnlp.doc import Article, Word
    >>> def segmented(text, words):
    ...     spans, start = [], 0
    ...     for word in words.split("|"):
    ...         spans.append(Word(start, start + len(word), word))
    ...         start += len(word)
    ...     return Article("d", text, words=spans, layers_filled=["words"])
    >>> gold = segmented("他来到北京大学", "他|来到|北京大学")
    >>> pred = segmented("他来到北京大学", "他|来|到|北京|大学")
    >>> figures = score_segmentation([(gold, pred)], word_list={"他", "来到", "北京"}).figures()
    >>> {name: round(value, 4) for name, value in figures.items()}
    ... # doctest: +NORMALIZE_WHITESPACE
    {'word_p': 0.2, 'word_r': 0.3333, 'word_f': 0.25, 'oov_rate': 0.3333, 'oov_recall': 0.0,
     'iv_recall': 0.5}
    """
    with_oov = word_list is not None
    errors = [error for gold, pred in pairs for error in _errors(gold, pred)]
    return LayerScores(
        layer="words",
        doc_counts=[segmentation_counts(gold, pred, word_list) for gold, pred in pairs],
        figure_function=lambda sums: segmentation_figures(sums, with_oov),
        headline=HEADLINE if with_oov else HEADLINE[:3],
        details={"errors": spread(errors, max_examples), "n_errors": len(errors)},
    )
