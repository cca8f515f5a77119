"""Shared fixtures. Every test runs with ICRAFT_HOME in a fresh temp dir, so no test
touches the user's real data, config or keys, and no key from the environment leaks in."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# Copies of ../shared/fixtures/transcripts (real-shaped Deepgram, OpenAI, WebVTT and SRT
# transcripts): the suite never reads outside the repository.
SHARED_FIXTURES = REPO / "tests" / "data" / "transcripts"

_SCRUB = (
    "ANTHROPIC_API_KEY",
    "OPENAI_API_KEY",
    "DEEPGRAM_API_KEY",
    "ELEVENLABS_API_KEY",
    "ICRAFT_DEBUG",
    "ICRAFT_CONFIG",
    "NO_COLOR",
)


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


def run_cli(*args: str, input: str | None = None, env: dict[str, str] | None = None, timeout: float = 60):
    """Run the real `icraft` entry point in a subprocess (as a user would)."""
    # A fixed width unless the test asks for one: pytest-xdist workers carry COLUMNS=80 while a
    # plain run has none, so a default width made the same test differ between CI and a dev run.
    full_env = {**os.environ, "COLUMNS": "120"}
    if env:
        full_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "icraft", *args],
        input=input,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
    )


@pytest.fixture
def cli():
    return run_cli
