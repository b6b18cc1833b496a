"""Page stage, rule backend: split one newspaper page into articles, photo captions and fragments.

Every non-blank line is a *block* with a role from its own text (:func:`_role`); photo captions
are claimed first (:func:`_photo_groups`), then one pass in page order groups the rest. Rules:

- HEADLINE RUN: consecutive headline-like blocks (markdown ``#`` headings; short lines without a
  full stop) form a run. It starts an article when a byline follows, when it holds a level-1
  heading, when no titled article is open, when its top heading ranks as high as the open
  article's title (``##`` after a ``##`` article), or when a lower heading stands over a higher one
  (a kicker). Otherwise its headings are SECTION HEADS of the open article (``###``/``##`` in a
  ``#`` feature without a new byline) and its plain lines body text.
- KICKER / TITLE / SUBTITLE: the run's first highest heading is the title, lines above it the
  kicker (引题, column labels ``G 新闻特写``), lines below it the subtitle; a run of plain lines
  takes its last line not starting with ``——`` as the title.
- BYLINE: a line ``本报记者 刘旭 本报通讯员 闻明`` before the body, or the dateline opening the first
  paragraph (``本报讯（记者…）``, ``新华社北京11月24日电（记者…）``), which also stays in the text.
- PHOTO: a credit ending in 摄/供图 (a line, or closing a caption) claims the captions above it up
  to a short title line (``岗位培训``) or a wide blank gap (numbered ``图①…`` captions always).
- BOX: ``阅读提示``/``编者按``/``核心提示``/``导读`` and the one paragraph they head (or ``【编者按】…``
  inline) go to ``meta["boxes"]`` of the article whose header they stand in.
- LAYOUT JOIN: a paragraph not ending a sentence is joined to the next body paragraph of its
  article without a line break (``劳模创新`` + ``工作室``), across photos too.
- END MARK: a paragraph ending in ``（完）`` closes its article.
- FRAGMENT: body text before any headline is a ``fragment`` (unless the page has no headline: then
  it is an article). A titled article without byline whose first paragraph is one short sentence
  starts mid-sentence (``主要管理的“样板”。``); a last paragraph without a full stop is cut off.
  ``meta["fragments"]`` lists both; if an article has both, its start continues its end (a column
  JUMP) and is moved there.

``text`` is the body: paragraphs joined by ``\n``, section heads as their own paragraphs (also in
``meta["sections"]``, offsets into ``text``). ``meta["page_spans"]`` are the ``[start, end)`` page
ranges of every line an article consumed (headings, bylines, boxes and credits included), so each
non-blank page character lies in exactly one article's spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Any

from ...doc import Article
from ...registry import backend
from ...text.punctuation import CLOSING, FULL_STOPS, PAUSES, SENTENCE_END, char_class
from ...text.t2s import SIMPLIFIED, TRADITIONAL

# the characters of the patterns below that pages also print in their traditional form
_WIDENED = "报讯记员摄华电阅读编导话图"
_TRADITIONAL = {simplified: "".join(t for t, s in zip(TRADITIONAL, SIMPLIFIED) if s == simplified)
                for simplified in _WIDENED}


def _zh(pattern: str) -> str:
    """``pattern`` with each character of :data:`_WIDENED` as a class of it and its traditional forms
    (:mod:`newsnlp.text.t2s`)."""
    return "".join(f"[{c}{_TRADITIONAL[c]}]" if c in _TRADITIONAL else c for c in pattern)


_STOPS = "".join(sorted(SENTENCE_END))  # a headline-like line contains none of these
_FINAL = _STOPS + "…."
_CLOSERS = "".join(sorted(CLOSING)) + "\"'"
_BLANK = r"[ \t\u3000]"
_ENDS_SENTENCE = re.compile(  # a full stop (maybe quoted), or an end mark such as 。（完）
    rf"[{_FINAL}][{_CLOSERS}]*$|(?:^|[{_FINAL}][{_CLOSERS}]*)[（(][^（）()]{{0,16}}[）)]$")
_HEADING = re.compile(rf"^(#{{1,6}}){_BLANK}+(\S.*)$")
_MARKER = re.compile(r"^[（(][^（）()]{1,12}[）)]$")  # （完） （上接第一版）: body text, never a headline
_END_MARK = re.compile(r"[（(]完[）)]$")
_DATELINE = re.compile(_zh(r"^(?:本报讯|本报[^\s，。（(]{1,12}电|(?:新华社|中新社)[^\s，。（(]{0,16}电)")
                       + rf"(?:{_BLANK}*[（(][^（）()]{{1,40}}[）)])?")
_BYLINE_LINE = re.compile(_zh(r"^(?:本报|新华社|中新社)?(?:特约)?(?:记者|通讯员)"))
_CREDIT = re.compile(_zh(r"^[（(]?[^，。！？；：]{0,36}(?:摄|供图)[）)]?$"))
_CREDIT_ROLE = re.compile(_zh(r"记者|通讯员|摄影|新华社|本报|供图|\s摄"))
_BOX_WORDS = _zh("(阅读提示|编者按|编者的话|核心提示|导读)")
_BOX_LABEL = re.compile(rf"^【?{_BOX_WORDS}】?$")
_BOX_INLINE = re.compile(rf"^【{_BOX_WORDS}】")
_CAPTION = re.compile(_zh(r"^(?:图[①-⑳\d]+|[上下左右中]图|图为)"))
_PUNCT = re.compile(char_class(PAUSES, SENTENCE_END, "."))

MAX_HEADLINE_CHARS = 48  # a longer line without a full stop is a paragraph cut by the layout
MAX_PHOTO_TITLE_CHARS = 20
MAX_ORPHAN_CHARS = 24
MAX_UNMARKED_CAPTIONS = 3

HEAD, PLAIN, BODY, BYLINE, CREDIT, BOX, BOX_INLINE = "head plain body byline credit box box_inline".split()


@dataclass
class _Block:
    """One non-blank line: ``[start, end)`` in the page (markers included), text without markers."""

    start: int
    end: int
    text: str
    level: int = 0  # markdown heading level, 0 for other lines
    gap: int = 0  # blank lines before it


def _blocks(page: str) -> list[_Block]:
    blocks: list[_Block] = []
    previous_end = 0
    for match in re.finditer(r"[^\r\n]+", page):
        line = match.group()
        text = line.strip()
        if not text:
            continue
        start = match.start() + len(line) - len(line.lstrip())
        gap = len(re.findall(r"\r\n|\r|\n", page[previous_end:start])) - (1 if blocks else 0)
        heading = _HEADING.match(text)
        blocks.append(_Block(start, start + len(text), heading.group(2).strip() if heading else text,
                             len(heading.group(1)) if heading else 0, gap))
        previous_end = start + len(text)
    return blocks


def _credit_start(text: str) -> int | None:
    """Where a photo credit (``本报通讯员 孙振嵩 摄``) starts in ``text``, or ``None`` if it has none."""
    start = max(text.rfind(c) for c in FULL_STOPS) + 1
    tail = text[start:].lstrip(_CLOSERS)
    start = len(text) - len(tail)
    if _CREDIT.match(tail.strip()) and _CREDIT_ROLE.search(tail):
        return start + len(tail) - len(tail.lstrip())
    return None


def _role(block: _Block) -> str:
    text = block.text
    if _BOX_LABEL.match(text):
        return BOX
    if block.level:
        return HEAD
    if _BOX_INLINE.match(text):
        return BOX_INLINE
    if _credit_start(text) == 0:
        return CREDIT
    if _BYLINE_LINE.match(text) and len(text) <= 40 and not _PUNCT.search(text.replace("、", "")):
        return BYLINE
    headline_like = len(text) <= MAX_HEADLINE_CHARS and not re.search(f"[{_STOPS}]", text)
    return PLAIN if headline_like and not (_MARKER.match(text) or _DATELINE.match(text)) else BODY


def _is_orphan(text: str) -> bool:
    """One short sentence opening an article: the tail of a sentence printed elsewhere."""
    return len(text) <= MAX_ORPHAN_CHARS and bool(_ENDS_SENTENCE.search(text)) and not re.search(
        f"[{_STOPS}]", text[:-1].rstrip(_CLOSERS))


@dataclass
class _Photo:
    title: int | None
    captions: list[int]
    credit: int | None  # a credit line of its own (an inline credit closes the last caption)

    @property
    def indices(self) -> list[int]:
        return sorted([i for i in (self.title, self.credit) if i is not None] + self.captions)


def _photo_groups(blocks: list[_Block], roles: list[str]) -> dict[int, _Photo]:
    """PHOTO rule: every credit claims its captions and title; keyed by the group's first block."""
    groups: dict[int, _Photo] = {}
    taken: set[int] = set()
    for c, block in enumerate(blocks):
        inline = roles[c] in (BODY, PLAIN) and bool(_credit_start(block.text))
        if roles[c] != CREDIT and not inline:
            continue
        captions, title, opened = [c] if inline else [], None, False
        j = c - 1
        while j >= 0 and j not in taken:
            text, numbered = blocks[j].text, bool(_CAPTION.match(blocks[j].text))
            if (roles[j] == PLAIN and len(text) <= MAX_PHOTO_TITLE_CHARS and not _PUNCT.search(text)) or (
                    roles[j] == HEAD and captions and all(_CAPTION.match(blocks[k].text) for k in captions)):
                title = j
                break
            if (roles[j] not in (BODY, PLAIN) or _DATELINE.match(text) or _END_MARK.search(text)
                    or (not numbered and len(captions) >= MAX_UNMARKED_CAPTIONS)):
                break
            captions.insert(0, j)
            if blocks[j].gap >= 2:
                opened = True
                break
            j -= 1
        while title is None and not opened and len(captions) > 1 and not _CAPTION.match(
                blocks[captions[0]].text):  # no title, no gap: numbered captions or the nearest one
            captions.pop(0)
        group = _Photo(title, captions, None if inline else c)
        taken.update(group.indices)
        groups[group.indices[0]] = group
    return groups


