"""The registry is derived from the @backend declarations at the factories."""

import ast
from pathlib import Path

import pytest

from newsnlp import registry
from newsnlp.errors import ConfigError

STAGES = Path(registry.__file__).parent / "stages"


def declared_in_source() -> dict[str, str]:
    """module -> factory name of every ``@backend(...)``-decorated function under newsnlp/stages."""
    found = {}
    for path in STAGES.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and any(
                    isinstance(d, ast.Call) and getattr(d.func, "id", "") == "backend"
                    for d in node.decorator_list):
                module = ".".join(path.relative_to(STAGES.parents[1]).with_suffix("").parts)
                found[module] = node.name
    return found


def test_the_registry_holds_exactly_the_declared_factories():
    declared = declared_in_source()
    assert set(registry.BACKEND_MODULES) == set(declared)
    factories = {(entry.load().__module__, entry.load().__name__) for entry in registry.builtin().values()}
    assert factories == set(declared.items())


def test_every_backend_declares_layers_and_typed_settings():
    for name, entry in registry.builtin().items():
        assert entry.provides and entry.requires, name
        assert "model_dir" not in entry.settings_class().__dataclass_fields__, name


def test_trainers_are_declared_by_the_backends_they_train():
    trainable = {name for name, entry in registry.builtin().items() if entry.trainer}
    assert trainable == {"word.neural.v1", "word.pkuseg.v1", "entity.neural.v1", "entity.spacy.v1",
                         "entity.hanlp.v1", "event.learned.v1"}
    assert registry.get("entity.neural.v1").load_trainer().__name__ == "train_entity"


def test_normalise_needs_time_and_quantity_entities():
    assert registry.get("normalise.rules.v1").requires_labels == {"TIME", "QUANTITY"}


def test_settings_are_checked_against_the_factory_signature():
    entry = registry.get("entity.neural.v1")
    assert entry.check_settings({"convention": "msra", "labels": ["PER"]}, "[stages.entity]")
    with pytest.raises(ConfigError, match=r"\] \[stages.entity\] max_len = '9': expected int$"):
        entry.check_settings({"max_len": "9"}, "[stages.entity]")
