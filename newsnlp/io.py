"""Reading article inputs (text files, pages, JSONL, stdin) and writing records crash-safely.

Every file newsnlp reads comes through here: a missing path, a directory, an unreadable file or bytes
that are not valid in the encoding raise :class:`InputFormatError` naming the file (and line and
field where there is one). Lines are split on ``\n`` only (U+2028, U+2029, U+0085 and ``\r`` stay
inside a line), and nothing is read whole without a bound: a text or a JSONL record longer than
``max_chars`` characters (:data:`DEFAULT_MAX_CHARS`) is refused, and reading it costs memory in
proportion to that limit, not to the file (a 200 MB line, ``/dev/zero``).

Output files are written to a ``.partial`` sibling and renamed into place only when complete;
:class:`ResumableWriter` can pick a ``.partial`` file up again after a crash (even ``kill -9``)
without losing or duplicating a record, and :class:`OutputLock` keeps two runs off one output.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from .doc import STRING_FIELDS, Article, string_problem
from .errors import InputFormatError

logger = logging.getLogger(__name__)

INPUT_FORMATS = ("text", "page", "jsonl")
STDIN = "-"
DEFAULT_MAX_CHARS = 1_000_000
# the most bytes one character takes: 4 in UTF-8 and gb18030; 12 as a JSON escape (a surrogate pair)
TEXT_BYTES_PER_CHAR, JSON_BYTES_PER_CHAR = 4, 12
RECORD_OVERHEAD_BYTES = 1 << 16  # a JSONL record's id, date, title and punctuation
LINE_BYTES = 1 << 20  # the longest line of a word list or gazetteer


@contextlib.contextmanager
def open_binary(path: str | Path) -> Iterator[IO[bytes]]:
    """``path`` opened for reading bytes (``-``: stdin, left open); an unreadable path raises
    :class:`InputFormatError` naming it (missing, a directory, no permission)."""
    if str(path) == STDIN:
        yield sys.stdin.buffer
        return
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed below
    except IsADirectoryError as err:
        raise InputFormatError("is a directory, not a file", path=path) from err
    except FileNotFoundError as err:
        raise InputFormatError("no such file", path=path) from err
    except OSError as err:
        raise InputFormatError(f"cannot read the file ({err.strerror or err})", path=path) from err
    with stream:
        yield stream


def check_readable(path: str | Path) -> None:
    """Raise :class:`InputFormatError` now, before any slow work, unless ``path`` can be opened."""
    if str(path) != STDIN:
        with open_binary(path):
            pass


def iter_lines(stream: IO[bytes], max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """``(number, line)`` of a byte stream split on ``\n`` only, numbered from 1, newline removed.

    A line longer than ``max_bytes`` is given as ``None``, then read past in bounded pieces.
    """
    number = 0
    while raw := stream.readline(max_bytes + 1):
        number += 1
        if raw.endswith(b"\n"):
            yield number, raw[:-1]
        elif len(raw) <= max_bytes:
            yield number, raw
        else:
            yield number, None  # before reading past it: a caller that stops here never reads on
            while (rest := stream.readline(LINE_BYTES)) and not rest.endswith(b"\n"):
                pass


def read_lines(path: str | Path, *, encoding: str = "utf-8-sig",
               max_bytes: int = LINE_BYTES) -> Iterator[tuple[int, str]]:
    """``(number, line)`` of a text file (word lists, gazetteers), split on ``\n`` only, ``\r``
    and a first-line BOM removed.

    Raises:
        InputFormatError: naming file and line of bytes not valid in ``encoding`` or of a line over
            ``max_bytes`` (and naming the file when it cannot be opened).
    """
    with open_binary(path) as stream:
        for number, raw in iter_lines(stream, max_bytes):
            if raw is None:
                raise InputFormatError(f"line longer than {max_bytes} bytes", path=path, line=number)
            yield number, decode_line(raw, encoding if number == 1 else encoding.replace("-sig", ""),
                                      path, number).rstrip("\r")


def checked_word(word: str, path: str | Path | None = None, line: int | None = None) -> str:
    """``word`` stripped; an empty word or one holding whitespace raises, naming file and line if given."""
    word = word.strip()
    if not word or any(char.isspace() for char in word):
        raise InputFormatError(f"user dictionary word {word!r} is empty or holds whitespace", path=path,
                               line=line, field="word")
    return word


def read_word_list(path: str | Path) -> list[tuple[str, str | None]]:
    """``(word, POS or None)`` of each entry of a word list (a user dictionary): one word per line,
    optionally a tab or spaces and a POS tag; blank lines and lines starting with ``#`` are skipped.

    Raises:
        InputFormatError: naming the file and line of an entry with more than two fields, of a
            word that holds whitespace or of bytes that are not UTF-8 (and naming the file when
            it cannot be read).
    """
    entries: list[tuple[str, str | None]] = []
    for number, line in read_lines(path):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t") if "\t" in line else line.split()
        if len(fields) > 2:
            raise InputFormatError("expected 'word' or 'word<TAB>POS'", path=path, line=number,
                                   field="word")
        pos = fields[1].strip() if len(fields) == 2 else None
        entries.append((checked_word(fields[0], path, number), pos))
    return entries


def decode_line(raw: bytes, encoding: str, path: str | Path, number: int) -> str:
    """``raw`` decoded; bytes not valid in ``encoding`` raise an error naming file, line and byte."""
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as err:
        raise InputFormatError(f"byte {err.start} of the line is not valid {encoding} (is the file "
                               f"in another encoding, such as gb18030?)", path=path, line=number) from err
    except LookupError as err:
        raise InputFormatError(f"unknown encoding {encoding!r}", path=path) from err


def parse_jsonl(path: str | Path, *, encoding: str = "utf-8", max_bytes: int | None = None
                ) -> Iterator[tuple[int, Any]]:
    """``(number, value)`` of each non-blank line of a JSONL file: the parsed JSON, or the
    :class:`InputFormatError` the line raises (so a caller can report it and go on).

    Lines are split on ``\n`` only; a line over ``max_bytes`` (default: the record limit of
    :data:`DEFAULT_MAX_CHARS`) is an error. A file that cannot be opened raises at once.
    """
    max_bytes = max_bytes or record_bytes(DEFAULT_MAX_CHARS)
    with open_binary(path) as stream:
        for number, raw in iter_lines(stream, max_bytes):
            if raw is not None and not raw.strip():
                continue
            try:
                yield number, _parse_line(raw, encoding, path, number, max_bytes)
            except InputFormatError as err:
                yield number, err


def read_jsonl(path: str | Path, **options: Any) -> Iterator[tuple[int, Any]]:
    """``(number, value)`` of each non-blank line of a JSONL file (options as :func:`parse_jsonl`).

    Raises:
        InputFormatError: at the first line that is not JSON, naming file and line.
    """
    for number, value in parse_jsonl(path, **options):
        if isinstance(value, InputFormatError):
            raise value
        yield number, value


def _parse_line(raw: bytes | None, encoding: str, path: str | Path, number: int, max_bytes: int) -> Any:
    if raw is None:
        raise InputFormatError(f"line longer than {max_bytes} bytes; raise --max-chars to read it",
                               path=path, line=number)
    line = decode_line(raw, encoding, path, number)
    try:
        return json.loads(line)
    except json.JSONDecodeError as err:
        raise InputFormatError(f"not JSON ({err.msg} at column {err.colno})", path=path,
                               line=number) from err
    except RecursionError as err:
        raise InputFormatError("JSON nested too deeply", path=path, line=number) from err


def record_bytes(max_chars: int) -> int:
    """The longest JSONL line that can hold a record of ``max_chars`` characters."""
    return JSON_BYTES_PER_CHAR * max_chars + RECORD_OVERHEAD_BYTES


def read_text(path: str, encoding: str = "utf-8", max_chars: int = DEFAULT_MAX_CHARS) -> str:
    """The whole text of ``path`` (``-`` is stdin), with CRLF/CR normalised to LF.

    At most ``4 * max_chars`` bytes (plus a BOM) are read, whatever the file's size.

    Raises:
        InputFormatError: when the bytes are not valid in ``encoding`` (naming the byte offset) or
            the text is longer than ``max_chars``.
    """
    limit = TEXT_BYTES_PER_CHAR * (max_chars + 1)
    with open_binary(path) as stream:
        raw = stream.read(limit + 1)
    try:
        text = raw.decode(encoding) if len(raw) <= limit else None
    except UnicodeDecodeError as err:
        raise InputFormatError(f"byte {err.start}: not valid {encoding} ({err.reason}); pass "
                               f"--encoding (e.g. gb18030) if the file uses another encoding",
                               path=path) from err
    except LookupError as err:
        raise InputFormatError(f"unknown encoding {encoding!r}", path=path) from err
    if text is None or len(text.lstrip("\ufeff")) > max_chars:
        raise too_long(max_chars, path=path)
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def too_long(max_chars: int, **where: Any) -> InputFormatError:
    """The error for a text over the ``--max-chars`` limit."""
    return InputFormatError(f"text longer than --max-chars {max_chars} characters; split it, or "
                            f"raise --max-chars if the machine has the memory", **where)


def _source_id(path: str) -> str:
    return "stdin" if path == STDIN else Path(path).stem


def iter_jsonl_records(path: str, encoding: str = "utf-8", skip_bad: bool = False,
                       max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[dict[str, Any]]:
    """``{"id", "text", "date"?, "title"?}`` records of a JSONL file, one per non-blank line.

    A bad line (not JSON, a wrong field, a text over ``max_chars``) raises
    :class:`InputFormatError` naming file and line, or with ``skip_bad`` is logged and skipped. A
    record without ``id`` gets ``<file stem>-<line>``.
    """
    for number, value in parse_jsonl(path, encoding=encoding, max_bytes=record_bytes(max_chars)):
        try:
            if isinstance(value, InputFormatError):
                raise value
            record = check_record(value, path, number, max_chars=max_chars)
        except InputFormatError as err:
            if not skip_bad:
                raise
            logger.warning("skipped: %s", err)
            continue
        record.setdefault("id", f"{_source_id(path)}-{number}")
        yield record


def check_record(record: Any, path: str | None = None, number: int | None = None, *,
                 max_chars: int = DEFAULT_MAX_CHARS) -> dict[str, Any]:
    """An input record ``{"text", "id"?, "date"?, "title"?}`` checked (``id`` made a string, an empty
    date none); raises :class:`InputFormatError` naming ``path``, line ``number`` and the field."""
    if not isinstance(record, dict):
        raise InputFormatError("a record must be a JSON object", path=path, line=number)
    if not isinstance(record.get("text"), str):
        raise InputFormatError("missing or non-string 'text'", path=path, line=number, field="text")
    if len(record["text"]) > max_chars:
        raise too_long(max_chars, path=path, line=number, field="text")
    allowed = {"id": (str, int), "date": (str, type(None)), "title": (str, type(None))}
    for key, types in allowed.items():
        if key in record and (not isinstance(record[key], types) or isinstance(record[key], bool)):
            raise InputFormatError(f"{key!r} must be a string", path=path, line=number, field=key)
    if record.get("date") == "":
        record["date"] = None  # an empty date is no date
    for key in STRING_FIELDS:
        problem = string_problem(key, record.get(key))
        if problem:
            raise InputFormatError(problem, path=path, line=number, field=key)
    if "id" in record:
        record["id"] = str(record["id"])
    return record


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


def count_inputs(paths: Iterable[str], input_format: str) -> int | None:
    """How many articles ``paths`` hold, when that is known before reading them: a file per article
    (``text``) or a non-blank line per article (``jsonl``, counted in bounded chunks); ``None`` for
    pages (how many articles a page holds is known once it is split), stdin and devices."""
    paths = list(expand_paths(paths, input_format))
    if input_format == "page" or not all(Path(path).is_file() for path in paths):
        return None
    if input_format == "text":
        return len(paths)
    count = 0
    for path in paths:
        with open_binary(path) as stream:
            content = False  # whether the line read so far holds more than whitespace
            while chunk := stream.read(1 << 20):
                *ended, rest = chunk.split(b"\n")
                for piece in ended:
                    count += content or bool(piece.strip())
                    content = False
                content = content or bool(rest.strip())
            count += content
    return count


def iter_articles(paths: Iterable[str], input_format: str, *, page_splitter: Any = None,
                  date: str | None = None, encoding: str = "utf-8", skip_bad: bool = False,
                  max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Article]:
    """Articles from input files, lazily, in input order.

    Args:
        paths: files, directories (their ``*.txt`` / ``*.jsonl`` files) or ``-`` for stdin.
        input_format: ``text`` (a file is one article), ``page`` (a file is a newspaper page split by
            ``page_splitter``) or ``jsonl`` (one record per line).
        date: the article date (YYYY-MM-DD) when a record gives none.
        max_chars: the longest text (a file, a page or a record) read; a longer one is refused.
    """
    if input_format not in INPUT_FORMATS:
        raise InputFormatError(f"unknown input format {input_format!r}; use one of {INPUT_FORMATS}")
    for path in expand_paths(paths, input_format):
        if input_format == "jsonl":
            for record in iter_jsonl_records(path, encoding, skip_bad, max_chars):
                yield Article(id=record["id"], text=record["text"], date=record.get("date") or date,
                              title=record.get("title"))
        elif input_format == "page":
            yield from page_splitter.split(read_text(path, encoding, max_chars), date=date,
                                           page_id=_source_id(path))
        else:
            yield Article(id=_source_id(path), text=read_text(path, encoding, max_chars), date=date)


class ResumableWriter:
    """Writes JSONL records to ``path`` via ``path.partial``, renamed into place by :meth:`close`.

    With ``resume=True`` an existing ``.partial`` file is kept: its complete lines count as done
    (:attr:`done`, which counts every record written since) and a torn last line is cut off, so the
    caller skips ``done`` inputs and goes on.
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
        self.done += 1

    def flush(self) -> None:
        """Make every record written so far durable."""
        self._stream.flush()
        os.fsync(self._stream.fileno())

    def close(self) -> None:
        """Finish: durable, then atomically renamed to the final path."""
        self.flush()
        self._stream.close()
        os.replace(self.partial, self.path)


