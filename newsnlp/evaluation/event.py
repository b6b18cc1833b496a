"""Event scores: triggers, arguments (ACE, strict), DuEE 1.0, document-level match, time (evaluation layer).

- **Triggers** (ACE convention): identified when a gold trigger has the same span, classified when it
  also has the same event type; each gold trigger matches at most one prediction.
- **Arguments** (ACE convention, scored with the predicted triggers in "strict" mode): a predicted
  event is paired with a gold event of the same trigger span and type (one to one; where several could
  pair, those sharing most arguments pair first). An argument is identified when the paired gold event
  has an argument with the same span, classified when the role matches too. Arguments of unpaired
  predicted events (false-positive triggers) are false positives, those of unpaired gold events
  (missed triggers) false negatives, so an argument only counts if its event type matches.
- **DuEE 1.0 official score**: each predicted argument scores [event type right] × [role right] ×
  the character-level F1 (case-insensitive) with the best-matching gold argument of that event type
  and role in the same document, over all the gold argument's mentions (its text and the strings in
  ``value["alias"]``). P = Σ scores / #predicted arguments, R = Σ scores / #gold arguments. Shared
  characters are counted as a multiset (``Counter`` intersection), following the published formula
  (字级别匹配P = 共有字的数量 / 预测论元字数).
- **Document-level event match** (DuEE-Fin): per document, each gold event in turn takes the unused
  predicted event of the same type that shares most (role, argument text) pairs (without
  replacement); P/R/F count the shared pairs over all predicted / gold arguments.
- **Normalised time**: every gold argument whose ``value`` carries ``time_key`` (default ``"iso"``)
  is a time argument. It counts as right when a predicted argument with the same event type, role and
  span has an equal ``value[time_key]``. ``time_accuracy`` divides by all gold time arguments (a missed
  span is wrong), ``time_accuracy_found`` by those whose span was predicted.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from ..doc import Argument, Article, Event, Span
from .counts import LayerScores, Number, add_prf, context, labels_in, ratio, spread, sum_counts, total

TIME_KEY = "iso"
HEADLINE = ("trigger_id_f", "trigger_f", "argument_id_f", "argument_f", "duee_p", "duee_r", "duee_f",
            "doc_event_f", "time_accuracy")


def _span(span: Span) -> tuple[int, int]:
    return span.start, span.end


def _trigger_key(event: Event) -> tuple[int, int, str]:
    return event.trigger.start, event.trigger.end, event.type


def _role_spans(event: Event) -> Counter:
    return Counter((a.role, a.start, a.end) for a in event.arguments)


def _arg_spans(event: Event) -> Counter:
    return Counter((a.start, a.end) for a in event.arguments)


def _role_texts(event: Event) -> Counter:
    return Counter((a.role, a.text) for a in event.arguments)


def pair_events(gold: Sequence[Event], predicted: Sequence[Event]) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs of events with the same trigger span and type.

    Where several could pair, the pairs sharing most (role, span) arguments are taken first, then
    document order.

    >>> from newsnlp.doc import Event, Span
    >>> win = Event("e1", "竞赛行为-胜负", Span(2, 4, "击败"))
    >>> pair_events([win], [Event("p1", "竞赛行为-夺冠", Span(2, 4, "击败")), win])
    [(0, 1)]
    """
    candidates = sorted((-total(_role_spans(g) & _role_spans(p)), i, j)
                        for i, g in enumerate(gold) for j, p in enumerate(predicted)
                        if _trigger_key(g) == _trigger_key(p))
    pairs, used_gold, used_pred = [], set(), set()
    for _, i, j in candidates:
        if i not in used_gold and j not in used_pred:
            pairs.append((i, j))
            used_gold.add(i)
            used_pred.add(j)
    return sorted(pairs)


def char_f1(predicted: str, gold: str) -> float:
    """Character-level F1 of two strings, case-insensitive (the DuEE 1.0 argument match).

    >>> round(char_f1("梅德韦杰夫", "俄罗斯球员梅德韦杰夫"), 4)  # P = 5/5, R = 5/10
    0.6667
    >>> char_f1("NBA", "nba"), char_f1("", "nba")
    (1.0, 0.0)
    """
    predicted, gold = predicted.lower(), gold.lower()
    common = total(Counter(predicted) & Counter(gold))
    if common == 0:
        return 0.0
    precision, recall = common / len(predicted), common / len(gold)
    return 2 * precision * recall / (precision + recall)


