"""Every Python and shell snippet of README.md, docs/*.md and corpora/*/README.md works as written
(issue 20).

- Python snippets run for real, in order, in one namespace per file, in a scratch directory that
  links the repository's folders (so ``corpora/...`` resolves and written files land there), with
  the shipped default model; each model directory is loaded once for all snippets.
- Shell commands: cheap ``newsnlp`` commands (``--help``, ``info``, ``extract`` of files that exist,
  ``corpora`` but ``list``) run in-process; every other ``newsnlp``, ``python SCRIPT.py`` and
  ``python -m MODULE`` command is parsed by its own argparse parser without running (every flag
  accepted; ``train`` runs until its trainer has read its settings), and every repository path it
  reads exists (or is one git ignores: made locally); ``python -c CODE`` compiles and what it
  imports exists (it is not run: such commands rebuild committed files).
  Usage lines (with ``[--option]`` or ``...``) have each subcommand, option and listed choice checked
  (commands too, since argparse takes abbreviated options).
- A snippet that cannot run here is marked ``<!-- docs-test: skip (REASON) -->`` on the line before
  its fence: it is still compiled, and reported as skipped with its reason.
"""

from __future__ import annotations

import argparse
import ast
import configparser
import contextlib
import importlib.util
import io
import json
import re
import runpy
import shlex
import subprocess
import sys
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from newsnlp.cli.app import build_parser, main
from newsnlp.pipeline import DEFAULT_THREADS, Pipeline
from newsnlp.training.loop import TrainingSettings
from tests.conftest import REPO, SAMPLE_PAGE

DOCS = [REPO / "README.md", *sorted(REPO.glob("docs/*.md")), *sorted(REPO.glob("corpora/*/README.md"))]
LANGUAGES = {"python": "python", "bash": "shell", "sh": "shell", "console": "shell"}
NOT_CODE = {"", "json", "ini", "text"}
FENCE = re.compile(r"^\s*```(\S*)")
MARK = re.compile(r"<!--\s*docs-test:(.*?)-->")
SKIP = re.compile(r"\s*skip \((.+)\)\s*")
USAGE = re.compile(r"\[-|\.\.\.|…")
REPO_FOLDERS = ("benchmarks", "configs", "corpora", "docs", "models", "newsnlp", "notebooks", "tests")
OUTPUT_OPTIONS = {"-o", "--output", "--report", "--json", "--markdown"}
SEPARATORS = {"&&", "||", ";", "|"}
OTHER_PROGRAMS = {".", "source", "ray"}  # not ours: nothing of them to check


@dataclass(frozen=True)
class Snippet:
    path: Path
    line: int  # of the first line of code
    language: str  # "python" or "shell"
    code: str
    skip: str | None  # the reason of a docs-test: skip mark

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(REPO)}:{self.line}"


def read_snippets(path: Path) -> list[Snippet]:
    """The Python and shell snippets of one Markdown file, in order."""
    lines = path.read_text("utf-8").splitlines()
    snippets, i = [], 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        end = next(j for j in range(i + 1, len(lines)) if lines[j].strip().startswith("```"))
        language, code = opening.group(1), lines[i + 1:end]
        if language == "console":  # the commands follow a `$ ` prompt; the other lines are output
            code = [line[2:] if line.startswith("$ ") else "" for line in code]
        if language not in NOT_CODE:
            assert language in LANGUAGES, f"{path.name}:{i + 1}: unknown snippet language {language!r}"
            snippets.append(Snippet(path, i + 2, LANGUAGES[language], "\n".join(code),
                                    skip_reason(lines, i)))
        i = end + 1
    return snippets


def skip_reason(lines: list[str], fence: int) -> str | None:
    """The reason of the ``docs-test: skip (REASON)`` mark on the last non-blank line before a fence."""
    before = next((line for line in reversed(lines[:fence]) if line.strip()), "")
    mark = MARK.fullmatch(before.strip())
    if mark is None:
        return None
    skip = SKIP.fullmatch(mark.group(1))
    assert skip, f"unknown docs-test mark {before.strip()!r}; the one mark is 'docs-test: skip (REASON)'"
    return skip.group(1)


SNIPPETS = [snippet for path in DOCS for snippet in read_snippets(path)]


