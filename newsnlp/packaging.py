"""Model packages: a model directory as an installable wheel that ``newsnlp.load(NAME)`` finds by name.

Like ``spacy package``: :func:`package` copies a model directory into a small Python package (stage
folders that the config borrows from other model directories with ``files = "../x/y"`` are copied in,
so the package is self-contained), adds a ``meta.json`` (name, version, the newsnlp versions it needs,
the model's figures) and builds a wheel with setuptools. An installed package registers itself under
the ``newsnlp_models`` entry-point group; :func:`installed_models` lists them and :func:`model_path`
resolves a name. The model package ``zh_news_default`` is what :func:`newsnlp.load` uses when the
checkout's ``models/default`` is not there (a plain ``pip install``).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from confection import Config
from packaging.version import InvalidVersion, Version

from .errors import ConfigError, ModelNotFoundError
from .pipeline import CONFIG_NAME, STAGE_FILES_KEY

ENTRY_POINT_GROUP = "newsnlp_models"
DEFAULT_PACKAGE = "zh_news_default"
META_NAME = "meta.json"
NAME_PATTERN = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")  # a wheel keeps such a name as it is

PACKAGE_INIT = '''"""The newsnlp model package {name} {version}: ``newsnlp.load("{name}")``."""

from pathlib import Path

MODEL_DIR = Path(__file__).resolve().parent / "model"


def model_path() -> Path:
    """The model directory inside this package."""
    return MODEL_DIR


def load(**settings):
    """The pipeline of this package (``settings`` as for ``newsnlp.load``)."""
    import newsnlp

    return newsnlp.load(MODEL_DIR, **settings)
'''

PYPROJECT = '''[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "{name}"
version = "{version}"
description = "newsnlp model package {name}"
requires-python = ">=3.10"
dependencies = ["{requirement}"]

[project.entry-points.{group}]
{name} = "{name}:model_path"

[tool.setuptools]
packages = ["{name}"]
include-package-data = true

[tool.setuptools.package-data]
{name} = ["model/**/*"]
'''


@dataclass(frozen=True)
class InstalledModel:
    """A model package found through the ``newsnlp_models`` entry points."""

    name: str
    version: str
    path: Path
    meta: dict[str, Any]


def newsnlp_requirement() -> str:
    """The newsnlp versions a package built now needs: this minor release."""
    from . import __version__

    major, minor = (int(part) for part in __version__.split(".")[:2])
    return f"newsnlp>={major}.{minor},<{major}.{minor + 1}"


def copy_model(model_dir: Path, target: Path) -> Config:
    """Copy ``model_dir`` into ``target`` with every borrowed stage folder copied in; returns the config."""
    config = Config().from_disk(model_dir / CONFIG_NAME, interpolate=False)
    shutil.copytree(model_dir, target)
    for stage, settings in config.get("stages", {}).items():
        outside = [key for key, value in settings.items()
                   if isinstance(value, str) and Path(value).is_absolute() and Path(value).exists()]
        if outside:  # the package would point back at this machine's file
            raise ConfigError(f"{model_dir / CONFIG_NAME}: stages.{stage}.{outside[0]} names a file outside "
                              f"the model directory ({settings[outside[0]]}); save the stage into its "
                              f"folder first (nlp.to_disk) so that the package holds it")
        borrowed = settings.pop(STAGE_FILES_KEY, None)
        if borrowed is None:
            continue
        source = (model_dir / borrowed).resolve()
        if not source.is_dir():
            raise ModelNotFoundError(f"{model_dir / CONFIG_NAME}: stages.{stage}.files = {borrowed!r} is not "
                                     f"a folder ({source})")
        shutil.rmtree(target / stage, ignore_errors=True)
        shutil.copytree(source, target / stage)
    config.to_disk(target / CONFIG_NAME)
    return config


def package(model_dir: str | Path, out_dir: str | Path, *, name: str | None = None,
            version: str = "0.1.0") -> Path:
    """Build an installable wheel of a model directory into ``out_dir``; returns the wheel's path.

    Args:
        name: the package name (lower case, digits and ``_``); default ``zh_news_`` + the folder name.
        version: the package's own version.

    Raises:
        ModelNotFoundError: ``model_dir`` is not a model directory, or a borrowed folder is missing.
        ConfigError: the name is not a valid package name.
    """
    model_dir, out_dir = Path(model_dir), Path(out_dir)
    if not (model_dir / CONFIG_NAME).is_file():
        raise ModelNotFoundError(f"{model_dir}: not a newsnlp model directory (no {CONFIG_NAME})")
    name = name or f"zh_news_{re.sub(r'[^a-z0-9]+', '_', model_dir.resolve().name.lower())}"
    if not NAME_PATTERN.fullmatch(name) or name in ("newsnlp", "spacy", "torch"):
        raise ConfigError(f"package name {name!r}: use lower-case letters and digits in words joined by "
                          f"single '_', starting with a letter, and not the name of newsnlp or a dependency")
    try:
        version = str(Version(version))  # the form the wheel's file name carries (1.0-beta -> 1.0b0)
    except InvalidVersion:
        raise ConfigError(f"package version {version!r} is not a version (PEP 440), e.g. 0.1.0") from None
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="newsnlp-package-") as work:
        project = Path(work)
        code = project / name
        code.mkdir()
        copy_model(model_dir, code / "model")
        meta = _read_json(model_dir / META_NAME)
        meta.update(name=name, version=version, newsnlp=newsnlp_requirement(),
                    source=model_dir.resolve().name)
        (code / "model" / META_NAME).write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n",
                                                encoding="utf-8")
        (code / "__init__.py").write_text(PACKAGE_INIT.format(name=name, version=version), encoding="utf-8")
        (project / "pyproject.toml").write_text(PYPROJECT.format(
            name=name, version=version, requirement=newsnlp_requirement(), group=ENTRY_POINT_GROUP),
            encoding="utf-8")
        result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                                 "--quiet", "--wheel-dir", str(out_dir), str(project)],
                                capture_output=True, text=True)
        if result.returncode:
            raise ConfigError(f"building the wheel of {name} failed: {result.stderr.strip()[-500:]}")
    return out_dir / f"{name}-{version}-py3-none-any.whl"


def _read_json(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelNotFoundError(f"{path}: not valid JSON ({error}); the model directory is "
                                 f"damaged") from None
    return data if isinstance(data, dict) else {}


def installed_models() -> list[InstalledModel]:
    """Every installed model package, by name."""
    models = []
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        path = Path(entry.load()())
        meta = _read_json(path / META_NAME)
        models.append(InstalledModel(entry.name, str(meta.get("version", "?")), path, meta))
    return sorted(models, key=lambda model: model.name)


def model_path(name: str) -> Path | None:
    """The model directory of the installed package ``name``, or ``None``."""
    return next((model.path for model in installed_models() if model.name == name), None)