def mentions(argument: Argument) -> list[str]:
    """Every way the gold data writes an argument: its text plus ``value["alias"]`` strings."""
    aliases = (argument.value or {}).get("alias") or []
    return [argument.text, *aliases]


def duee_scores(gold: Sequence[Event], predicted: Sequence[Event]) -> list[float]:
    """The DuEE 1.0 score of each predicted argument (in event, then argument order).

    A predicted 冠军 = "纳达尔" against the gold 冠军 "拉斐尔·纳达尔" with alias "纳达尔" scores 1
    (best mention); the role 败者 has no gold argument of that role, so it scores 0.

    >>> from newsnlp.doc import Argument, Event, Span
    >>> gold = Event("e1", "竞赛行为-夺冠", Span(0, 2, "夺得"), arguments=(
    ...     Argument(3, 9, "拉斐尔·纳达尔", role="冠军", value={"alias": ["纳达尔"]}),))
    >>> pred = Event("p1", "竞赛行为-夺冠", Span(0, 2, "夺得"), arguments=(
    ...     Argument(6, 9, "纳达尔", role="冠军"), Argument(6, 9, "纳达尔", role="败者")))
    >>> duee_scores([gold], [pred])
    [1.0, 0.0]
    """
    gold_mentions: dict[tuple[str, str], list[str]] = defaultdict(list)
    for event in gold:
        for argument in event.arguments:
            gold_mentions[event.type, argument.role] += mentions(argument)
    return [max((char_f1(argument.text, mention) for mention in gold_mentions.get(
                (event.type, argument.role), [])), default=0.0)
            for event in predicted for argument in event.arguments]


def document_event_matches(gold: Sequence[Event], predicted: Sequence[Event]) -> list[int]:
    """Per gold event, the (role, text) pairs it shares with the predicted event it is matched to.

    >>> from newsnlp.doc import Argument, Event, Span
    >>> def event(kind, *args):
    ...     return Event("e", kind, Span(0, 1, "x"), arguments=tuple(
    ...         Argument(0, len(t), t, role=r) for r, t in args))
    >>> gold = [event("会见", ("会见主体", "张三"), ("时间", "昨天")), event("会见", ("会见主体", "李四"))]
    >>> pred = [event("会见", ("会见主体", "李四")), event("会见", ("会见主体", "张三"))]
    >>> document_event_matches(gold, pred)  # the first gold event takes the second prediction
    [1, 1]
    """
    free = list(range(len(predicted)))
    shared = []
    for event in gold:
        candidates = [j for j in free if predicted[j].type == event.type]
        if not candidates:
            shared.append(0)
            continue
        best = max(candidates, key=lambda j: (total(_role_texts(event) & _role_texts(predicted[j])),
                                              -j))
        shared.append(total(_role_texts(event) & _role_texts(predicted[best])))
        free.remove(best)
    return shared


def _time_value(argument: Argument, time_key: str) -> object:
    return (argument.value or {}).get(time_key)


def _predicted_times(events: Sequence[Event], time_key: str) -> dict[tuple, list]:
    """Predicted time values by (event type, role, start, end)."""
    values: dict[tuple, list] = defaultdict(list)
    for event in events:
        for a in event.arguments:
            values[event.type, a.role, a.start, a.end].append(_time_value(a, time_key))
    return values


