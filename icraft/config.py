"""User configuration: TOML in the user config dir, overridden by environment variables.

Every key is declared once in :data:`SETTINGS` with its type, default and help, so
``icraft config`` can validate values, show defaults and suggest the nearest key
for a typo. Environment override: ``ICRAFT_`` + the key upper-cased with dots as
underscores (``llm.provider`` -> ``ICRAFT_LLM_PROVIDER``).

API keys are never stored here (see ``icraft keys``).
"""

from __future__ import annotations

import difflib
import os
import tomllib
from dataclasses import dataclass
from typing import Any

from icraft.core.errors import ConfigError
from icraft.paths import config_path, write_private


@dataclass(frozen=True)
class Setting:
    key: str
    type: type
    default: Any
    help: str
    choices: tuple[str, ...] | None = None

    @property
    def env(self) -> str:
        return "ICRAFT_" + self.key.upper().replace(".", "_").replace("-", "_")

    def parse(self, raw: Any) -> Any:
        """Coerce a string (CLI/env) or TOML value to this setting's type."""
        try:
            if self.type is bool:
                if isinstance(raw, bool):
                    value: Any = raw
                elif str(raw).lower() in ("1", "true", "yes", "on"):
                    value = True
                elif str(raw).lower() in ("0", "false", "no", "off"):
                    value = False
                else:
                    raise ValueError(raw)
            elif self.type is list:
                value = list(raw) if isinstance(raw, list) else [p.strip() for p in str(raw).split(",") if p.strip()]
            else:
                value = self.type(raw)
        except (TypeError, ValueError):
            raise ConfigError(
                f"{self.key} must be a {self.type.__name__}, not {raw!r}",
                f"see `icraft config show` for the current value",
            ) from None
        if self.choices and value not in self.choices:
            raise ConfigError(f"{self.key} must be one of {', '.join(self.choices)}, not {value!r}")
        return value


SETTINGS: dict[str, Setting] = {}


def register(key: str, type_: type, default: Any, help: str, choices: tuple[str, ...] | None = None) -> None:
    SETTINGS[key] = Setting(key, type_, default, help, choices)


# Declared here so `icraft config` knows every key without importing every module.
register("llm.provider", str, "offline", "LLM provider for the interviewer, judge and diff")
register("llm.model", str, "", "model name for the LLM provider (empty: the provider's default)")
register("llm.fallback", list, ["offline"], "providers to fall back to, in order, when the LLM fails")
register("llm.timeout", float, 30.0, "seconds before an LLM call times out")
register("llm.base_url", str, "", "base URL of an openai-compatible server (Ollama, vLLM, LM Studio)")
register("llm.key_name", str, "openai-compatible", "stored key name used with llm.base_url")
register("stt.provider", str, "local", "speech-to-text: deepgram, openai, local")
register("stt.local_model", str, "tiny.en", "faster-whisper model name or path for local STT")
register("tts.provider", str, "local", "text-to-speech: elevenlabs, openai, deepgram, local, none")
register("tts.fallback", list, ["local", "none"], "text-to-speech fallback chain")
register("tts.voice", str, "", "voice for the text-to-speech provider (empty: its default)")
register("tts.timeout", float, 4.0, "seconds without audio before text-to-speech falls back to the next provider")
register("voice.input_device", str, "", "microphone name (see `icraft devices`); empty: system default")
register("voice.min_silence_ms", int, 700, "silence that ends a short, finished answer")
register("voice.max_silence_ms", int, 2500, "longest silence budget for long or unfinished answers")
register("interview.minutes", int, 30, "default interview length")
register("interview.role", str, "backend", "default role")
register("interview.level", str, "mid", "default level", ("junior", "mid", "senior", "staff"))
register("interview.type", str, "mixed", "default interview type")
register("lint.fail_under", int, 0, "default --fail-under for icraft lint (0: never fail)")
register("lint.save", bool, True, "store lint results (and update skills) unless --no-save")
register("ui.color", bool, True, "colour output (NO_COLOR in the environment always wins)")


def _suggest(key: str) -> str | None:
    match = difflib.get_close_matches(key, SETTINGS, n=1, cutoff=0.5)
    return f"did you mean '{match[0]}'?" if match else "run `icraft config show` to list the keys"


def setting(key: str) -> Setting:
    try:
        return SETTINGS[key]
    except KeyError:
        raise ConfigError(f"unknown config key '{key}'", _suggest(key)) from None


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in data.items():
        full = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(_flatten(v, full + "."))
        else:
            out[full] = v
    return out


def read_file() -> dict[str, Any]:
    """The settings stored in the config file, flattened to dotted keys."""
    path = config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as e:
        raise ConfigError(f"cannot read config file {path}: {e.strerror}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"config file {path} is not valid TOML: {e}", "fix it or run `icraft config path`") from None
    return _flatten(data)


def load() -> dict[str, Any]:
    """Effective configuration: defaults < config file < environment."""
    values = {k: s.default for k, s in SETTINGS.items()}
    for k, v in read_file().items():
        if k in SETTINGS:  # unknown keys in the file are ignored here, flagged by `config show`
            values[k] = SETTINGS[k].parse(v)
    for k, s in SETTINGS.items():
        if s.env in os.environ:
            values[k] = s.parse(os.environ[s.env])
    return values


def get(key: str) -> Any:
    setting(key)
    return load()[key]


def origin(key: str) -> str:
    """Where the effective value of ``key`` comes from: env, file or default."""
    s = setting(key)
    if s.env in os.environ:
        return f"env {s.env}"
    if key in read_file():
        return "file"
    return "default"


def _unflatten(flat: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in sorted(flat.items()):
        node = out
        *parents, leaf = k.split(".")
        for p in parents:
            node = node.setdefault(p, {})
        node[leaf] = v
    return out


def _write(flat: dict[str, Any]) -> None:
    import tomli_w

    write_private(config_path(), tomli_w.dumps(_unflatten(flat)).encode("utf-8"))


def set_value(key: str, raw: str) -> Any:
    value = setting(key).parse(raw)
    flat = read_file()
    flat[key] = value
    _write(flat)
    return value


def unset(key: str) -> None:
    setting(key)
    flat = read_file()
    if flat.pop(key, None) is not None:
        _write(flat)


def unknown_keys() -> list[str]:
    return [k for k in read_file() if k not in SETTINGS]


__all__ = ["SETTINGS", "Setting", "get", "load", "origin", "register", "set_value", "setting", "unset"]
