"""Reading article inputs (text files, pages, JSONL, stdin) and writing records crash-safely.

Errors name the file, the line (or byte offset) and the field. Output files are written to a
``.partial`` sibling and renamed into place only when complete; :class:`ResumableWriter` can pick a
``.partial`` file up again after a crash (even ``kill -9``) without losing or duplicating a record.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from .doc import Article
from .errors import InputFormatError

logger = logging.getLogger(__name__)

INPUT_FORMATS = ("text", "page", "jsonl")
STDIN = "-"


def read_text(path: str, encoding: str = "utf-8") -> str:
    """The whole text of ``path`` (``-`` is stdin), with CRLF/CR normalised to LF.

    Raises:
        InputFormatError: when the bytes are not valid in ``encoding``, naming the byte offset.
    """
    raw = sys.stdin.buffer.read() if path == STDIN else Path(path).read_bytes()
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as err:
        raise InputFormatError(f"byte {err.start}: not valid {encoding} ({err.reason}); pass "
                               f"--encoding (e.g. gb18030) if the file uses another encoding",
                               path=path) from err
    except LookupError as err:
        raise InputFormatError(f"unknown encoding {encoding!r}", path=path) from err
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _source_id(path: str) -> str:
    return "stdin" if path == STDIN else Path(path).stem


def iter_jsonl_records(path: str, encoding: str = "utf-8", skip_bad: bool = False
                       ) -> Iterator[dict[str, Any]]:
    """``{"id", "text", "date"?, "title"?}`` records of a JSONL file, one per non-blank line.

    A bad line raises :class:`InputFormatError` naming file and line, or with ``skip_bad`` is
    logged and skipped. A record without ``id`` gets ``<file stem>-<line>``.
    """
    stream = sys.stdin.buffer if path == STDIN else open(path, "rb")  # noqa: SIM115
    try:
        for number, raw in enumerate(stream, start=1):
            try:
                record = _parse_record(raw, encoding, path, number)
            except InputFormatError as err:
                if not skip_bad:
                    raise
                logger.warning("skipped: %s", err)
                continue
            if record is not None:
                record.setdefault("id", f"{_source_id(path)}-{number}")
                yield record
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


def _parse_record(raw: bytes, encoding: str, path: str, number: int) -> dict[str, Any] | None:
    try:
        line = raw.decode(encoding)
    except UnicodeDecodeError as err:
        raise InputFormatError(f"byte {err.start} of the line is not valid {encoding}",
                               path=path, line=number) from err
    if not line.strip():
        return None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise InputFormatError(f"not JSON ({err.msg} at column {err.colno})", path=path,
                               line=number) from err
    except RecursionError as err:
        raise InputFormatError("JSON nested too deeply", path=path, line=number) from err
    if not isinstance(record, dict):
        raise InputFormatError("a record must be a JSON object", path=path, line=number)
    if not isinstance(record.get("text"), str):
        raise InputFormatError("missing or non-string 'text'", path=path, line=number, field="text")
    allowed = {"id": (str, int), "date": (str, type(None)), "title": (str, type(None))}
    for key, types in allowed.items():
        if key in record and (not isinstance(record[key], types) or isinstance(record[key], bool)):
            raise InputFormatError(f"{key!r} must be a string", path=path, line=number, field=key)
    for key in ("text", "id", "date", "title"):
        if isinstance(record.get(key), str):
            _check_no_surrogates(record[key], path, number, key)
    if "id" in record:
        record["id"] = str(record["id"])
    return record


def _check_no_surrogates(value: str, path: str, number: int, key: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as err:
        raise InputFormatError(f"character {err.start} is a lone surrogate (\\u{ord(value[err.start]):04x})",
                               path=path, line=number, field=key) from err


def expand_paths(paths: Iterable[str], input_format: str) -> Iterator[str]:
    """Each path, with a directory replaced by its ``*.jsonl`` (or ``*.txt``) files in name order."""
    suffix = ".jsonl" if input_format == "jsonl" else ".txt"
    for path in paths:
        if path != STDIN and Path(path).is_dir():
            yield from (str(p) for p in sorted(Path(path).rglob(f"*{suffix}")) if p.is_file())
        elif path != STDIN and not Path(path).exists():
            raise InputFormatError("no such file or directory", path=path)
        else:
            yield path


def iter_articles(paths: Iterable[str], input_format: str, *, page_splitter: Any = None,
                  date: str | None = None, encoding: str = "utf-8",
                  skip_bad: bool = False) -> Iterator[Article]:
    """Articles from input files, lazily, in input order.

    Args:
        paths: files, directories (their ``*.txt`` / ``*.jsonl`` files) or ``-`` for stdin.
        input_format: ``text`` (a file is one article), ``page`` (a file is a newspaper page split by
            ``page_splitter``) or ``jsonl`` (one record per line).
        date: the article date (YYYY-MM-DD) when a record gives none.
    """
    if input_format not in INPUT_FORMATS:
        raise InputFormatError(f"unknown input format {input_format!r}; use one of {INPUT_FORMATS}")
    for path in expand_paths(paths, input_format):
        if input_format == "jsonl":
            for record in iter_jsonl_records(path, encoding, skip_bad):
                yield Article(id=record["id"], text=record["text"], date=record.get("date") or date,
                              title=record.get("title"))
        elif input_format == "page":
            yield from page_splitter.split(read_text(path, encoding), date=date,
                                           page_id=_source_id(path))
        else:
            yield Article(id=_source_id(path), text=read_text(path, encoding), date=date)


class ResumableWriter:
    """Writes JSONL records to ``path`` via ``path.partial``, renamed into place by :meth:`close`.

    With ``resume=True`` an existing ``.partial`` file is kept: its complete lines count as done
    (:attr:`done`) and a torn last line is cut off, so the caller skips ``done`` inputs and goes on.
    """

    def __init__(self, path: str | Path, *, resume: bool = False) -> None:
        self.path = Path(path)
        self.partial = self.path.with_name(self.path.name + ".partial")
        self.done = 0
        if resume and self.partial.exists():
            self.done = _truncate_to_complete_lines(self.partial)
        elif resume and self.path.exists():
            raise InputFormatError("output is already complete; delete it to run again",
                                   path=self.path)
        else:
            self.partial.write_bytes(b"")
        self._stream: IO[bytes] = open(self.partial, "ab")  # noqa: SIM115

    def write(self, record: dict[str, Any]) -> None:
        self._stream.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")

    def flush(self) -> None:
        """Make every record written so far durable."""
        self._stream.flush()
        os.fsync(self._stream.fileno())

    def close(self) -> None:
        """Finish: durable, then atomically renamed to the final path."""
        self.flush()
        self._stream.close()
        os.replace(self.partial, self.path)


def _truncate_to_complete_lines(path: Path) -> int:
    data = path.read_bytes()
    keep = data.rfind(b"\n") + 1
    if keep != len(data):
        with open(path, "r+b") as stream:
            stream.truncate(keep)
    return data[:keep].count(b"\n")


def write_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
