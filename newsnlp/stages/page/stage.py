"""The contract of the page stage: split one page's text into articles."""

from __future__ import annotations

from typing import Protocol

from ...doc import Article


class PageSplitter(Protocol):
    """Splits a page into articles; nothing of the page's body text may be dropped.

    Each returned :class:`Article` has its own ``text`` (paragraphs joined with ``\\n``, layout
    breaks repaired) and ``meta["page_spans"]``: the ``[start, end)`` ranges of the page text its
    characters came from. Text the splitter cannot attach to an article comes back as an article
    of kind ``"fragment"``.
    """

    def split(self, page: str, *, date: str | None = None, page_id: str = "page") -> list[Article]: ...
