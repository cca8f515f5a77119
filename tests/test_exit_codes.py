"""Exit codes a script can rely on: an unknown --judge provider is a usage error (2),
and a reader that closes stderr early neither turns a run into a failure (Click's 1)
nor hides a real failure."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from icraft.core.errors import ExitCode


def test_unknown_judge_provider_is_a_usage_error_with_the_nearest_id(cli, tmp_path: Path) -> None:
    answer = tmp_path / "a.txt"
    answer.write_text("I led the migration and we cut latency by 40 percent.\n")
    typo = cli("lint", "--judge", "antropic", str(answer), "--no-save")
    assert typo.returncode == ExitCode.USAGE, typo.stderr
    assert typo.stderr.splitlines() == [
        "icraft: error: --judge: unknown provider 'antropic' (did you mean 'anthropic'?)"
    ]
    bogus = cli("lint", "--judge", "bogus", str(answer), "--no-save")
    assert bogus.returncode == ExitCode.USAGE, bogus.stderr
    assert bogus.stderr.splitlines() == [
        "icraft: error: --judge: unknown provider 'bogus' (choose one of: anthropic, openai, openai-compatible, offline)"
    ]


def _run_with_closed_stderr(args: list[str], *, stdout_too: bool) -> subprocess.CompletedProcess[bytes]:
    """Run icraft with stderr (and stdout when ``stdout_too``, as in ``2>&1 | head -1``)
    on a pipe whose reader is already gone, so the very first write fails: the same
    situation as ``head -1`` exiting, without the race of how much fits in the pipe."""
    r, w = os.pipe()
    os.close(r)
    try:
        return subprocess.run(
            [sys.executable, "-m", "icraft", *args],
            stdout=w if stdout_too else subprocess.DEVNULL, stderr=w, timeout=120, check=False,
            env={**os.environ, "COLUMNS": "120"},
        )
    finally:
        os.close(w)


@pytest.fixture
def mixed_dir(tmp_path: Path) -> Path:
    """Five files that cannot be linted (empty) and one answer that can."""
    d = tmp_path / "answers"
    d.mkdir()
    for i in range(5):
        (d / f"empty{i}.txt").write_text("\n")
    (d / "good.txt").write_text("I led the migration and we cut latency by 40 percent.\n")
    return d


def test_closed_stderr_and_stdout_like_head_exits_0(mixed_dir: Path) -> None:
    """`icraft lint dir 2>&1 | head -1` used to exit 1: Click turned the stderr write's
    broken pipe into exit 1. With the reader of the data gone too, the run ends quietly."""
    for extra in ([], ["-f", "json"]):
        r = _run_with_closed_stderr(["lint", str(mixed_dir), "--no-save", *extra], stdout_too=True)
        assert r.returncode == ExitCode.OK


def test_closed_stderr_alone_keeps_the_real_exit_code(mixed_dir: Path) -> None:
    """`icraft lint dir 2>&1 >report.txt | head -1`: the diagnostics' reader left, but the
    data was written and five files failed, so the exit code still says so (not 0, not 1)."""
    r = _run_with_closed_stderr(["lint", str(mixed_dir), "--no-save"], stdout_too=False)
    assert r.returncode == ExitCode.USAGE
    ok = _run_with_closed_stderr(["lint", str(mixed_dir / "good.txt"), "--no-save"], stdout_too=False)
    assert ok.returncode == ExitCode.OK


@pytest.mark.parametrize("args", [("config", "get", "llm.provider"), ("config", "path"), ("config", "show", "--json")])
def test_closed_stdout_exits_0_for_plain_lines_too(args: tuple[str, ...]) -> None:
    """`icraft config get KEY | true` exited 1: Click turns typer.echo's broken pipe into 1."""
    r, w = os.pipe()
    os.close(r)
    try:
        done = subprocess.run([sys.executable, "-m", "icraft", *args], stdout=w, stderr=subprocess.PIPE,
                              timeout=60, check=False)
    finally:
        os.close(w)
    assert done.returncode == ExitCode.OK and done.stderr == b""
