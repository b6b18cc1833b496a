"""Scoring: segmentation, NER and event metrics with bootstrap intervals, and readable reports.

Scorers take gold and predicted :class:`~newsnlp.doc.Article` records and return numbers; nothing
here imports a stage, a pipeline or a model, so any system's output can be scored.
"""

from .api import SCORED_LAYERS, Alignment, align, evaluate_articles
from .report import Report

__all__ = ["SCORED_LAYERS", "Alignment", "Report", "align", "evaluate_articles"]
