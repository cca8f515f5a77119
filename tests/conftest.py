"""Shared fixtures. Every test runs with ICRAFT_HOME in a fresh temp dir, so no test
touches the user's real data, config or keys, and no key from the environment leaks in."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# Real-shaped Deepgram, OpenAI, WebVTT and SRT transcripts kept in the repository (their
# README says how they were made): the suite never reads outside it.
TRANSCRIPT_FIXTURES = REPO / "tests" / "data" / "transcripts"

_SCRUB = (
    "ANTHROPIC_API_KEY",
    "OPENAI_API_KEY",
    "DEEPGRAM_API_KEY",
    "ELEVENLABS_API_KEY",
    "ICRAFT_DEBUG",
    "ICRAFT_CONFIG",
    "NO_COLOR",
)


@pytest.fixture(autouse=True, scope="session")
def usage_ledger():
    """Model calls go to the database's usage ledger, as in the CLI (which sets the usage sink
    when a command starts): tests that call providers or run an app in-process need it too."""
    from icraft.core import usage
    from icraft.store.usage import record_call

    previous = usage.set_sink(record_call)
    yield
    usage.set_sink(previous)


@pytest.fixture(autouse=True)
def icraft_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "icraft-home"
    monkeypatch.setenv("ICRAFT_HOME", str(home))
    for var in _SCRUB:
        monkeypatch.delenv(var, raising=False)
    for var in list(os.environ):
        if var.startswith("ICRAFT_") and var != "ICRAFT_HOME":
            monkeypatch.delenv(var, raising=False)
    return home


@pytest.fixture
def db(icraft_home: Path):
    from icraft.store import connect

    conn = connect()
    yield conn
    conn.close()


def _env(env: dict[str, str] | None) -> dict[str, str]:
    # A fixed width unless the test asks for one: pytest-xdist workers carry COLUMNS=80 while a
    # plain run has none, so a default width made the same test differ between CI and a dev run.
    return {"COLUMNS": "120", **(env or {})}


def run_process(*args: str, input: str | None = None, env: dict[str, str] | None = None, timeout: float = 60):
    """Run ``python -m icraft ARGS`` in a real subprocess, for what only a process shows: exit
    codes at the process boundary, signals, import-time behaviour (lazy imports, warnings),
    broken pipes, PYTHONPATH plug-ins, the entry point itself."""
    return subprocess.run(
        [sys.executable, "-m", "icraft", *args],
        input=input,
        capture_output=True,
        text=True,
        env={**os.environ, **_env(env)},
        timeout=timeout,
    )


def run_cli(*args: str, input: str | None = None, env: dict[str, str] | None = None, timeout: float | None = None):
    """Run an icraft command in this process, as ``run_process`` would in a subprocess (same
    arguments, a result with ``returncode``/``stdout``/``stderr``), in a few milliseconds.

    See tests/inprocess.py for what is captured and restored; ``timeout`` is accepted for
    symmetry with ``run_process`` (pytest-timeout guards in-process runs)."""
    from tests.inprocess import run_in_process

    return run_in_process(list(args), input=input, env=_env(env))


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def process():
    """``python -m icraft`` in a real subprocess (see ``run_process``); same call as ``cli``."""
    return run_process


@pytest.fixture
def fast_audio_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """``--audio-in`` recordings play as fast as the interview takes them, not at real time,
    in commands run in-process (the ``cli`` fixture). Only the waiting goes: the source is
    pulled frame by frame, and end of turn, barge-in and word timings are decided on the
    audio clock (icraft.voice.endpoint), not the wall clock; with the interviewer shown, not
    spoken, the recording is not read while the reply is computed (VoiceSession._monitor).
    Real-time pacing itself is tested on FileSource (tests/test_voice_audio.py)."""
    from functools import partial

    from icraft.voice import audio

    monkeypatch.setattr(audio, "open_source", partial(audio.open_source, speed=0))
    # Local speech-to-text runs an interim pass whenever STEP_MS of new audio has arrived;
    # fed at full speed, how much has arrived when its worker wakes depends on thread
    # timing, so the passes (and what they commit) varied under a loaded full run: a
    # question split in two, a filler's comma lost. Here only the passes the audio decides
    # run (at each pause the endpoint hears, and at the end of the turn), as they do
    # whatever the load. Interim passes are the real-time path's, tested at real time.
    from icraft.providers.stt import local as local_stt

    monkeypatch.setattr(local_stt, "STEP_MS", 10**9)


def sarif_regions(doc: dict, key: str = "charOffset"):
    """(result, location, region) of every SARIF location whose region has ``key``."""
    for r in doc["runs"][0]["results"]:
        for loc in r["locations"]:
            region = loc["physicalLocation"]["region"]
            if key in region:
                yield r, loc, region
