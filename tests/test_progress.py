"""Progress on stderr: plain lines with total, rate and ETA off a terminal, a bar on one, silence on
request."""

from __future__ import annotations

import io

import pytest

from newsnlp.progress import progress, silenced


def test_plain_lines_off_a_terminal_with_total_and_eta(capsys: pytest.CaptureFixture) -> None:
    assert list(progress(range(3), total=4, desc="extract", unit="articles", interval=0)) == [0, 1, 2]
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 4 and lines[0].startswith("extract: 1/4 articles (25%), ")
    assert "ETA 0:00:00" in lines[0] and lines[-1].startswith("extract: 3/4 articles (75%), ")
    assert "done in 0:00:00" in lines[-1]


def test_no_total_and_a_resumed_count(capsys: pytest.CaptureFixture) -> None:
    list(progress(iter("ab"), desc="train", initial=10))
    assert capsys.readouterr().err.startswith("train: 12 items, ")  # only the final line: 30 s apart


def test_quiet_and_the_environment_silence_it(capsys: pytest.CaptureFixture,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    with silenced():
        assert list(progress(range(2), interval=0)) == [0, 1]
    monkeypatch.setenv("NEWSNLP_PROGRESS", "0")
    assert list(progress(range(2), interval=0)) == [0, 1]
    assert capsys.readouterr().err == ""


def test_a_terminal_gets_a_bar_with_the_total(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert list(progress(range(3), total=3, desc="extract", unit="articles")) == [0, 1, 2]
    assert "extract: 100%" in terminal.getvalue() and "3/3" in terminal.getvalue()
