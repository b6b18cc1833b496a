"""What every converter shares: an article split into the layers a tool holds natively and the rest.

Annotation tools hold text, labelled spans and (most of them) relations, not article metadata, event
ids or normalised argument values. Each converter writes entities (and events, where the tool can)
natively and keeps everything else in the tool's metadata slot as the JSON ``extra`` of
:func:`split_article`, so a round trip through any format gives back the same :class:`Article`.
On reading, the native annotation wins: ``extra`` only adds what the tool cannot hold, and is
ignored for events when their number no longer matches (someone edited them in the tool).
"""

from __future__ import annotations

from typing import Any

from ...doc import Article

# native event: {"type", "trigger": (start, end), "arguments": [(role, start, end), ...]}
NativeEvent = dict[str, Any]


def split_article(article: Article) -> tuple[list[tuple[int, int, str]], list[NativeEvent], dict[str, Any]]:
    """``(entities, events, extra)``: the natively expressible layers and everything else."""
    record = article.to_dict()
    extra = {key: value for key, value in record.items() if key not in ("text", "entities", "events")}
    entities = [(e.start, e.end, e.label) for e in article.entities]
    events = [{"type": e.type, "trigger": (e.trigger.start, e.trigger.end),
               "arguments": [(a.role, a.start, a.end) for a in e.arguments]} for e in article.events]
    entity_attrs = [{k: v for k, v in item.items() if k in ("score", "source")}
                    for item in record.get("entities", [])]
    if any(entity_attrs):
        extra["entity_attrs"] = entity_attrs
    extra["event_attrs"] = [
        {**{k: v for k, v in item.items() if k not in ("type", "trigger", "arguments")},
         "arguments": [{k: v for k, v in a.items() if k in ("value", "score")}
                       for a in item["arguments"]]}
        for item in record.get("events", [])]
    return entities, events, extra


def build_article(text: str, entities: list[tuple[int, int, str]], events: list[NativeEvent],
                  extra: dict[str, Any] | None = None, *, default_id: str = "doc") -> Article:
    """The :class:`Article` of native layers plus ``extra`` (see :func:`split_article`)."""
    extra = dict(extra or {})
    entity_attrs = extra.pop("entity_attrs", None) or [{}] * len(entities)
    event_attrs = extra.pop("event_attrs", None) or []
    if len(entity_attrs) != len(entities):
        entity_attrs = [{}] * len(entities)
    if len(event_attrs) != len(events):
        event_attrs = []
    record: dict[str, Any] = {"id": default_id, **extra, "text": text}
    record["entities"] = [{"start": s, "end": e, "text": text[s:e], "label": label, **attrs}
                          for (s, e, label), attrs in zip(entities, entity_attrs)]
    record["events"] = []
    for k, event in enumerate(events):
        attrs = event_attrs[k] if event_attrs else {}
        argument_attrs = attrs.get("arguments") or []
        if len(argument_attrs) != len(event["arguments"]):
            argument_attrs = [{}] * len(event["arguments"])
        start, end = event["trigger"]
        record["events"].append({
            "id": f"{record['id']}-e{k + 1}", **{key: v for key, v in attrs.items() if key != "arguments"},
            "type": event["type"], "trigger": {"start": start, "end": end, "text": text[start:end]},
            "arguments": [{"role": role, "start": s, "end": e, "text": text[s:e], **a_attrs}
                          for (role, s, e), a_attrs in zip(event["arguments"], argument_attrs)]})
    filled = {"entities", "events"}
    if "layers_filled" in extra:  # written by newsnlp: keep "not computed" apart from "found nothing"
        filled = set(extra["layers_filled"]) | {layer for layer in ("entities", "events") if record[layer]}
    record["layers_filled"] = [layer for layer in ("sentences", "words", "entities", "events")
                               if layer in filled]
    return Article.from_dict(record)
