"""The worked examples in the scorers' docstrings hold (each metric has one)."""

import doctest
import importlib

import pytest

MODULES = ["counts", "segmentation", "entity", "event", "bootstrap"]


@pytest.mark.parametrize("name", MODULES)
def test_worked_examples(name):
    module = importlib.import_module(f"newsnlp.evaluation.{name}")
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