def shell_commands(snippet: Snippet) -> Iterator[tuple[int, list[str]]]:
    """The commands of a shell snippet as (Markdown line, words): a line ending in ``\\`` or followed
    by an indented one (as usage lines are written) joined to the next, comments dropped,
    ``&&``/``;``/``|`` chains split; a usage line is split on white space only."""
    lines: list[tuple[int, str]] = []
    for number, line in enumerate(snippet.code.splitlines(), snippet.line):
        if lines and (lines[-1][1].endswith("\\") or line[:1].isspace()):
            lines[-1] = (lines[-1][0], lines[-1][1].removesuffix("\\") + " " + line.strip())
        else:
            lines.append((number, line))
    for number, line in lines:
        if USAGE.search(line):
            yield number, line.split(" #")[0].split()
            continue
        words = shlex.shlex(line, posix=True, punctuation_chars="&|;")
        words.whitespace_split = True
        command: list[str] = []
        for word in [*words, ";"]:
            if word in SEPARATORS:
                if command:
                    yield number, command
                command = []
            else:
                command.append(word)


COMMANDS = [(f"{snippet.path.relative_to(REPO)}:{number}", command)
            for snippet in SNIPPETS if snippet.language == "shell" and not snippet.skip
            for number, command in shell_commands(snippet)]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A working directory where the repository's folders are links: ``corpora/...`` and
    ``models/...`` resolve as in the checkout, and the files a snippet writes stay here."""
    path = tmp_path_factory.mktemp("docs")
    for folder in REPO_FOLDERS:
        (path / folder).symlink_to(REPO / folder, target_is_directory=True)
    return path


@pytest.fixture(scope="module")
def models_loaded_once() -> Iterator[None]:
    """``Pipeline.from_disk`` loads each model directory (with its overrides and threads) once for
    this module."""
    loaded: dict[tuple[str, str, int], Pipeline] = {}
    from_disk = Pipeline.from_disk.__func__

    def cached(cls: type[Pipeline], path: Any, overrides: dict[str, Any] | None = None, *,
               threads: int = DEFAULT_THREADS) -> Pipeline:
        key = (str(Path(path).resolve()), repr(sorted((overrides or {}).items())), threads)
        if key not in loaded:
            loaded[key] = from_disk(cls, path, overrides, threads=threads)
        return loaded[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Pipeline, "from_disk", classmethod(cached))
        yield


@pytest.fixture
def in_scratch(scratch: Path, models_loaded_once: None, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(scratch)
    return scratch


PYTHON_FILES = [path for path in DOCS
                if any(s.path == path and s.language == "python" and not s.skip for s in SNIPPETS)]


@pytest.mark.parametrize("path", PYTHON_FILES, ids=lambda path: str(path.relative_to(REPO)))
def test_python_snippets_run(path: Path, in_scratch: Path) -> None:
    namespace: dict[str, Any] = {"__name__": "__main__"}
    for snippet in SNIPPETS:
        if snippet.path == path and snippet.language == "python" and not snippet.skip:
            exec(compiled(snippet), namespace)


def compiled(snippet: Snippet) -> Any:
    """The snippet's code object; tracebacks name the Markdown file and its line."""
    return compile("\n" * (snippet.line - 1) + snippet.code, str(snippet.path), "exec")


@pytest.mark.parametrize("snippet", [s for s in SNIPPETS if s.skip], ids=lambda s: s.where)
def test_marked_snippet_is_reported(snippet: Snippet) -> None:
    if snippet.language == "python":
        compiled(snippet)
    pytest.skip(f"{snippet.where}: {snippet.skip}")


@pytest.mark.parametrize(("where", "command"), COMMANDS,
                         ids=[f"{w} {' '.join(c[:3])[:50]}" for w, c in COMMANDS])
def test_shell_command(where: str, command: list[str], in_scratch: Path,
                       monkeypatch: pytest.MonkeyPatch) -> None:
    while re.fullmatch(r"[A-Z_]+=\S*", command[0]):  # VAR=value before the program
        command = command[1:]
    program, args = command[0], command[1:]
    usage = USAGE.search(" ".join(command)) is not None
    if program == "newsnlp":
        check_newsnlp(args, usage)
    elif re.fullmatch(r"python(3[.\d]*)?", program):
        check_python(args, usage, monkeypatch)
    elif program == "pip":
        check_pip(args)
    else:
        assert program in OTHER_PROGRAMS, f"{where}: no check for the program {program!r}"


