"""`icraft providers` says a local provider is ready only when what it runs on is
installed: faster-whisper (the local-stt extra) for speech-to-text, espeak-ng for
text-to-speech. Checked without importing them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent

# Runs the real CLI; modules named in BLOCK are unimportable, as when a package is not
# installed (None in sys.modules: `import` raises ImportError and find_spec returns None).
# On exit it reports which heavy speech modules were loaded.
RUNNER = """
import atexit, json, os, sys
for name in filter(None, os.environ.get("BLOCK", "").split(",")):
    sys.modules[name] = None
atexit.register(lambda: sys.stderr.write("\\nLOADED " + json.dumps(
    sorted(m for m in ("faster_whisper", "ctranslate2") if sys.modules.get(m) is not None))))
sys.argv = ["icraft", *sys.argv[1:]]
from icraft.cli.main import run
run()
"""


def _providers(*args: str, block: str = "", path: str | None = None) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    env = {**os.environ, "COLUMNS": "120", "BLOCK": block}
    if path is not None:
        env["PATH"] = path
    r = subprocess.run([sys.executable, "-c", RUNNER, "providers", *args], capture_output=True, text=True,
                       env=env, timeout=60)
    marker = r.stderr.rindex("LOADED ")
    return r, json.loads(r.stderr[marker + len("LOADED "):])


def _row(data: dict[str, Any], kind: str, pid: str) -> dict[str, Any]:
    return next(r for r in data["providers"] if r["kind"] == kind and r["id"] == pid)


def _local_stt_extra() -> str:
    """The pyproject extra that installs faster-whisper (so the hint cannot name a wrong one)."""
    extras = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    names = [n for n, deps in extras.items() if n != "test" and any(d.startswith("faster-whisper") for d in deps)]
    assert len(names) == 1, extras
    return names[0]


def test_local_stt_without_faster_whisper_is_not_ready_and_names_the_extra() -> None:
    extra = _local_stt_extra()
    r, loaded = _providers("--json", block="faster_whisper")
    assert r.returncode == 0, r.stderr
    row = _row(json.loads(r.stdout), "stt", "local")
    assert row["ready"] is False
    assert "faster-whisper" in row["status"]
    assert f"pip install 'icraft[{extra}]'" in row["hint"]
    assert loaded == []

    r, _ = _providers(block="faster_whisper")
    assert r.returncode == 0, r.stderr
    line = next(line for line in r.stdout.splitlines() if " local " in line and " stt " in line)
    assert "ready" not in line and "needs" in line, line
    # the hint line says which "local" it is about (the TTS one is ready)
    assert any(line.startswith(f"  local (stt): pip install 'icraft[{extra}]'") for line in r.stdout.splitlines())


def test_local_stt_is_ready_when_faster_whisper_is_installed_without_importing_it() -> None:
    r, loaded = _providers("--json")
    assert r.returncode == 0, r.stderr
    row = _row(json.loads(r.stdout), "stt", "local")
    assert row["ready"] is True and row["status"] == "ready" and row["hint"] is None
    assert loaded == []  # find_spec only: listing providers does not load CTranslate2


def test_local_stt_without_ctranslate2_is_not_ready() -> None:
    r, _ = _providers("--json", block="ctranslate2")
    assert r.returncode == 0, r.stderr
    assert _row(json.loads(r.stdout), "stt", "local")["ready"] is False


def test_local_tts_without_espeak_is_not_ready(tmp_path: Path) -> None:
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    r, _ = _providers("--json", path=str(empty_bin))  # no espeak-ng on PATH
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    row = _row(data, "tts", "local")
    assert row["ready"] is False and "espeak-ng" in row["status"] and "espeak-ng" in row["hint"]
    assert _row(data, "tts", "none")["ready"] is True