@dataclass
class _Box:
    label: str
    text: str
    blocks: list[_Block]


@dataclass
class _Item:
    """An article under construction."""

    kind: str
    blocks: list[_Block] = field(default_factory=list)
    kicker: list[str] = field(default_factory=list)
    title: _Block | None = None
    subtitle: list[str] = field(default_factory=list)
    byline: str | None = None
    paragraphs: list[list[_Block]] = field(default_factory=list)
    sections: set[int] = field(default_factory=set)
    boxes: list[dict[str, str]] = field(default_factory=list)

    def add_body(self, block: _Block) -> None:
        """LAYOUT JOIN: continue the last paragraph if it does not end a sentence."""
        self.blocks.append(block)
        open_end = self.paragraphs and not _ENDS_SENTENCE.search(self.paragraphs[-1][-1].text)
        if open_end and len(self.paragraphs) - 1 not in self.sections:
            self.paragraphs[-1].append(block)
        else:
            self.paragraphs.append([block])
        if self.byline is None and len(self.paragraphs) == 1 and (dateline := _DATELINE.match(block.text)):
            self.byline = dateline.group()

    def attach(self, boxes: list[_Box]) -> None:
        """Take over ``boxes`` (emptying the list)."""
        self.blocks += [b for box in boxes for b in box.blocks]
        self.boxes += [{"label": box.label, "text": box.text} for box in boxes]
        boxes.clear()

    def add_section(self, block: _Block) -> None:
        self.blocks.append(block)
        self.sections.add(len(self.paragraphs))
        self.paragraphs.append([block])

    def to_article(self, page: str, article_id: str, date: str | None) -> Article:
        texts = ["".join(b.text for b in paragraph) for paragraph in self.paragraphs]
        cut_start = bool(texts) and 0 not in self.sections and (self.kind == "fragment" or (
            self.kind == "article" and self.title is not None and self.byline is None
            and _is_orphan(texts[0])))
        last = len(texts) - 1
        cut_end = (self.kind != "photo" and last >= 0 and last not in self.sections
                   and not _ENDS_SENTENCE.search(texts[last]))
        order = list(range(len(texts)))
        if cut_start and cut_end and last > 0 and self.kind == "article":  # JUMP: the end goes on here
            texts[last] += texts[0]
            order, texts, cut_start, cut_end = order[1:], texts[1:], False, False
        starts = accumulate((len(t) + 1 for t in texts[:-1]), initial=0)
        offsets = [(start, start + len(t)) for start, t in zip(starts, texts)]
        text = "\n".join(texts)
        sections = [{"start": s, "end": e, "text": text[s:e]}
                    for k, (s, e) in zip(order, offsets) if k in self.sections]
        fragments = [{"start": s, "end": e, "text": text[s:e], "missing": missing}
                     for (s, e), missing in ((offsets[0], "start"), (offsets[-1], "end"))
                     if (cut_start if missing == "start" else cut_end)] if texts else []
        meta: dict[str, Any] = {"page_spans": _merge_spans(page, self.blocks), "sections": sections,
                                "fragments": fragments, "boxes": self.boxes}
        return Article(id=article_id, text=text, kind=self.kind,
                       title=self.title.text if self.title else None,
                       subtitle="\n".join(self.subtitle) or None, kicker="\n".join(self.kicker) or None,
                       byline=self.byline, date=date, meta=meta)


