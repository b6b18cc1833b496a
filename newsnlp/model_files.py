"""What a model directory may hold: every file checked before any stage loads it.

Users load model directories they download or are sent, so :func:`check_model_files` walks every
folder a pipeline will read (the model directory and each stage's folder, wherever ``files`` or a
setting points) before anything is loaded, and raises :class:`ModelFileError` naming the file:

- **no pickles**, by name (``*.pkl``, ``*.pickle`` …) or by their first bytes: a pickle runs code
  when loaded, and spacy-pkuseg loads ``features.pkl`` when a folder has no ``features.msgpack``;
- JSON files (``*.json``, spaCy's ``cfg`` files) and config files (``config.cfg``) must parse;
- zip-based weights (torch ``*.pt``, numpy ``*.npz``) must be whole archives (each member's CRC is
  checked), so a truncated download is named before a minute of loading, not after.

What a loader still trips over (a JSON file of the wrong shape, a damaged msgpack file) is reported
by :meth:`newsnlp.pipeline.Pipeline.from_config` as a damaged stage folder; loaders that read JSON
use :func:`read_json_object` to name the file and field.
"""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from confection import Config

from .errors import ModelFileError, excerpt

PICKLE_SUFFIXES = frozenset({".pkl", ".pickle", ".pck", ".pcl", ".joblib", ".dill"})
ZIP_SUFFIXES = frozenset({".pt", ".pth", ".npz"})
CONFIG_NAME = "config.cfg"
MAX_FILES = 10_000  # a folder with more is not a model folder (``files = "/"``)


def check_model_files(folders: Iterable[Path]) -> None:
    """Check every file under ``folders`` (each walked once, missing ones skipped)."""
    seen: set[Path] = set()
    for folder in folders:
        if folder.is_dir() and folder.resolve() not in seen:
            seen.add(folder.resolve())
            for path in _files(folder):
                check_model_file(path)


def _files(folder: Path) -> list[Path]:
    found = []
    for root, _, names in os.walk(folder):
        found += [Path(root) / name for name in sorted(names)]
        if len(found) > MAX_FILES:
            raise ModelFileError(folder, f"holds more than {MAX_FILES} files; not a model folder")
    return found


def check_model_file(path: Path) -> None:
    """Raise :class:`ModelFileError` if ``path`` could run code or is damaged (see the module doc)."""
    if path.suffix.lower() in PICKLE_SUFFIXES or _starts_like_pickle(path):
        raise ModelFileError(path, "a pickle file, which could run code when loaded; newsnlp refuses "
                                   "model folders that hold one")
    if path.name == CONFIG_NAME:
        _parse(path, lambda text: Config().from_str(text, interpolate=False))
    elif path.suffix == ".json" or path.name == "cfg" or path.suffix == ".cfg":
        _parse(path, json.loads)
    elif path.suffix in ZIP_SUFFIXES:
        _check_zip(path)


def _starts_like_pickle(path: Path) -> bool:
    """Pickle protocols 2 to 5 start with the PROTO opcode (0x80) and the protocol number."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(2)
    except OSError as error:
        raise ModelFileError(path, f"cannot be read ({error.strerror or error})") from error
    return len(head) == 2 and head[0] == 0x80 and 2 <= head[1] <= 5


def _parse(path: Path, parse: Any) -> None:
    try:
        parse(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise ModelFileError(path, f"byte {error.start} is not valid UTF-8") from error
    except json.JSONDecodeError as error:
        raise ModelFileError(path, f"not JSON ({error.msg} at line {error.lineno}, column "
                                   f"{error.colno})") from error
    except Exception as error:  # a config parser's errors on damaged text are many kinds
        raise ModelFileError(path, f"cannot be parsed ({type(error).__name__}: "
                                   f"{excerpt(str(error))})") from error


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            damaged = archive.testzip()
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise ModelFileError(path, f"not a whole weights archive ({error}); truncated or corrupt") from error
    if damaged is not None:
        raise ModelFileError(path, f"member {damaged!r} fails its checksum; truncated or corrupt")


def read_json_object(path: Path, shape: dict[str, type]) -> dict[str, Any]:
    """A model file's JSON object, each key of ``shape`` present with its type.

    Raises:
        ModelFileError: naming the file (and the field) when it is not such an object.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelFileError(path, f"cannot be read as JSON ({excerpt(str(error))})") from error
    if not isinstance(data, dict):
        raise ModelFileError(path, f"must hold a JSON object, not {type(data).__name__}")
    for key, kind in shape.items():
        if not isinstance(data.get(key), kind):
            raise ModelFileError(path, f"must hold a {kind.__name__}", field=key)
    return data
