"""Every example in a docstring of the package holds."""

import doctest
import importlib
import pkgutil

import pytest

import newsnlp

MODULES = sorted(info.name for info in pkgutil.walk_packages(newsnlp.__path__, "newsnlp."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.failed == 0
