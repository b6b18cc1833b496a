"""newsnlp as a spaCy pipeline component: ``spacy.blank("zh").add_pipe("newsnlp")``.

The factory ``newsnlp`` (registered through the ``spacy_factories`` entry point, so spaCy finds it
without an import) runs a newsnlp pipeline on each Doc's text and writes what it found onto the Doc:

- ``doc.ents``: the entities (PER, ORG, LOC, TIME, QUANTITY), snapped outwards to the Doc's tokens
  where the tokeniser cuts inside one (``alignment_mode="expand"``; overlaps keep the longer span);
- sentence starts, unless another component already set them;
- ``doc.spans["events"]``: one span per event trigger, labelled with the event type;
- ``doc._.events``: the events as dicts of the JSON contract (type, trigger, arguments with roles
  and normalised values, confidence), and ``doc._.main_event`` the id of the main event or ``None``.

displaCy shows the entities (``style="ent"``) and the triggers (``style="span", options={"spans_key":
"events"}``).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from .doc import Article
from .pipeline import Pipeline

EVENTS_KEY = "events"


def _register_extensions() -> None:
    """``doc._.events`` and ``doc._.main_event`` (also for Docs read back from a DocBin)."""
    for name, default in (("events", None), ("main_event", None)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


_register_extensions()


class NewsNLPComponent:
    """Runs a newsnlp :class:`~newsnlp.pipeline.Pipeline` and writes its layers onto spaCy Docs."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline

    def __call__(self, doc: Doc) -> Doc:
        return self.annotate(doc, self.pipeline(doc.text))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        """Annotate a stream of Docs, running newsnlp over the texts in batches."""
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._annotate_batch(batch)
                batch = []
        yield from self._annotate_batch(batch)

    def _annotate_batch(self, docs: list[Doc]) -> Iterator[Doc]:
        articles = self.pipeline.pipe((doc.text for doc in docs), batch_size=max(1, len(docs)))
        for doc, article in zip(docs, articles):
            yield self.annotate(doc, article)

    @staticmethod
    def annotate(doc: Doc, article: Article) -> Doc:
        """Write ``article``'s entities, sentences and events onto ``doc`` (same text)."""
        spans = [doc.char_span(e.start, e.end, label=e.label, alignment_mode="expand")
                 for e in article.entities]
        doc.ents = filter_spans([span for span in spans if span is not None])
        if "sentences" in article.layers_filled and len(doc) and not doc.has_annotation("SENT_START"):
            starts = sorted(sentence.start for sentence in article.sentences)
            for token in doc:  # a token starts a sentence when a sentence starts within it
                first = bisect_left(starts, token.idx)
                token.is_sent_start = token.i == 0 or (
                    first < len(starts) and starts[first] < token.idx + len(token.text_with_ws))
        triggers = [doc.char_span(e.trigger.start, e.trigger.end, label=e.type, alignment_mode="expand")
                    for e in article.events]
        doc.spans[EVENTS_KEY] = [span for span in triggers if span is not None]
        record: dict[str, Any] = article.to_dict()
        doc._.events = record.get("events", [])
        doc._.main_event = article.main_event
        return doc


@Language.factory("newsnlp", default_config={"model": None, "schema": None},
                  requires=[], assigns=["doc.ents", "token.is_sent_start", "doc.spans", "doc._.events",
                           "doc._.main_event"])
def make_newsnlp_component(nlp: Language, name: str, model: str | None, schema: str | None
                           ) -> NewsNLPComponent:
    """The ``newsnlp`` factory. ``model``: a model directory or installed model package name (default:
    the default model); ``schema``: the event schema (default: the model's own)."""
    from . import load

    return NewsNLPComponent(load(model, schema=schema))
