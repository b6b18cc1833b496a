"""The report as one self-contained HTML page: tables, charts as embedded PNG, highlighted errors."""

from __future__ import annotations

import base64
import io
import re
import warnings
from html import escape
from typing import TYPE_CHECKING

from .view import Bars, Examples, Heatmap, Section, Table, sections

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from . import Report

CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
             "SimHei", "Microsoft YaHei", "PingFang SC")
NUMERIC = re.compile(r"^[+\-–]?\d[\d.,]*(?:(?: to |–)[+\-]?\d[\d.,]*)?$|^–$")
STYLE = """
body{font-family:system-ui,"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;margin:0 auto;
max-width:1100px;padding:1.5em;color:#1d2430;line-height:1.45;background:#fff}
h1{font-size:1.7em;margin:.2em 0}h2{border-bottom:2px solid #d5dbe5;padding-bottom:.2em;margin-top:2em}
nav a{margin-right:1em;color:#2b5cab}
table{border-collapse:collapse;margin:.6em 0 .3em;font-size:.92em}
caption{text-align:left;font-weight:600;padding:.3em 0}
th,td{border:1px solid #d5dbe5;padding:.25em .6em;vertical-align:top}
th{background:#eef2f8}td.num{text-align:right;font-variant-numeric:tabular-nums}
tbody tr:nth-child(even){background:#f8fafc}
p.note{color:#5a6475;font-size:.85em;margin:.2em 0 1em}
figure{margin:1em 0}figure img{max-width:100%;border:1px solid #e3e7ee}
figcaption{color:#5a6475;font-size:.85em}
ol.examples{font-size:.92em;padding-left:2em}ol.examples li{margin:.25em 0}
.tag{display:inline-block;min-width:7em;font-weight:600}.id{color:#5a6475;font-size:.85em}
mark{padding:0 .1em;border-radius:2px}mark.FP{background:#fbd3d0}mark.FN{background:#ffe2a8}
mark.other{background:#d6e6fb}.ctx{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei",serif}
"""


def _fonts() -> list[str]:
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    return ["DejaVu Sans", *(name for name in CJK_FONTS if name in installed)]


def _png(figure: Figure) -> str:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    with warnings.catch_warnings():  # without a CJK font, labels show boxes; the tables have them
        warnings.simplefilter("ignore", UserWarning)
        figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def bars_png(bars: Bars) -> str:
    """A horizontal bar chart (values in %, with error bars where an interval is given)."""
    import numpy as np
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    with rc_context({"font.family": _fonts(), "font.size": 9}):
        figure = Figure(figsize=(7.5, 0.9 + 0.3 * len(bars.labels)))
        axes = figure.add_subplot()
        height = 0.8 / len(bars.series)
        positions = np.arange(len(bars.labels))
        for k, (name, values, lows, highs) in enumerate(bars.series):
            values = [100 * v for v in values]
            errors = None
            if any(low is not None for low in lows):  # percentile intervals may miss the point
                errors = [[max(0.0, v - 100 * low) if low is not None else 0.0
                           for v, low in zip(values, lows)],
                          [max(0.0, 100 * high - v) if high is not None else 0.0
                           for v, high in zip(values, highs)]]
            axes.barh(positions + k * height, values, height=height, xerr=errors, label=name,
                      capsize=2, error_kw={"elinewidth": 0.8})
        axes.set_yticks(positions + height * (len(bars.series) - 1) / 2, bars.labels)
        axes.invert_yaxis()
        axes.set_xlim(0, 100)
        axes.set_xlabel("%")
        axes.grid(axis="x", alpha=0.3)
        if len(bars.series) > 1:
            axes.legend(loc="lower right")
        axes.set_title(bars.title)
        return _png(figure)


def heatmap_png(heatmap: Heatmap) -> str:
    """A confusion-matrix heat-map with the counts written in the cells."""
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    size = len(heatmap.labels)
    with rc_context({"font.family": _fonts(), "font.size": 9}):
        figure = Figure(figsize=(1.6 + 0.6 * size, 1.2 + 0.55 * size))
        axes = figure.add_subplot()
        image = axes.imshow(heatmap.matrix, cmap="Blues")
        peak = max((max(row) for row in heatmap.matrix), default=0)
        for i, row in enumerate(heatmap.matrix):
            for j, count in enumerate(row):
                axes.text(j, i, str(count), ha="center", va="center",
                          color="white" if count > peak / 2 else "black")
        axes.set_xticks(range(size), heatmap.labels, rotation=45, ha="right")
        axes.set_yticks(range(size), heatmap.labels)
        axes.set_xlabel("predicted")
        axes.set_ylabel("gold")
        figure.colorbar(image, ax=axes, shrink=0.8)
        axes.set_title(heatmap.title, fontsize=9)
        return _png(figure)


def _td(cell: str) -> str:
    return f'<td class="num">{escape(cell)}</td>' if NUMERIC.match(cell) else f"<td>{escape(cell)}</td>"


def _table(table: Table) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in table.headers)
    body = "".join("<tr>" + "".join(map(_td, row)) + "</tr>" for row in table.rows)
    note = f'<p class="note">{escape(table.note)}</p>' if table.note else ""
    return (f"<table><caption>{escape(table.title)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>{note}")


def _examples(examples: Examples) -> str:
    items = []
    for item in examples.items:
        kind = item.tag[:2] if item.tag[:2] in ("FP", "FN") else "other"
        items.append(f'<li><span class="tag">{escape(item.tag)}</span> <span class="ctx">…'
                     f'{escape(item.left)}<mark class="{kind}">{escape(item.text)}</mark>'
                     f'{escape(item.right)}…</span> <span class="id">{escape(item.id)}</span>'
                     + (f" — {escape(item.note)}" if item.note else "") + "</li>")
    listing = f'<ol class="examples">{"".join(items)}</ol>' if items else '<p class="note">none</p>'
    return f"<h3>{escape(examples.title)} ({len(examples.items)} of {examples.total})</h3>{listing}"


def _chart(png: str, title: str) -> str:
    return (f'<figure><img alt="{escape(title)}" src="data:image/png;base64,{png}">'
            f"<figcaption>{escape(title)}</figcaption></figure>")


def _section(section: Section) -> str:
    parts = [f'<section id="{section.anchor}"><h2>{escape(section.title)}</h2>']
    for block in section.blocks:
        if isinstance(block, Table):
            parts.append(_table(block))
        elif isinstance(block, Examples):
            parts.append(_examples(block))
        elif isinstance(block, Bars) and block.labels:
            parts.append(_chart(bars_png(block), block.title))
        elif isinstance(block, Heatmap) and block.labels:
            parts.append(_chart(heatmap_png(block), block.title))
    return "".join(parts) + "</section>"


def render_html(report: Report) -> str:
    """The whole report as one HTML document with everything embedded."""
    parts = sections(report)
    nav = "".join(f'<a href="#{s.anchor}">{escape(s.title)}</a>' for s in parts)
    body = "\n".join(_section(section) for section in parts)
    return (f'<!doctype html>\n<html lang="zh"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>newsnlp evaluation report</title><style>{STYLE}</style></head>\n"
            f"<body><header><h1>newsnlp evaluation report</h1><nav>{nav}</nav></header>\n"
            f"{body}\n</body></html>\n")
