"""Config: TOML file, env overrides, validation, did-you-mean, CLI."""

from __future__ import annotations

import os
import stat

import pytest

from icraft import config
from icraft.core.errors import ConfigError
from icraft.paths import config_path


def test_defaults_file_and_env_precedence(monkeypatch: pytest.MonkeyPatch) -> None:
    assert config.get("interview.minutes") == 30
    config.set_value("interview.minutes", "45")
    assert config.get("interview.minutes") == 45 and config.origin("interview.minutes") == "file"
    monkeypatch.setenv("ICRAFT_INTERVIEW_MINUTES", "20")
    assert config.get("interview.minutes") == 20 and config.origin("interview.minutes").startswith("env")
    assert stat.S_IMODE(os.stat(config_path()).st_mode) == 0o600


def test_types_choices_and_lists() -> None:
    assert config.set_value("lint.save", "no") is False
    assert config.set_value("llm.fallback", "openai, offline") == ["openai", "offline"]
    with pytest.raises(ConfigError, match="must be a int"):
        config.set_value("interview.minutes", "lots")
    with pytest.raises(ConfigError, match="one of"):
        config.set_value("interview.level", "wizard")


def test_unknown_key_suggests() -> None:
    with pytest.raises(ConfigError) as e:
        config.get("llm.provdier")
    assert "llm.provider" in str(e.value)


def test_broken_toml_is_a_clear_error() -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[llm\nprovider = ")
    with pytest.raises(ConfigError, match="not valid TOML"):
        config.load()


def test_config_cli(cli) -> None:
    r = cli("config", "set", "interview.role", "sre")
    assert r.returncode == 0, r.stderr
    assert cli("config", "get", "interview.role").stdout.strip() == "sre"
    r = cli("config", "get", "interview.rol")
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0 and "did you mean 'interview.role'" in r.stderr
    import json

    data = json.loads(cli("config", "show", "--json").stdout)
    row = next(s for s in data["settings"] if s["key"] == "interview.role")
    assert row["value"] == "sre" and row["origin"] == "file"
    r = cli("config", "unset", "interview.role")
    assert cli("config", "get", "interview.role").stdout.strip() == "backend"


def test_config_set_rejects_an_unknown_provider_with_the_nearest_id(cli) -> None:
    """A typo used to be stored and only surfaced later as a fallback notice mid-session."""
    for args, message in (
        (("llm.provider", "anthropc"), "unknown provider 'anthropc' (did you mean 'anthropic'?)"),
        (("llm.fallback", "openai,nonsense"), "unknown provider 'nonsense'"),
        (("stt.provider", "deepgramm"), "did you mean 'deepgram'?"),
    ):
        r = cli("config", "set", *args)
        assert r.returncode == 2, r.stderr
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("icraft: error: " + args[0]) and message in lines[0]
    assert cli("config", "get", "llm.provider").stdout.strip() == "offline"  # nothing stored
    for args in (("llm.provider", "openai:gpt-4o"), ("tts.fallback", "local,none")):
        ok = cli("config", "set", *args)
        assert ok.returncode == 0, ok.stderr
    assert cli("config", "get", "llm.provider").stdout.strip() == "openai:gpt-4o"