def event_counts(gold: Article, predicted: Article, time_key: str = TIME_KEY) -> Counter:
    """Counts of one document (trigger, argument, DuEE, document-level and time counts, per type)."""
    gold_events, pred_events = gold.events, predicted.events
    counts: Counter = Counter()
    for side, events in (("gold", gold_events), ("pred", pred_events)):
        counts[f"trigger.{side}"] += len(events)
        counts[f"argument.{side}"] += sum(len(e.arguments) for e in events)
    for kind in {e.type for e in gold_events} | {e.type for e in pred_events}:
        for side, events in (("gold", gold_events), ("pred", pred_events)):
            of_kind = [e for e in events if e.type == kind]
            counts[f"trigger.{side}[{kind}]"] += len(of_kind)
            counts[f"argument.{side}[{kind}]"] += sum(len(e.arguments) for e in of_kind)
        for name in ("trigger.cls", "argument.id", "argument.cls", "duee.score", "doc_event.correct"):
            counts[f"{name}[{kind}]"] += 0
    counts["trigger.id"] += total(Counter(_span(e.trigger) for e in gold_events)
                                  & Counter(_span(e.trigger) for e in pred_events))
    for i, j in pair_events(gold_events, pred_events):
        g, p, kind = gold_events[i], pred_events[j], gold_events[i].type
        for name, shared in (("trigger.cls", 1), ("argument.id", total(_arg_spans(g) & _arg_spans(p))),
                             ("argument.cls", total(_role_spans(g) & _role_spans(p)))):
            counts[name] += shared
            counts[f"{name}[{kind}]"] += shared
    scores = iter(duee_scores(gold_events, pred_events))
    for event in pred_events:
        for _ in event.arguments:
            score = next(scores)
            counts["duee.score"] += score
            counts[f"duee.score[{event.type}]"] += score
    for event, shared in zip(gold_events, document_event_matches(gold_events, pred_events)):
        counts["doc_event.correct"] += shared
        counts[f"doc_event.correct[{event.type}]"] += shared
    predicted_values = _predicted_times(pred_events, time_key)
    for event in gold_events:
        for a in event.arguments:
            value = _time_value(a, time_key)
            if value is None:
                continue
            found = predicted_values.get((event.type, a.role, a.start, a.end))
            counts["time.gold"] += 1
            counts["time.found"] += found is not None
            counts["time.correct"] += found is not None and value in found
    return counts


def event_figures(sums: Mapping[str, Number]) -> dict[str, Number]:
    """Trigger, argument, DuEE, document-level and time figures, overall and per event type."""
    figures: dict[str, Number] = {}
    kinds = labels_in(sums, "trigger.gold")
    for suffix in ["", *(f"[{kind}]" for kind in kinds)]:
        triggers = (sums[f"trigger.pred{suffix}"], sums[f"trigger.gold{suffix}"])
        arguments = (sums[f"argument.pred{suffix}"], sums[f"argument.gold{suffix}"])
        if not suffix:
            add_prf(figures, "trigger_id", sums["trigger.id"], *triggers)
        add_prf(figures, "trigger", sums[f"trigger.cls{suffix}"], *triggers, suffix)
        add_prf(figures, "argument_id", sums[f"argument.id{suffix}"], *arguments, suffix)
        add_prf(figures, "argument", sums[f"argument.cls{suffix}"], *arguments, suffix)
        add_prf(figures, "duee", sums[f"duee.score{suffix}"], *arguments, suffix)
        add_prf(figures, "doc_event", sums[f"doc_event.correct{suffix}"], *arguments, suffix)
    figures["time_accuracy"] = ratio(sums["time.correct"], sums["time.gold"])
    figures["time_accuracy_found"] = ratio(sums["time.correct"], sums["time.found"])
    return figures


def _errors(gold: Article, predicted: Article, time_key: str) -> dict[str, list[dict]]:
    text, gold_events, pred_events = gold.text, gold.events, predicted.events
    pairs = pair_events(gold_events, pred_events)
    paired_gold, paired_pred = dict(pairs), {j: i for i, j in pairs}
    errors: dict[str, list[dict]] = {"triggers": [], "arguments": [], "time": []}

    def at_same_span(event: Event, others: Sequence[Event]) -> str | None:
        types = sorted({o.type for o in others if _span(o.trigger) == _span(event.trigger)})
        return ", ".join(types) or None

    for kind, events, others, paired in (("FN", gold_events, pred_events, paired_gold),
                                         ("FP", pred_events, gold_events, paired_pred)):
        for index, event in enumerate(events):
            if index not in paired:
                errors["triggers"].append({
                    "id": gold.id, "kind": kind, "event_type": event.type,
                    "other": at_same_span(event, others),
                    **context(text, event.trigger.start, event.trigger.end)})
            partner = others[paired[index]] if index in paired else None
            missing = _role_spans(event) - (_role_spans(partner) if partner else Counter())
            partner_spans = _arg_spans(partner) if partner else Counter()
            for role, start, end in sorted(missing.elements(), key=lambda k: (k[1], k[2], k[0])):
                error = ("role" if (start, end) in partner_spans else "span") if partner else (
                    "event missed" if kind == "FN" else "event spurious")
                errors["arguments"].append({
                    "id": gold.id, "kind": kind, "error": error, "event_type": event.type,
                    "role": role, "trigger": event.trigger.text, **context(text, start, end)})
    predicted_values = _predicted_times(pred_events, time_key)
    for event in gold_events:
        for a in event.arguments:
            value = _time_value(a, time_key)
            found = predicted_values.get((event.type, a.role, a.start, a.end))
            if value is not None and (found is None or value not in found):
                errors["time"].append({"id": gold.id, "event_type": event.type, "role": a.role,
                                       "gold": value, "predicted": found,
                                       **context(text, a.start, a.end)})
    return errors


