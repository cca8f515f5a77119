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
    with pytest.raises(ConfigError, match="interview.minutes must be a whole number, not 'lots'$"):
        config.set_value("interview.minutes", "lots")
    with pytest.raises(ConfigError, match="llm.timeout must be a number, not 'soon'$"):
        config.set_value("llm.timeout", "soon")
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


def test_config_get_and_path_print_json(cli) -> None:
    """README: `--json` on every command that prints data; `config get` and `config path` too."""
    import json

    assert json.loads(cli("config", "path", "--json").stdout) == {"path": str(config_path()), "exists": False}
    assert cli("config", "set", "interview.role", "sre").returncode == 0
    assert json.loads(cli("config", "path", "-f", "json").stdout)["exists"] is True
    got = json.loads(cli("config", "get", "interview.role", "--json").stdout)
    assert got == {"key": "interview.role", "value": "sre", "origin": "file"}
    got = json.loads(cli("config", "get", "llm.fallback", "--json", env={"ICRAFT_LLM_FALLBACK": "openai,offline"}).stdout)
    assert got["value"] == ["openai", "offline"] and got["origin"].startswith("env")
    assert cli("config", "path").stdout.strip() == str(config_path())  # the plain forms are unchanged
    assert cli("config", "get", "interview.role").stdout.strip() == "sre"


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


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("interview.minutes", "100000", "interview.minutes must be between 1 and 240, not 100000"),
        ("interview.minutes", "0", "interview.minutes must be between 1 and 240, not 0"),
        ("interview.minutes", "30.5", "interview.minutes must be a whole number, not 30.5"),
        ("interview.minutes", "1" + "0" * 300, "interview.minutes must be between 1 and 240, not 1.00e+300"),
        ("interview.minutes", "9" * 5000, "interview.minutes must be between 1 and 240, not 9.99e+4999"),
        ("llm.timeout", "0", "llm.timeout must be between 1 and 600, not 0"),
        ("llm.timeout", "nan", "llm.timeout must be a finite number, not nan"),
        ("tts.timeout", "-1", "tts.timeout must be between 0.5 and 60, not -1"),
        ("voice.min_silence_ms", "50", "voice.min_silence_ms must be between 100 and 5000, not 50"),
        ("lint.fail_under", "101", "lint.fail_under must be between 0 and 100, not 101"),
        ("interview.role", "wizard", "interview.role must be one of backend, frontend"),
        ("interview.type", "quiz", "interview.type must be one of behavioral, technical"),
    ],
    ids=lambda v: v if len(v) < 40 else f"{len(v)}-chars",
)
def test_set_checks_the_settings_constraints_and_stores_nothing_bad(key: str, value: str, message: str) -> None:
    """`config set interview.minutes 100000` used to succeed and break the next interview."""
    with pytest.raises(ConfigError) as e:
        config.set_value(key, value)
    assert str(e.value).startswith(message) and "\n" not in str(e.value)
    assert not config_path().exists()


def test_min_silence_may_not_exceed_max_silence_either_way() -> None:
    with pytest.raises(ConfigError, match=r"voice.min_silence_ms must not be more than voice.max_silence_ms "
                       r"\(2500\), not 5000 \(raise voice.max_silence_ms first: `icraft config set "
                       r"voice.max_silence_ms 5000`\)"):
        config.set_value("voice.min_silence_ms", "5000")
    with pytest.raises(ConfigError, match=r"voice.max_silence_ms must not be less than voice.min_silence_ms \(700\)"):
        config.set_value("voice.max_silence_ms", "500")
    config.set_value("voice.max_silence_ms", "6000")
    assert config.set_value("voice.min_silence_ms", "5000") == 5000  # in that order it works
    assert (config.get("voice.min_silence_ms"), config.get("voice.max_silence_ms")) == (5000, 6000)