def _merge_spans(page: str, blocks: list[_Block]) -> list[list[int]]:
    """The blocks' page ranges, sorted, neighbours separated only by blanks merged."""
    spans: list[list[int]] = []
    for block in sorted(blocks, key=lambda b: b.start):
        if spans and not page[spans[-1][1]:block.start].strip():
            spans[-1][1] = block.end
        else:
            spans.append([block.start, block.end])
    return spans


class RulePageSplitter:
    """Splits a page into articles by the rules in this module's docstring."""

    def split(self, page: str, *, date: str | None = None, page_id: str = "page") -> list[Article]:
        """Split ``page`` into articles numbered ``f"{page_id}-{n:02d}"`` in page order."""
        blocks = _blocks(page)
        roles = [_role(b) for b in blocks]
        photos = _photo_groups(blocks, roles)
        items: list[_Item] = []
        current: _Item | None = None
        boxes: list[_Box] = []  # boxes waiting for the article whose header they open
        i = 0
        while i < len(blocks):
            block, role = blocks[i], roles[i]
            if i in photos:
                items.append(_photo_item(blocks, photos[i]))
                i = photos[i].indices[-1] + 1
            elif role in (BOX, BOX_INLINE):
                box = _box(blocks, roles, photos, i)
                i += len(box.blocks)
                boxes.append(box)
                if current is not None and not current.paragraphs:  # a box in the header area
                    current.attach(boxes)
            elif role in (HEAD, PLAIN):
                end = i
                while end < len(blocks) and roles[end] in (HEAD, PLAIN) and end not in photos:
                    end += 1
                run = blocks[i:end]
                if _starts_article(run, current, _follows(blocks, roles, photos, end)):
                    current = _new_article(run)
                    current.attach(boxes)
                    items.append(current)
                else:
                    if current is None:
                        current = _Item("fragment")
                        items.append(current)
                    for b in run:
                        current.add_section(b) if b.level else current.add_body(b)
                i = end
            else:
                if current is None:  # text before any headline: a byline opens an untitled article
                    byline = role == BYLINE or _DATELINE.match(block.text)
                    current = _Item("article" if byline else "fragment")
                    items.append(current)
                if role == BYLINE and not current.paragraphs and not current.byline:
                    current.byline = block.text
                    current.blocks.append(block)
                else:
                    current.add_body(block)
                current = None if _END_MARK.search(block.text) else current
                i += 1
        articles = [item for item in items if item.kind != "photo"]
        if articles:
            (current or articles[-1]).attach(boxes)
        items += [_box_item(box) for box in boxes]
        if not any(item.title for item in items):  # a page without headlines is one article
            for item in items:
                item.kind = "article" if item.kind == "fragment" else item.kind
        return [item.to_article(page, f"{page_id}-{n:02d}", date) for n, item in enumerate(items, 1)]