def check_newsnlp(args: list[str], usage: bool) -> None:
    check_paths(args)
    parser = build_parser()
    check_options(parser, args)
    if usage:
        return
    parsed = parse(parser, args)
    if parsed is None:  # --help: printed, done
        return
    if parsed.command == "train":
        train_until_settings(parsed)
    if runs_here(parsed):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(args)
        allowed = (0, 1) if parsed.command == "corpora" and parsed.action == "validate" else (0,)
        assert code in allowed, f"newsnlp {' '.join(args)}: exit {code}\n{err.getvalue()}"
        assert out.getvalue(), f"newsnlp {' '.join(args)} printed nothing"


class _Stop(BaseException):  # not caught by an `except Exception` on the way
    pass


def train_until_settings(parsed: argparse.Namespace) -> None:
    """``newsnlp train`` as parsed, run until its trainer has read its ``[training]`` settings (the
    first thing every trainer does; an override of a key it lacks fails there), then stopped."""
    read = TrainingSettings.from_config.__func__

    def read_then_stop(cls: type[TrainingSettings], config: Any) -> None:
        read(cls, config)
        raise _Stop

    with pytest.MonkeyPatch.context() as patch, pytest.raises(_Stop):
        patch.setattr(TrainingSettings, "from_config", classmethod(read_then_stop))
        parsed.func(parsed)


def runs_here(parsed: argparse.Namespace) -> bool:
    """Whether a parsed ``newsnlp`` command takes seconds (it runs) or longer (it is only parsed)."""
    if parsed.command == "extract":
        return all(Path(path).is_file() for path in parsed.inputs)
    if parsed.command == "corpora":
        return parsed.action != "list"  # reads every corpus: about 25 s
    return parsed.command == "info"


def check_python(args: list[str], usage: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if args[0] == "-c":
        check_imports(args[1])
        return
    if args[0] == "-m":
        module, args = args[1], args[2:]
        if not module.startswith(("newsnlp.", "benchmarks.")):  # pytest, venv
            assert importlib.util.find_spec(module), f"no module {module}"
            return
        parser = parser_of(lambda: runpy.run_module(module, run_name="__main__"))
    else:
        script, args = Path(args[0]), args[1:]
        assert script.is_file(), f"no script {script}"
        monkeypatch.syspath_prepend(str(script.parent.resolve()))  # as `python SCRIPT` does
        parser = parser_of(lambda: runpy.run_path(str(script), run_name="__main__"))
    check_options(parser, args)
    if not usage:
        parse(parser, args)
    check_paths(args)


def check_imports(code: str) -> None:
    """Every module and name that ``code`` imports exists."""
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.ImportFrom):
            module = importlib.import_module(node.module or "")
            missing = [alias.name for alias in node.names if not hasattr(module, alias.name)]
            assert not missing, f"{node.module} has no {missing}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                importlib.import_module(alias.name)


def check_pip(args: list[str]) -> None:
    """Every extra a ``pip install`` names is one of newsnlp's (``setup.cfg``)."""
    setup = configparser.ConfigParser()
    setup.read(REPO / "setup.cfg", encoding="utf-8")
    extras = set(setup["options.extras_require"])
    for word in args:
        for named in re.findall(r"^\.\[(.+)\]$", word):
            assert set(named.split(",")) <= extras, f"pip install {word}: newsnlp's extras are {extras}"


class _Parser(_Stop):
    def __init__(self, parser: argparse.ArgumentParser):
        self.parser = parser


