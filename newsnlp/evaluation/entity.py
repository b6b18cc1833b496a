"""Named-entity scores: span-level P/R/F, strict and SemEval-2013, micro/macro/per label (evaluation layer).

The four schemes follow the SemEval-2013 task 9.1 definitions as nervaluate implements them:

- ``strict``: exact boundaries and the same label;
- ``exact``: exact boundaries, any label;
- ``partial``: any overlap, any label; an overlapping but not exact match counts half;
- ``type``: any overlap and the same label.

Each prediction is ``cor`` (correct), ``inc`` (incorrect), ``par`` (partial) or ``spu`` (spurious)
and each gold entity left unmatched is ``mis`` (missed). With ``ACT = cor + inc + par + spu`` and
``POS = cor + inc + par + mis``: ``P = (cor + par/2) / ACT``, ``R = (cor + par/2) / POS`` (``par`` is
only ever non-zero in the partial scheme). Strict P/R/F are the usual span P/R/F of seqeval and
conlleval. Per-label figures score the entities of that label alone (gold and predicted filtered to
it), as nervaluate does; macro figures average the per-label strict figures over the labels that
occur in the gold or the predictions, as seqeval does.

Matching, per document: first every prediction with exact boundaries (and, in ``strict`` and
``type``, the same label) takes such a gold entity, left to right; then each remaining prediction, left
to right, takes the first unmatched overlapping gold entity (``type``: the same-label one with the
closest boundaries, else the first of another label). On flat layers (no overlapping spans within the
gold or within the prediction, which is all BIO can express) this is exactly nervaluate's result; the
exact-boundary pass first only differs for overlapping or duplicate predictions, where nervaluate lets
a wrong earlier prediction use up the gold entity that a later prediction matches exactly.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..doc import Article, Entity
from .counts import LayerScores, Number, add_prf, context, labels_in, ratio, spread, sum_counts

SCHEMES = ("strict", "exact", "partial", "type")
CATEGORIES = ("cor", "inc", "par", "mis", "spu")
NO_ENTITY = "∅"
HEADLINE = ("entity_p", "entity_r", "entity_f", "entity_macro_f", "entity_exact_f",
            "entity_partial_f", "entity_type_f")


@dataclass(frozen=True)
class Outcome:
    """What became of one prediction (``pred`` set) or one unmatched gold entity (``mis``)."""

    category: str
    pred: int | None
    gold: int | None


def _same_bounds(a: Entity, b: Entity) -> bool:
    return a.start == b.start and a.end == b.end


def _overlap(a: Entity, b: Entity) -> bool:
    return max(a.start, b.start) < min(a.end, b.end)


def match_entities(gold: Sequence[Entity], predicted: Sequence[Entity],
                   scheme: str = "strict") -> list[Outcome]:
    """Match predictions to gold entities under ``scheme`` (see the module docstring).

    Returns:
        One outcome per prediction, in order, then one ``mis`` per unmatched gold entity.

    >>> from newsnlp.doc import Entity
    >>> gold = [Entity(0, 4, "北京大学", label="ORG")]
    >>> pred = [Entity(0, 2, "北京", label="LOC"), Entity(0, 4, "北京大学", label="ORG")]
    >>> [o.category for o in match_entities(gold, pred, "strict")]
    ['spu', 'cor']
    >>> [o.category for o in match_entities(gold, pred[:1], "partial")]
    ['par']
    >>> [o.category for o in match_entities(gold, pred[:1], "type")]
    ['inc']
    """
    if scheme not in SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r}; schemes are {SCHEMES}")
    typed = scheme in ("strict", "type")
    used: set[int] = set()
    outcomes: dict[int, Outcome] = {}
    for i, pred in enumerate(predicted):
        for j, entity in enumerate(gold):
            if j not in used and _same_bounds(pred, entity) and (not typed or pred.label == entity.label):
                used.add(j)
                outcomes[i] = Outcome("cor", i, j)
                break
    for i, pred in enumerate(predicted):
        if i in outcomes:
            continue
        overlapping = [j for j, entity in enumerate(gold) if j not in used and _overlap(pred, entity)]
        same_label = [j for j in overlapping if gold[j].label == pred.label]
        if scheme == "type" and same_label:
            category, j = "cor", min(same_label, key=lambda k: (
                abs(pred.start - gold[k].start) + abs(pred.end - gold[k].end), k))
        elif overlapping:
            category, j = ("par" if scheme == "partial" else "inc"), overlapping[0]
        else:
            outcomes[i] = Outcome("spu", i, None)
            continue
        used.add(j)
        outcomes[i] = Outcome(category, i, j)
    return [outcomes[i] for i in range(len(predicted))] + [
        Outcome("mis", None, j) for j in range(len(gold)) if j not in used]


def _ordered(entities: Sequence[Entity]) -> list[Entity]:
    return sorted(entities, key=lambda e: (e.start, e.end, e.label))


def entity_counts(gold: Article, predicted: Article) -> Counter:
    """Counts of one document: ``{scheme}.{category}`` overall and ``{scheme}.{category}[L]``,
    ``gold[L]``, ``pred[L]`` per label ``L``."""
    gold_entities, pred_entities = _ordered(gold.entities), _ordered(predicted.entities)
    counts: Counter = Counter()
    for scheme in SCHEMES:
        counts.update(f"{scheme}.{o.category}" for o in match_entities(gold_entities, pred_entities,
                                                                         scheme))
    for label in {e.label for e in gold_entities} | {e.label for e in pred_entities}:
        gold_l = [e for e in gold_entities if e.label == label]
        pred_l = [e for e in pred_entities if e.label == label]
        counts[f"gold[{label}]"] += len(gold_l)
        counts[f"pred[{label}]"] += len(pred_l)
        for scheme in SCHEMES:
            counts.update(f"{scheme}.{o.category}[{label}]"
                          for o in match_entities(gold_l, pred_l, scheme))
    return counts


def _scheme_prf(figures: dict[str, Number], sums: Mapping[str, Number], scheme: str,
                suffix: str) -> None:
    def count(category: str) -> Number:
        return sums[f"{scheme}.{category}{suffix}"]

    credit = count("cor") + 0.5 * count("par")
    actual = count("cor") + count("inc") + count("par") + count("spu")
    possible = count("cor") + count("inc") + count("par") + count("mis")
    add_prf(figures, "entity" if scheme == "strict" else f"entity_{scheme}", credit, actual,
            possible, suffix)


def entity_figures(sums: Mapping[str, Number]) -> dict[str, Number]:
    """Micro P/R/F of every scheme, per-label P/R/F (``entity_f[PER]``) and macro strict P/R/F."""
    figures: dict[str, Number] = {}
    labels = labels_in(sums, "gold")
    for scheme in SCHEMES:
        _scheme_prf(figures, sums, scheme, "")
        for label in labels:
            _scheme_prf(figures, sums, scheme, f"[{label}]")
    present = {label: np.asarray(sums[f"gold[{label}]"] + sums[f"pred[{label}]"]) > 0
               for label in labels}
    n_present = sum(present.values(), np.asarray(0))
    for letter in "prf":
        summed = sum((figures[f"entity_{letter}[{label}]"] * present[label] for label in labels),
                     np.asarray(0.0))
        figures[f"entity_macro_{letter}"] = ratio(summed, n_present)
    return figures


def _confusion(pairs: Sequence[tuple[Article, Article]]) -> dict:
    cells: Counter = Counter()
    for gold, pred in pairs:
        gold_entities, pred_entities = _ordered(gold.entities), _ordered(pred.entities)
        for o in match_entities(gold_entities, pred_entities, "exact"):
            if o.category == "cor":
                cells[gold_entities[o.gold].label, pred_entities[o.pred].label] += 1
                continue
            if o.gold is not None:
                cells[gold_entities[o.gold].label, NO_ENTITY] += 1
            if o.pred is not None:
                cells[NO_ENTITY, pred_entities[o.pred].label] += 1
    labels = sorted({label for cell in cells for label in cell} - {NO_ENTITY}) + [NO_ENTITY]
    return {"labels": labels, "matrix": [[cells[g, p] for p in labels] for g in labels]}


def _errors(gold: Article, predicted: Article) -> list[dict]:
    gold_entities, pred_entities = _ordered(gold.entities), _ordered(predicted.entities)
    errors = []

    def record(kind: str, entity: Entity, other: Entity | None) -> None:
        error = ("spurious" if kind == "FP" else "missed") if other is None else (
            "label" if _same_bounds(entity, other) else "boundary")
        errors.append({"id": gold.id, "kind": kind, "error": error, "label": entity.label,
                       **context(gold.text, entity.start, entity.end),
                       "other": None if other is None else {
                           "label": other.label, "start": other.start, "end": other.end,
                           "text": other.text}})

    for o in match_entities(gold_entities, pred_entities, "strict"):
        if o.category == "cor":
            continue
        gold_entity = gold_entities[o.gold] if o.gold is not None else None
        if o.pred is not None:
            record("FP", pred_entities[o.pred], gold_entity)
        if gold_entity is not None:
            record("FN", gold_entity, pred_entities[o.pred] if o.pred is not None else None)
    return sorted(errors, key=lambda e: (e["start"], e["kind"]))


def score_entities(pairs: Sequence[tuple[Article, Article]], max_examples: int = 50) -> LayerScores:
    """Score the ``entities`` layer of aligned (gold, predicted) articles.

    Returns:
        Counts, figures (``entity_p/r/f`` strict micro, ``entity_{exact,partial,type}_p/r/f``,
        ``entity_macro_p/r/f``, per label ``entity_f[PER]`` …), the label confusion table (rows
        gold, columns predicted, for spans with the same boundaries; ``∅``: no entity with those
        boundaries) and false-positive / false-negative examples in context.

    Gold 张三/PER 北京大学/ORG 李四/PER; predicted 张三/PER 北京/LOC 李四/ORG. Strict: one of three
    right (P = R = F = 1/3). Exact boundaries: 张三 and 李四 (2/3). Partial: those two plus half
    for 北京 inside 北京大学 (2.5/3). Per label, PER has P = 1, R = 1/2, F = 2/3 and ORG, LOC
    score 0, so the macro F is 2/9.

    >>> from newsnlp.doc import Article, Entity
    >>> text = "张三在北京大学见到李四"
    >>> def ents(*spans):
    ...     return [Entity(s, e, text[s:e], label=label) for s, e, label in spans]
    >>> gold = Article("d", text, entities=ents((0, 2, "PER"), (3, 7, "ORG"), (9, 11, "PER")))
    >>> pred = Article("d", text, entities=ents((0, 2, "PER"), (3, 5, "LOC"), (9, 11, "ORG")))
    >>> figures = score_entities([(gold, pred)]).figures()
    >>> [round(figures[name], 4) for name in ("entity_f", "entity_exact_f", "entity_partial_f",
    ...                                       "entity_type_f", "entity_f[PER]", "entity_macro_f")]
    [0.3333, 0.6667, 0.8333, 0.3333, 0.6667, 0.2222]
    """
    errors = [error for gold, pred in pairs for error in _errors(gold, pred)]
    doc_counts = [entity_counts(gold, pred) for gold, pred in pairs]
    sums = sum_counts(doc_counts)
    return LayerScores(
        layer="entities",
        doc_counts=doc_counts,
        figure_function=entity_figures,
        headline=HEADLINE,
        details={"support": {label: {"gold": int(sums[f"gold[{label}]"]),
                                     "pred": int(sums[f"pred[{label}]"])}
                             for label in labels_in(sums, "gold")},
                 "schemes": {scheme: {category: int(sums[f"{scheme}.{category}"])
                                      for category in CATEGORIES} for scheme in SCHEMES},
                 "confusion": _confusion(pairs),
                 "errors": spread(errors, max_examples),
                 "n_errors": dict(Counter(e["kind"] for e in errors))},
    )

