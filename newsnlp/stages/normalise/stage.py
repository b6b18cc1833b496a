"""The normalise stage contract: normalised values of TIME and QUANTITY entities, for the event stage.

A normalise backend runs after the entity stage. It first brings the TIME and QUANTITY entities to
the spans of ``corpora/GUIDELINES.md`` §1.4–1.5 (an entity model may leave out 以来, 底, 近 …, split
ranges or tag ordinals; see :mod:`.spans`), rewriting the entity layer, and sets the ``value`` of
every TIME or QUANTITY entity it can read (:attr:`newsnlp.doc.Entity.value`; ``None`` otherwise).
``value`` follows :mod:`newsnlp.text.values.time` (``{"iso", "type", "precision", "approx"?}``) or
:mod:`newsnlp.text.values.number`
(``{"value", "unit", "relation", "max"?}``, with the duration's ``iso``, ``type`` and ``precision``
for an amount of time). The event stage fills time and count roles with these entities and copies the
value onto every argument that is (or mostly is) such a span (and reads a time argument no entity
covers with the same readers).
"""