def _box(blocks: list[_Block], roles: list[str], photos: dict[int, _Photo], i: int) -> _Box:
    """BOX rule: a label and the one paragraph it heads, or an inline ``【编者按】…`` paragraph."""
    label = blocks[i]
    if inline := _BOX_INLINE.match(label.text):
        return _Box(inline.group(1), label.text[inline.end():].strip(), [label])
    if i + 1 < len(blocks) and roles[i + 1] in (BODY, PLAIN) and i + 1 not in photos:
        return _Box(label.text.strip("【】"), blocks[i + 1].text, [label, blocks[i + 1]])
    return _Box(label.text.strip("【】"), "", [label])


def _box_item(box: _Box) -> _Item:
    """A box no article claims (a page of boxes only): an item of its own."""
    item = _Item("box")
    if len(box.blocks) == 2:
        item.title = box.blocks[0]
        item.blocks.append(box.blocks[0])
    item.add_body(box.blocks[-1])
    return item


def _photo_item(blocks: list[_Block], photo: _Photo) -> _Item:
    item = _Item("photo", title=blocks[photo.title] if photo.title is not None else None)
    item.blocks += [blocks[k] for k in (photo.title, photo.credit) if k is not None]
    for k in photo.captions:
        item.add_body(blocks[k])
    credit = blocks[photo.credit if photo.credit is not None else photo.captions[-1]].text
    item.byline = credit[_credit_start(credit) or 0:]  # a credit line, or the end of the last caption
    return item


