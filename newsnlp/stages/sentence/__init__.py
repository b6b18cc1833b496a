"""Sentence stage: Chinese sentence boundaries."""