def parser_of(run: Callable[[], Any]) -> argparse.ArgumentParser:
    """The argparse parser a script or module builds, taken when it parses its arguments: it runs
    no further."""
    def take(parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        raise _Parser(parser)

    with pytest.MonkeyPatch.context() as patch, warnings.catch_warnings():
        # runpy warns that a module the test process has imported already runs again as __main__
        warnings.filterwarnings("ignore", "'.*' found in sys.modules", RuntimeWarning)
        patch.setattr(argparse.ArgumentParser, "parse_args", take)
        patch.setattr(sys, "argv", ["docs-snippet"])
        try:
            run()
        except _Parser as taken:
            return taken.parser
    raise AssertionError("it ran to the end without parsing arguments with argparse")


def parse(parser: argparse.ArgumentParser, args: list[str]) -> argparse.Namespace | None:
    """``parser.parse_args(args)``; an argparse error fails the test with its message; ``None``
    for ``--help``."""
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            return parser.parse_args(args)
    except SystemExit as exit_:
        assert exit_.code == 0, f"{parser.prog} {' '.join(args)}: {err.getvalue().strip()}"
        return None


def check_paths(args: list[str]) -> None:
    """Every repository path a command reads exists, or git ignores it (made locally, such as an
    annotator's pass); the value of an output option need not, nor a placeholder (``models/NAME``)."""
    words = [word.strip("[]()") for word in args]
    for before, word in zip(["", *words], words):
        placeholder = re.search(r"\b[A-Z_]{2,}\b", word)
        if word.split("/")[0] in REPO_FOLDERS and before not in OUTPUT_OPTIONS and not placeholder:
            assert Path(word).exists() or git_ignores(word), f"{word}: no such file in the repository"


def git_ignores(path: str) -> bool:
    return subprocess.run(["git", "check-ignore", "-q", path], cwd=REPO).returncode == 0


def check_options(parser: argparse.ArgumentParser, words: list[str]) -> None:
    """Each subcommand exists (``list|stats`` each), each option is the parser's, in full (argparse
    would take ``--user-dic`` for ``--user-dict``), and each choice listed after an option with
    choices (``text|page``) is one of them; for usage lines as for commands."""
    words = [word.strip("[]()") for word in words]
    while (commands := subcommands(parser)) and words and not words[0].startswith("-"):
        names = words.pop(0).split("|")
        assert set(names) <= set(commands), f"{parser.prog}: no command {set(names) - set(commands)}"
        parser = commands[names[0]]
    options = parser._option_string_actions
    for k, word in enumerate(words):
        for option in word.split("|"):
            if not option.startswith("-"):
                continue
            if option not in options:
                assert "." in option and parser.prog.endswith(" train"), f"{parser.prog}: no option {option}"
                continue
            action = options[option]
            values = words[k + 1:k + 2] if action.nargs in (None, 1) else words[k + 1:]
            for value in values:
                if value.startswith("-") or not action.choices:
                    break
                unknown = {choice for choice in value.split("|") if choice != "..."} - set(action.choices)
                assert not unknown, f"{parser.prog} {option}: {unknown} are not among {action.choices}"


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(actions[0].choices) if actions else {}


def test_every_mark_is_before_a_snippet() -> None:
    """A mark is a line of its own; each is on the line before a snippet (else it marks nothing)."""
    lines = [line.strip() for path in DOCS for line in path.read_text("utf-8").splitlines()]
    marks = sum(bool(MARK.fullmatch(line)) for line in lines)
    assert marks == sum(bool(snippet.skip) for snippet in SNIPPETS), "a mark that is not before a fence"


def key_paths(value: Any, path: str = "") -> set[str]:
    """Every key of a JSON value as a path: ``entities[].value.iso``."""
    if isinstance(value, dict):
        return {p for key, item in value.items()
                for p in {f"{path}.{key}", *key_paths(item, f"{path}.{key}")}}
    if isinstance(value, list):
        return {p for item in value for p in key_paths(item, f"{path}[]")}
    return set()


def test_output_example_shows_only_what_the_output_has(models_loaded_once: None) -> None:
    """docs/output.md's example record: every key it shows is in the default model's output of the
    sample page."""
    import newsnlp

    text = (REPO / "docs" / "output.md").read_text("utf-8")
    example = json.loads(re.search(r"```json\n(.*?)```", text, re.DOTALL).group(1))
    articles = newsnlp.load().process_page(SAMPLE_PAGE.read_text("utf-8"), date="2025-11-25")
    produced = set().union(*(key_paths(article.to_dict()) for article in articles))
    assert key_paths(example) - produced == set()