def score_events(pairs: Sequence[tuple[Article, Article]], time_key: str = TIME_KEY,
                 max_examples: int = 50) -> LayerScores:
    """Score the ``events`` layer of aligned (gold, predicted) articles.

    Args:
        pairs: aligned documents.
        time_key: the key of ``Argument.value`` that holds a normalised time.
        max_examples: how many error examples to keep per kind (triggers, arguments, time).

    Returns:
        Counts, figures (``trigger_id_*``, ``trigger_*``, ``argument_id_*``, ``argument_*``,
        ``duee_*``, ``doc_event_*`` as ``_p/_r/_f``, ``time_accuracy``, ``time_accuracy_found``;
        per event type ``trigger_f[type]`` …), per-type support and error examples. The headline
        leaves ``time_accuracy`` out when the gold has no normalised time.

    One gold 胜负 event (trigger 击败, 胜者 纳达尔, 败者 梅德韦杰夫) against a prediction with the
    same trigger and type, 胜者 纳达尔 right and 败者 given as 俄罗斯球员梅德韦杰夫: trigger F = 1;
    argument classification 1 of 2 (F = 0.5); DuEE: 1 + char-F1 2/3 = 5/3 over 2 → P = R = 0.8333.

    >>> from newsnlp.doc import Argument, Article, Event, Span
    >>> text = "纳达尔击败俄罗斯球员梅德韦杰夫"
    >>> def arg(start, end, role):
    ...     return Argument(start, end, text[start:end], role=role)
    >>> def article(*arguments):
    ...     event = Event("e1", "竞赛行为-胜负", Span(3, 5, "击败"), arguments=arguments)
    ...     return Article("d", text, events=[event], layers_filled=["events"])
    >>> gold = article(arg(0, 3, "胜者"), arg(10, 15, "败者"))
    >>> pred = article(arg(0, 3, "胜者"), arg(5, 15, "败者"))
    >>> figures = score_events([(gold, pred)]).figures()
    >>> [round(figures[name], 4) for name in ("trigger_f", "argument_f", "duee_p", "duee_r")]
    [1.0, 0.5, 0.8333, 0.8333]
    """
    doc_counts = [event_counts(gold, pred, time_key) for gold, pred in pairs]
    sums = sum_counts(doc_counts)
    errors: dict[str, list[dict]] = {"triggers": [], "arguments": [], "time": []}
    for gold, pred in pairs:
        for kind, found in _errors(gold, pred, time_key).items():
            errors[kind] += found
    return LayerScores(
        layer="events",
        doc_counts=doc_counts,
        figure_function=event_figures,
        headline=HEADLINE if sums["time.gold"] else HEADLINE[:-1],
        details={
            "time_key": time_key,
            "support": {kind: {"gold_events": int(sums[f"trigger.gold[{kind}]"]),
                               "pred_events": int(sums[f"trigger.pred[{kind}]"]),
                               "gold_arguments": int(sums[f"argument.gold[{kind}]"]),
                               "pred_arguments": int(sums[f"argument.pred[{kind}]"])}
                        for kind in labels_in(sums, "trigger.gold")},
            "time": {"gold": int(sums["time.gold"]), "found": int(sums["time.found"]),
                     "correct": int(sums["time.correct"])},
            "errors": {kind: spread(found, max_examples) for kind, found in errors.items()},
            "n_errors": {kind: len(found) for kind, found in errors.items()},
        },
    )
