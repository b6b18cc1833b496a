"""The normalise stage contract: normalised values of TIME and QUANTITY entities, for the event stage.

A normalise backend runs after the entity stage and writes ``article.meta["normalised"]``: a list of
``{"start", "end", "text", "label", "value", "entity"}`` records, one per TIME or QUANTITY entity it
could read, in text order. ``start``/``end`` span the whole expression as the guidelines span it (an
entity stage may leave out 以来, 底, 近 …; ``entity`` keeps the entity's own ``[start, end]``).
``value`` follows :mod:`.time` (``{"iso", "approx"?}``) or :mod:`.number` (``{"value", "unit",
"relation", "max"?}``). The event stage fills time and count roles with these spans and copies the
value onto every argument that is (or mostly is) such a span; the entity layer is left unchanged.
"""

from __future__ import annotations

PROVIDES = frozenset({"normalised"})
REQUIRES = frozenset({"entities"})
META_KEY = "normalised"