def _follows(blocks: list[_Block], roles: list[str], photos: dict[int, _Photo], k: int) -> str:
    """What comes after a headline run, boxes skipped: ``"byline"``, ``"body"`` or ``""``."""
    while k < len(blocks) and roles[k] in (BOX, BOX_INLINE) and k not in photos:
        k += len(_box(blocks, roles, photos, k).blocks)
    if k >= len(blocks) or k in photos:
        return ""
    if roles[k] == BYLINE or (roles[k] != HEAD and _DATELINE.match(blocks[k].text)):
        return "byline"
    return "body" if roles[k] == BODY else ""


def _starts_article(run: list[_Block], current: _Item | None, follows: str) -> bool:
    """HEADLINE RUN rule: does this run of headline-like blocks open a new article?"""
    levels = [b.level for b in run if b.level]
    if not levels:  # plain lines: a headline if a byline follows, or body text opens the page
        return follows == "byline" or (current is None and follows == "body")
    if follows == "byline" or current is None or current.kind != "article" or current.title is None:
        return True
    top = min(levels)
    kicker_over_headline = any(a > b for a, b in zip(levels, levels[1:]))
    return top == 1 or top <= (current.title.level or 1) or kicker_over_headline


def _new_article(run: list[_Block]) -> _Item:
    """KICKER / TITLE / SUBTITLE rule."""
    levels = [b.level for b in run if b.level]
    if levels:
        t = next(k for k, b in enumerate(run) if b.level == min(levels))
    else:
        t = max((k for k, b in enumerate(run) if not b.text.startswith("——")), default=0)
    return _Item("article", blocks=list(run), kicker=[b.text for b in run[:t]], title=run[t],
                 subtitle=[b.text for b in run[t + 1:]])


@backend("page.rules.v1", provides={"articles"}, requires={"page"})
def make_page_splitter(*, model_dir: Path | None = None) -> RulePageSplitter:
    """The ``page.rules.v1`` backend: keeps no files, takes no settings."""
    return RulePageSplitter()
