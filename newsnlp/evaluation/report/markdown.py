"""The report as Markdown: the same sections as the HTML page, charts left out (evaluation layer)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .view import Examples, Table, sections

if TYPE_CHECKING:
    from . import Report

HIGHLIGHT = ("⟦", "⟧")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "⏎") or " "


def _table(table: Table) -> list[str]:
    lines = [f"**{table.title}**", "", "| " + " | ".join(map(_cell, table.headers)) + " |",
             "|" + "---|" * len(table.headers)]
    lines += ["| " + " | ".join(map(_cell, row)) + " |" for row in table.rows]
    if table.note:
        lines += ["", f"_{table.note}_"]
    return lines + [""]


def _examples(examples: Examples) -> list[str]:
    lines = [f"**{examples.title}** ({len(examples.items)} of {examples.total})", ""]
    if not examples.items:
        return [*lines, "_none_", ""]
    for item in examples.items:
        snippet = _cell(f"{item.left}{HIGHLIGHT[0]}{item.text}{HIGHLIGHT[1]}{item.right}")
        note = f" — {_cell(item.note)}" if item.note else ""
        lines.append(f"- `{item.id}` **{_cell(item.tag)}**: …{snippet}…{note}")
    return lines + [""]


def render_markdown(report: Report) -> str:
    """The whole report as one Markdown document."""
    lines = ["# newsnlp evaluation report", ""]
    for section in sections(report):
        lines += [f"## {section.title}", ""]
        for block in section.blocks:
            if isinstance(block, Table):
                lines += _table(block)
            elif isinstance(block, Examples):
                lines += _examples(block)
            # charts (Bars, Heatmap) are in the HTML report only
    return "\n".join(lines).rstrip() + "\n"