def _truncate_to_complete_lines(path: Path, chunk: int = 1 << 20) -> int:
    """Cut a torn last line off ``path``; return its number of complete lines (read in chunks)."""
    lines = keep = offset = 0
    with open(path, "r+b") as stream:
        while data := stream.read(chunk):
            if (last := data.rfind(b"\n")) >= 0:
                lines += data.count(b"\n")
                keep = offset + last + 1
            offset += len(data)
        stream.truncate(keep)
    return lines


def check_output(output: str | Path, inputs: Iterable[str]) -> None:
    """Refuse an output path that is one of the ``inputs`` or a directory, before anything is written."""
    target = Path(output)
    if target.is_dir():
        raise InputFormatError("-o names a directory; give a file path", path=output)
    for path in inputs:
        if path != STDIN and (target.resolve() == Path(path).resolve() or (
                target.exists() and Path(path).exists() and os.path.samefile(target, path))):
            raise InputFormatError("-o names an input file; the output would overwrite it",
                                   path=output)


class OutputLock:
    """Holds ``OUT.lock`` (an exclusive ``flock``) while a run writes ``OUT``.

    A second run on the same output is refused when it starts, before it writes anything; the
    kernel drops the lock when a run dies, even by ``kill -9``, so a stale file never blocks a
    ``--resume``. The lock file is removed when the run ends.
    """

    def __init__(self, output: str | Path) -> None:
        self.output = Path(output)
        self.path = self.output.with_name(self.output.name + ".lock")
        self._fd: int | None = None

    def __enter__(self) -> OutputLock:
        while self._fd is None:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise InputFormatError(f"another newsnlp run is writing this output (it holds "
                                       f"{self.path.name}); wait for it or choose another -o",
                                       path=self.output) from None
            if self.path.exists() and os.path.samestat(os.fstat(fd), os.stat(self.path)):
                self._fd = fd
            else:  # the holder removed the file between our open and our lock: take a new one
                os.close(fd)
        os.ftruncate(self._fd, 0)
        os.write(self._fd, f"{os.getpid()}\n".encode())
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            self.path.unlink(missing_ok=True)
            os.close(self._fd)
            self._fd = None
