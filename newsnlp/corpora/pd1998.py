"""People's Daily January 1998 (PKU word/POS format): parse a line, derive entities from its tags.

A line is ``19980101-01-001-002/m  中共中央/nt  总书记/n  江/nr  泽民/nr``: the first token is the
paragraph id, the rest ``word/POS`` separated by spaces; ``[中央/n  电视台/n]nt`` brackets a
compound whose tag follows the bracket. The text is the words joined without spaces (full-width
digits and letters kept as they are), so word and entity offsets index that text.

Entity derivation (documented in docs/corpora.md, measured by benchmarks/pd1998_derivation.py):

- a bracketed compound tagged ``nt`` is one ORG, ``ns`` one LOC (outermost span; its inner tags
  are not used); other brackets (``nz``, idioms ``i``/``l``) are transparent;
- ``nr`` words make PER: the corpus splits a Chinese name into surname and given name
  (``江/nr 泽民/nr``), so a one-character or compound surname (欧阳, 司马, ...) joins the ``nr``
  word after it; any other ``nr`` word (克林顿, or a given name on its own) is a PER by itself. A list
  of names written without separators (``李/nr 鹏/nr 乔/nr 石/nr``) thus gives 李鹏 and 乔石;
- each ``ns`` word is one LOC, each ``nt`` word one ORG (adjacent ones are not merged);
- a one-character abbreviation ``j`` (中 美 俄 京 港: countries, provinces, cities) is one LOC;
  a longer one ending in an organisation suffix (委 会 联 盟 约 协 部 局 院 署 办 厅 体 大: 政协 欧盟
  十五大 体委 安理会) is one ORG (this also catches a few events such as 奥运会); other ``j``
  (经贸 人均 双拥) are no entity;
- a run of adjacent ``t`` words is one TIME (``１月/t １日/t`` -> １月１日);
- a run of ``m`` words followed by a ``q`` word is one QUANTITY (``２００/m 多/m 位/q``), and an ``m``
  run that is a percentage (contains ％ or %, or starts 百分之) is one QUANTITY; other ``m`` are not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .validate import Repairs

_TOKEN = re.compile(r"^(\[?)(.+)/([A-Za-z]+)(?:\]([A-Za-z]+))?$")
BRACKET_LABELS = {"nt": "ORG", "ns": "LOC"}
WORD_LABELS = {"ns": "LOC", "nt": "ORG"}
_PERCENT = re.compile(r"[％%]|^百分之")
_ORG_ENDS = frozenset("委会联盟约协部局院署办厅体大")
COMPOUND_SURNAMES = frozenset("欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 "
                              "端木 西门 南宫 独孤 澹台 轩辕 呼延 万俟 申屠 闻人 赫连 司空".split())


def _name_end(words: tuple[tuple[int, int, str], ...], text: str, i: int, stop: int) -> int:
    """Index after the PER starting at ``nr`` word ``i`` (a surname takes the next word; see above)."""
    start, end, _ = words[i]
    if i + 1 < stop and (end - start == 1 or text[start:end] in COMPOUND_SURNAMES):
        return i + 2
    return i + 1


def _abbreviation_label(word: str) -> str | None:
    """LOC for 中/美/京, ORG for 政协/欧盟/十五大, else None (see the module docstring)."""
    if len(word) == 1:
        return "LOC"
    return "ORG" if word[-1] in _ORG_ENDS else None


@dataclass(frozen=True)
class Paragraph:
    """One parsed line: id, text, words ``(start, end, pos)`` and brackets ``(first, last, tag)``."""

    id: str
    text: str
    words: tuple[tuple[int, int, str], ...]
    brackets: tuple[tuple[int, int, str], ...]


def parse_line(line: str, repairs: Repairs, line_no: int) -> Paragraph | None:
    """Parse one non-empty line; None when it is dropped as malformed (strict=False)."""
    tokens = line.split()
    head = _TOKEN.match(tokens[0]) if tokens else None
    if head is None or head.group(3) != "m" or head.group(1):
        repairs.problem("bad_line", f"expected an id token like 19980101-01-001-001/m, got "
                        f"{tokens[0] if tokens else line!r}", line=line_no, field="id")
        return None
    words: list[tuple[int, int, str]] = []
    brackets: list[tuple[int, int, str]] = []
    pieces: list[str] = []
    offset, open_at = 0, -1
    for token in tokens[1:]:
        match = _TOKEN.match(token)
        if match is None or (match.group(1) and open_at >= 0) or (match.group(4) and open_at < 0):
            repairs.problem("bad_line", f"malformed token {token!r}", line=line_no, field="words")
            if match is None:
                continue
        opens, word, pos, closes = match.groups()
        if opens:
            open_at = len(words)
        words.append((offset, offset + len(word), pos))
        pieces.append(word)
        offset += len(word)
        if closes and open_at >= 0:
            brackets.append((open_at, len(words) - 1, closes))
            open_at = -1
    if open_at >= 0:
        repairs.problem("bad_line", "bracket [ is never closed", line=line_no, field="words")
    return Paragraph(head.group(2), "".join(pieces), tuple(words), tuple(brackets))


def derive_entities(paragraph: Paragraph) -> list[dict[str, Any]]:
    """PER/LOC/ORG/TIME/QUANTITY spans derived from the POS tags (rules in the module docstring)."""
    words, entities = paragraph.words, []
    covered: set[int] = set()
    for first, last, tag in paragraph.brackets:
        if tag in BRACKET_LABELS:
            entities.append({"start": words[first][0], "end": words[last][1],
                             "label": BRACKET_LABELS[tag]})
            covered.update(range(first, last + 1))
    i = 0
    while i < len(words):
        pos = words[i][2]
        if i in covered:
            i += 1
            continue
        j = i + 1
        if pos in ("nr", "t", "m"):
            while j < len(words) and j not in covered and words[j][2] == pos:
                j += 1
        if pos == "nr":
            j = _name_end(words, paragraph.text, i, j)
        label = {"nr": "PER", "t": "TIME"}.get(pos) or WORD_LABELS.get(pos)
        if pos == "j":
            label = _abbreviation_label(paragraph.text[words[i][0]:words[i][1]])
        if pos == "m":
            run = paragraph.text[words[i][0]:words[j - 1][1]]
            if j < len(words) and j not in covered and words[j][2] == "q":
                j, label = j + 1, "QUANTITY"
            elif _PERCENT.search(run):
                label = "QUANTITY"
        if label:
            entities.append({"start": words[i][0], "end": words[j - 1][1], "label": label})
        i = j
    return sorted(entities, key=lambda e: e["start"])


def to_record(paragraph: Paragraph) -> dict[str, Any]:
    """The :data:`~newsnlp.corpora.schema.FEATURES` record of a paragraph: words with POS, entities."""
    return {"id": paragraph.id, "text": paragraph.text,
            "words": [{"start": s, "end": e, "pos": pos} for s, e, pos in paragraph.words],
            "entities": derive_entities(paragraph), "events": []}


def article_id(paragraph_id: str) -> str:
    """The article a paragraph belongs to: ``19980101-01-001-002`` -> ``19980101-01-001``."""
    return paragraph_id.rsplit("-", 1)[0]
