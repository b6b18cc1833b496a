"""``newsnlp extract --format html``: one self-contained page showing articles with their entities and
event triggers/arguments highlighted in the text and the event table (with the main event's 5W1H) beside.

Layers overlap (an argument may contain entities, a trigger may sit inside an argument), so the text is
cut into runs of characters that carry the same set of marks, and each run is one ``<span>``.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from ..doc import Article, value_text

LABEL_COLOURS = {"PER": "#ffd7d7", "ORG": "#d7e8ff", "LOC": "#d9f5d9", "TIME": "#fff2c2",
                 "QUANTITY": "#eadcff"}
STYLE = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;
margin:0;background:#f6f6f4;color:#222}
header.page{padding:12px 20px;background:#23395d;color:#fff}
header.page h1{font-size:18px;margin:0}
.legend span{display:inline-block;margin:4px 8px 0 0;padding:0 6px;border-radius:3px;color:#222;
font-size:12px}
article{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:16px;margin:16px;padding:16px;
background:#fff;border:1px solid #ddd;border-radius:6px}
article h2{grid-column:1/3;font-size:17px;margin:0}
.meta{grid-column:1/3;color:#666;font-size:12px}
.text{line-height:2.1;font-size:15px;white-space:pre-wrap}
.ent{border-radius:3px;padding:1px 0}
.trig{font-weight:bold;border-bottom:3px solid #c0392b}
.arg{border-bottom:2px dashed #2c6fbb}
.main{background:#fde9e7 !important}
sup.ev{color:#c0392b;font-size:10px;margin-left:1px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border:1px solid #ddd;padding:4px 6px;vertical-align:top;text-align:left}
th{background:#f0f0f0}
tr.main td{background:#fdf3f2}
.w5 dt{font-weight:bold;float:left;width:5.5em}.w5 dd{margin-left:6em}
.none{color:#888}
"""


def _runs(article: Article) -> list[tuple[int, int, dict[str, Any]]]:
    """``(start, end, marks)``: maximal runs of characters with the same marks."""
    marks: list[dict[str, Any]] = [{"labels": [], "triggers": [], "arguments": []}
                                   for _ in article.text]
    for entity in article.entities:
        for i in range(entity.start, entity.end):
            marks[i]["labels"].append(entity.label)
    for event in article.events:
        for i in range(event.trigger.start, event.trigger.end):
            marks[i]["triggers"].append(f"{event.id} {event.type}")
        for argument in event.arguments:
            for i in range(argument.start, argument.end):
                marks[i]["arguments"].append(f"{event.id}.{argument.role}")
    runs: list[tuple[int, int, dict[str, Any]]] = []
    for i, mark in enumerate(marks):
        if runs and runs[-1][2] == mark:
            runs[-1] = (runs[-1][0], i + 1, mark)
        else:
            runs.append((i, i + 1, mark))
    return runs


def _text_html(article: Article, main: str | None) -> str:
    trigger_ends = {e.trigger.end: e.id for e in article.events}
    parts = []
    for start, end, mark in _runs(article):
        piece = escape(article.text[start:end])
        classes, style, title = [], "", []
        if mark["labels"]:
            classes.append("ent")
            style = f' style="background:{LABEL_COLOURS.get(mark["labels"][0], "#eee")}"'
            title += mark["labels"]
        if mark["triggers"]:
            classes.append("trig")
            title += [f"trigger {t}" for t in mark["triggers"]]
            if main and any(t.split()[0] == main for t in mark["triggers"]):
                classes.append("main")
        if mark["arguments"]:
            classes.append("arg")
            title += mark["arguments"]
        if classes:
            piece = (f'<span class="{" ".join(classes)}"{style} title="{escape("; ".join(title))}">'
                     f"{piece}</span>")
        if end in trigger_ends and mark["triggers"]:
            piece += f'<sup class="ev">{escape(trigger_ends[end])}</sup>'
        parts.append(piece)
    return "".join(parts)


def _value(value: dict[str, Any] | None) -> str:
    return f" <code>{escape(value_text(value))}</code>" if value else ""


def _events_html(article: Article, main: str | None) -> str:
    if "events" not in article.layers_filled:
        return '<p class="none">no event stage in this pipeline</p>'
    if not article.events:
        return '<p class="none">no events found</p>'
    rows = []
    for event in article.events:
        arguments = "<br>".join(f"{escape(a.role)}: {escape(a.text)}{_value(a.value)}"
                                for a in event.arguments) or '<span class="none">–</span>'
        confidence = "" if event.confidence is None else f"{event.confidence:.2f}"
        star = " ★" if event.id == main else ""
        rows.append(f'<tr class="{"main" if star else ""}"><td>{escape(event.id)}{star}</td>'
                    f"<td>{escape(event.type)}</td><td>{escape(event.trigger.text)}</td><td>{arguments}</td>"
                    f"<td>{confidence}</td><td>{', '.join(str(i) for i in event.evidence)}</td></tr>")
    table = ("<table class=\"events\"><thead><tr><th>id</th><th>type</th><th>trigger</th><th>arguments</th>"
             "<th>conf.</th><th>sentences</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")
    return table + _five_w(article.five_w1h)


def _five_w(record: dict[str, Any] | None) -> str:
    if not record:
        return ""
    what = record["what"]
    items = [("what", f"{escape(what['type'])} «{escape(what['trigger'])}» " + "; ".join(
        escape(o["text"]) for o in what.get("objects", [])))]
    for key in ("who", "when", "where", "how_many"):
        items.append((key.replace("_", " "), "; ".join(f"{escape(x['text'])}{_value(x.get('value'))}"
                                                       for x in record.get(key, [])) or "–"))
    body = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in items)
    return f'<h3>Main event ({escape(record["event"])})</h3><dl class="w5">{body}</dl>'


def render_html(articles: Iterable[Article], title: str = "newsnlp extract", intro: str = "") -> str:
    """A self-contained HTML page for ``articles`` (no external scripts, styles or fonts); ``intro`` is
    HTML put between the header and the articles (the paste form of ``newsnlp serve``)."""
    sections = []
    for article in articles:
        main = article.main_event
        meta = " · ".join(escape(str(x)) for x in (article.id, article.kind, article.date, article.byline)
                          if x)
        sections.append(
            f'<article id="{escape(article.id)}"><h2>{escape(article.title or article.id)}</h2>'
            f'<div class="meta">{meta}</div><div class="text">{_text_html(article, main)}</div>'
            f'<div class="side">{_events_html(article, main)}</div></article>')
    legend = "".join(f'<span style="background:{colour}">{label}</span>'
                     for label, colour in LABEL_COLOURS.items())
    legend += '<span class="trig" style="background:#fff">trigger</span>'
    legend += '<span class="arg" style="background:#fff">argument</span>'
    return (f'<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"<style>{STYLE}</style></head><body><header class=\"page\"><h1>{escape(title)}</h1>"
            f'<div class="legend">{legend}</div></header>{intro}{"".join(sections)}</body></html>\n')
