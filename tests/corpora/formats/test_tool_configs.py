"""Label Studio and brat configurations generated from a schema hold what the converters write."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

from newsnlp.corpora.formats.brat import dumps_ann
from newsnlp.corpora.formats.labelstudio import to_labelstudio
from newsnlp.corpora.formats.tool_configs import brat_annotation_conf, labelstudio_config
from newsnlp.doc import Argument, Article, Entity, Event, Span

LABELS = ("PER", "ORG")
EVENTS = {"launch": ["organizer", "time"], "visit": ["visitor", "place"]}


def article() -> Article:
    item = Article(id="a", text="总工会启动行动")
    item.set_layer("entities", [Entity(0, 3, "总工会", label="ORG")])
    item.set_layer("events", [Event("e1", "launch", Span(3, 5, "启动"), (
        Argument(0, 3, "总工会", role="organizer"), Argument(5, 7, "行动", role="organizer")))])
    return item


def test_the_labelstudio_config_declares_every_control_label_and_role_a_task_uses() -> None:
    view = ElementTree.fromstring(labelstudio_config(LABELS, EVENTS, "test"))
    declared = {labels.get("name"): {label.get("value") for label in labels}
                for labels in view.iter("Labels")}
    assert declared == {"entity": set(LABELS), "trigger": set(EVENTS), "argument": {"argument"}}
    assert [r.get("value") for r in view.iter("Relation")] == ["organizer", "time", "visitor", "place"]
    (text,) = view.iter("Text")
    for result in to_labelstudio(article(), 1)["annotations"][0]["result"]:
        if result["type"] == "labels":
            assert result["value"]["labels"][0] in declared[result["from_name"]]
            assert result["to_name"] == text.get("name")
        else:
            assert result["labels"][0] in {"organizer", "time", "visitor", "place"}


def test_the_brat_conf_declares_every_type_and_role_an_ann_file_uses() -> None:
    conf = brat_annotation_conf(LABELS, EVENTS, "test")
    sections: dict[str, list[str]] = {}
    for line in conf.splitlines():
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), [])
        elif line and not line.startswith("#"):
            current.append(line)
    assert sections["entities"] == ["PER", "ORG", "Argument"]
    assert sections["events"] == ["launch\torganizer*:<ENTITY>, time*:<ENTITY>",
                                  "visit\tvisitor*:<ENTITY>, place*:<ENTITY>"]
    ann, _ = dumps_ann(article())
    assert [line.split("\t")[1].split()[0] for line in ann.splitlines() if line.startswith("T")] == [
        "ORG", "launch", "Argument"]
    assert "organizer2:T3" in ann  # a repeated role: brat's numbering of a role declared with *