def test_choices_and_bounds_come_from_one_place() -> None:
    """The interview's roles/types/levels are the engine's own lists, not copies; `check`
    is what code taking the same value from an option calls."""
    from icraft.interview import selection

    assert config.setting("interview.role").allowed == selection.ROLES
    assert config.setting("interview.type").allowed == selection.INTERVIEW_TYPES
    assert config.setting("interview.level").allowed == selection.LEVELS
    minutes = config.setting("interview.minutes")
    assert minutes.check(240, name="--minutes") == 240
    with pytest.raises(ConfigError, match="^--minutes must be between 1 and 240, not 241$"):
        minutes.check(241, name="--minutes")


def _write_config(text: str) -> None:
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text(text)


def test_a_bad_value_in_the_file_or_environment_fails_where_it_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    _write_config("[interview]\nminutes = 100000\nlevel = true\n[voice]\nmin_silence_ms = 3000\n")
    cfg = config.load()
    assert cfg["interview.role"] == "backend"  # the good settings still read
    with pytest.raises(ConfigError) as e:
        cfg["interview.minutes"]
    assert str(e.value) == (
        "the config file sets interview.minutes = 100000, but it must be between 1 and 240 "
        "(run `icraft config unset interview.minutes` to use the default, 30)"
    )
    with pytest.raises(ConfigError, match="interview.level = true, but it must be text"):
        config.get("interview.level")
    with pytest.raises(ConfigError, match=r"voice.min_silence_ms \(3000\) must not be more than voice.max_silence_ms"):
        config.get("voice.max_silence_ms")
    monkeypatch.setenv("ICRAFT_INTERVIEW_MINUTES", "20")  # the environment wins over the bad file value
    assert config.get("interview.minutes") == 20
    monkeypatch.setenv("ICRAFT_LLM_TIMEOUT", "0")
    with pytest.raises(ConfigError, match=r"^ICRAFT_LLM_TIMEOUT=0, but llm.timeout must be between 1 and 600 "
                       r"\(fix or unset ICRAFT_LLM_TIMEOUT"):
        config.get("llm.timeout")


def test_interview_with_a_bad_stored_minutes_names_the_setting_not_an_option(cli) -> None:
    """The reviewer's case: the user never passed --minutes, so the error must not say --minutes."""
    assert cli("config", "set", "interview.minutes", "100000").returncode == 2
    _write_config("[interview]\nminutes = 100000\n")  # as if edited by hand
    r = cli("interview", "--seed", "1")
    assert r.returncode == 2, r.stderr
    assert r.stderr.splitlines() == [
        (
            "icraft: error: the config file sets interview.minutes = 100000, but it must be between 1 and 240 "
            "(run `icraft config unset interview.minutes` to use the default, 30)"
        )
    ]
    show = cli("config", "show")  # still lists everything, the bad value marked
    assert show.returncode == 0 and "100000 (invalid)" in show.stdout
    assert "warning: the config file sets interview.minutes = 100000" in show.stderr
    import json

    rows = {r["key"]: r for r in json.loads(cli("config", "show", "--json").stdout)["settings"]}
    assert rows["interview.minutes"]["value"] == 100000 and "between 1 and 240" in rows["interview.minutes"]["error"]
    assert rows["interview.minutes"]["allowed"] == "1 to 240" and rows["llm.model"]["allowed"] is None
    assert cli("config", "unset", "interview.minutes").returncode == 0
    assert cli("config", "get", "interview.minutes").stdout.strip() == "30"


def test_config_set_takes_a_negative_value_as_a_value(cli) -> None:
    r = cli("config", "set", "interview.minutes", "-5")
    assert r.returncode == 2 and r.stderr.strip() == "icraft: error: interview.minutes must be between 1 and 240, not -5"


def test_an_ordering_error_from_the_environment_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ICRAFT_VOICE_MIN_SILENCE_MS", "5000")
    with pytest.raises(ConfigError) as e:
        config.get("voice.min_silence_ms")
    assert str(e.value) == (
        "voice.min_silence_ms (5000) must not be more than voice.max_silence_ms (2500) "
        "(change ICRAFT_VOICE_MIN_SILENCE_MS or voice.max_silence_ms, e.g. unset ICRAFT_VOICE_MIN_SILENCE_MS)"
    )
