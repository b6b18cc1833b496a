"""SIGINT and SIGTERM stop `newsnlp extract` promptly in every mode, with real signals and processes."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli.test_extract import NEWSNLP, write_jsonl


def children(pid: int) -> set[int]:
    """The live child processes of ``pid`` (Linux /proc)."""
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(child) for child in (task / "children").read_text().split()}
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def wait_for_output(partial: Path, process: subprocess.Popen, records: int = 20) -> None:
    deadline = time.time() + 120
    while time.time() < deadline and process.poll() is None:
        if partial.exists() and partial.read_bytes().count(b"\n") >= records:
            return
        time.sleep(0.05)
    raise AssertionError(f"no {records} records in {partial} within the deadline")


def interrupt(args: list[str], partial: Path, signum: int,
              **popen) -> tuple[subprocess.Popen, str, float, set[int]]:
    """Start ``args``, send ``signum`` once records are being written; return the process, its stderr,
    the seconds it took to stop and the worker processes it had."""
    process = subprocess.Popen(args, stderr=subprocess.PIPE, text=True, **popen)
    wait_for_output(partial, process)
    workers = children(process.pid)
    sent = time.monotonic()
    process.send_signal(signum)
    _, err = process.communicate(timeout=60)
    return process, err, time.monotonic() - sent, workers


@pytest.fixture(scope="module")
def long_input(tmp_path_factory, sentence_model) -> tuple[Path, list[str], bytes]:
    """An input long enough to interrupt, the command over it and its uninterrupted output."""
    source = tmp_path_factory.mktemp("signals") / "in.jsonl"
    write_jsonl(source, 20000)
    args = [*NEWSNLP, "extract", str(source), "--input-format", "jsonl", "--model", str(sentence_model),
            "--batch-size", "20"]
    return source, args, subprocess.run(args, check=True, capture_output=True).stdout


@pytest.mark.parametrize(("signum", "jobs", "code", "resume"), [
    (signal.SIGINT, "1", 130, True), (signal.SIGTERM, "1", 143, False), (signal.SIGINT, "2", 130, False),
    (signal.SIGTERM, "2", 143, True),
])
def test_a_signal_stops_the_run_its_workers_and_resume_is_byte_identical(tmp_path, long_input, signum,
                                                                         jobs, code, resume):
    source, args, expected = long_input
    source_bytes = source.read_bytes()
    args = [*args, "--jobs", jobs, "-o", str(tmp_path / "out.jsonl")]
    out, partial = tmp_path / "out.jsonl", tmp_path / "out.jsonl.partial"
    process, err, seconds, workers = interrupt(args, partial, signum, start_new_session=True)
    assert process.returncode == code and seconds < 5, (process.returncode, seconds, err[-1000:])
    assert "Traceback" not in err
    last = err.strip().splitlines()[-1]
    assert last.startswith(f"newsnlp: stopped by {signal.Signals(signum).name}; ") and "--resume" in last
    assert len(workers) == (2 if jobs == "2" else 0)
    time.sleep(0.2)
    assert not [pid for pid in workers if alive(pid)], "worker processes were left behind"
    assert not out.exists() and partial.exists() and not (tmp_path / "out.jsonl.lock").exists()
    if resume:
        subprocess.run([*args, "--resume"], check=True, capture_output=True)
        assert out.read_bytes() == expected
    assert source.read_bytes() == source_bytes


def test_sigint_stops_a_run_that_started_with_sigint_ignored(tmp_path, long_input):
    """A script's background job starts with SIGINT ignored; `kill -INT` must still stop it."""
    args = [*long_input[1], "-o", str(tmp_path / "out.jsonl")]
    process, err, seconds, _ = interrupt(args, tmp_path / "out.jsonl.partial", signal.SIGINT,
                                         preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    assert process.returncode == 130 and seconds < 5, (seconds, err[-1000:])


def test_sigint_stops_a_default_model_run_within_5_seconds(tmp_path):
    """The issue's case: one process, the shipped default model, news records."""
    source = tmp_path / "in.jsonl"
    with open(source, "w", encoding="utf-8") as stream:
        for i in range(3000):
            stream.write(f'{{"id": "n{i}", "text": "本报讯（记者黄洪涛）近日，无锡市总工会召开会议，'
                         f'职工代表说：“好。”第{i}次。"}}\n')
    process, err, seconds, _ = interrupt(
        [*NEWSNLP, "extract", str(source), "--input-format", "jsonl", "-o", str(tmp_path / "out.jsonl")],
        tmp_path / "out.jsonl.partial", signal.SIGINT)
    assert process.returncode == 130 and seconds < 5, (seconds, err[-1000:])
    assert os.path.exists(tmp_path / "out.jsonl.partial")


def test_the_handlers_are_restored_after_a_command():
    from newsnlp.cli.signals import stop_on_signals

    before = signal.getsignal(signal.SIGTERM)
    with stop_on_signals():
        assert signal.getsignal(signal.SIGTERM) is not before
    assert signal.getsignal(signal.SIGTERM) is before
    assert sys.platform.startswith("linux")  # /proc is read above
