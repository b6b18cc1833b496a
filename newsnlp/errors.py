"""Errors newsnlp raises: each has a stable code and says what, where and what to do next."""

from __future__ import annotations

from pathlib import Path
from typing import Any

EXCERPT_CHARS = 60


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """``text`` cut to about ``limit`` characters: errors quote files, never print them whole."""
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} characters)"


def schema_message(error: Any) -> str:
    """A JSON Schema validation error's message, short even when the failing value is a whole file."""
    if len(error.message) <= 3 * EXCERPT_CHARS:
        return str(error.message)
    return f"{excerpt(repr(error.instance))} fails the schema's {error.validator!r} rule"


class NewsNLPError(Exception):
    """Base of every error newsnlp raises on purpose; ``code`` is stable across versions."""

    code = "E000"

    def __str__(self) -> str:
        return f"[{self.code}] {super().__str__()}"


class ConfigError(NewsNLPError, ValueError):
    """A config file or override is invalid."""

    code = "E101"


class ModelNotFoundError(NewsNLPError, FileNotFoundError):
    """A model directory or one of its files is missing."""

    code = "E102"


class StageRequirementError(NewsNLPError, ValueError):
    """A pipeline's stages do not form a valid chain (missing inputs, unknown backends)."""

    code = "E103"


class OffsetError(NewsNLPError, ValueError):
    """A span's offsets do not match the article text."""

    code = "E104"


class InputFormatError(NewsNLPError, ValueError):
    """An input file or record cannot be read; names the file, line and field."""

    code = "E105"

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None,
                 field: str | None = None) -> None:
        self.path, self.line, self.field = (str(path) if path is not None else None), line, field
        where = ":".join(str(p) for p in (self.path, line) if p is not None)
        prefix = f"{where}: " if where else ""
        suffix = f" (field {field!r})" if field else ""
        super().__init__(f"{prefix}{message}{suffix}")


class CorpusFormatError(InputFormatError):
    """A corpus file is malformed; names the file, line and field."""

    code = "E106"


class CorpusNotFoundError(NewsNLPError, FileNotFoundError):
    """A public corpus is not where newsnlp looked for it."""

    code = "E107"


class SchemaError(NewsNLPError, ValueError):
    """An event schema file is invalid; names the field."""

    code = "E108"


class AlignmentError(NewsNLPError, ValueError):
    """Gold and predicted records cannot be aligned (differing text for the same id)."""

    code = "E109"


class StageError(NewsNLPError, RuntimeError):
    """A stage failed on one article: a bug in that stage; names the stage and the article."""

    code = "E111"


class ModelFileError(ModelNotFoundError):
    """A file of a model directory is damaged, of the wrong shape or of a kind that could run code."""

    code = "E110"

    def __init__(self, path: str | Path, problem: str, *, field: str | None = None) -> None:
        self.path, self.field = str(path), field
        where = f" (field {field!r})" if field else ""
        super().__init__(f"{path}: {problem}{where}; the model directory is damaged or unsafe: "
                         f"reinstall or retrain the model")
