"""User configuration: TOML in the user config dir, overridden by environment variables.

Every key is declared once in :data:`SETTINGS` with its type, default and help, so
``icraft config`` can validate values, show defaults and suggest the nearest key
for a typo. Environment override: ``ICRAFT_`` + the key upper-cased with dots as
underscores (``llm.provider`` -> ``ICRAFT_LLM_PROVIDER``).

API keys are never stored here (see ``icraft keys``).
"""

from __future__ import annotations

import difflib
import math
import os
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from icraft.core.errors import ConfigError
from icraft.fmt import number
from icraft.paths import config_path, write_private

# How a type is named in an error: "must be a whole number", never "must be a int".
_TYPE_NAMES = {int: "a whole number", float: "a number", bool: "true or false", str: "text", list: "a list"}


@dataclass(frozen=True)
class Setting:
    """One setting and every constraint on its value.

    The constraints (type, choices, ``min``/``max``) live only here: ``config set``
    checks them, values read from the file or the environment are checked against
    them on load, and code taking the same value from an option (``--minutes``)
    calls :meth:`check`, so the bounds are written once."""

    key: str
    type: type
    default: Any
    help: str
    # A tuple, or a function returning one when the list is owned elsewhere (imported lazily).
    choices: tuple[str, ...] | Callable[[], Sequence[str]] | None = None
    min: float | None = None
    max: float | None = None

    @property
    def env(self) -> str:
        return "ICRAFT_" + self.key.upper().replace(".", "_").replace("-", "_")

    @property
    def allowed(self) -> tuple[str, ...] | None:
        return tuple(self.choices()) if callable(self.choices) else self.choices

    def coerce(self, raw: Any) -> Any:
        """A string (CLI/env) or TOML value as this setting's type; ValueError says why not."""
        why = f"must be {_TYPE_NAMES[self.type]}"
        if self.type is bool:
            if isinstance(raw, bool):
                return raw
            if str(raw).lower() in ("1", "true", "yes", "on"):
                return True
            if str(raw).lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError(why)
        if self.type is list:
            return list(raw) if isinstance(raw, list) else [p.strip() for p in str(raw).split(",") if p.strip()]
        if isinstance(raw, (bool, list, dict)) or (self.type is int and isinstance(raw, float) and not raw.is_integer()):
            raise ValueError(why)  # TOML true is not a number; 30.0 is a whole number, 30.5 is not
        try:
            value = self.type(int(raw) if self.type is int and isinstance(raw, float) else raw)
        except (TypeError, ValueError, OverflowError):
            raise ValueError(why) from None
        if self.type is float and not math.isfinite(value):
            raise ValueError("must be a finite number")
        return value

    def problem(self, value: Any) -> str | None:
        """Why a value of the right type is not allowed ("must be between 1 and 240"), or None."""
        allowed = self.allowed
        if allowed and value not in allowed:
            return f"must be one of {', '.join(allowed)}"
        too_low = self.min is not None and value < self.min
        too_high = self.max is not None and value > self.max
        if too_low or too_high:
            if self.min is not None and self.max is not None:
                return f"must be between {number(self.min)} and {number(self.max)}"
            return f"must be at least {number(self.min)}" if too_low else f"must be at most {number(self.max)}"
        return None

    def judge(self, raw: Any) -> tuple[Any, str | None]:
        """(value, None) for an allowed value, else (raw, why not)."""
        digits = raw.strip().lstrip("+-") if isinstance(raw, str) else ""
        if self.type is int and len(digits) > 30 and digits.isdigit():
            # int() refuses 4,300+ digits; a number this long is out of every range anyway
            huge = -(10**30) if raw.strip().startswith("-") else 10**30
            return raw, self.problem(huge) or f"must be {_TYPE_NAMES[int]}"
        try:
            value = self.coerce(raw)
        except ValueError as e:
            return raw, str(e)
        why = self.problem(value)
        return (raw, why) if why else (value, None)

    def check(self, value: Any, *, name: str | None = None) -> Any:
        """``value`` if allowed, else a ConfigError naming ``name`` (default: the key).

        For code that takes the same value from an option: ``setting("interview.minutes")
        .check(minutes, name="--minutes")``."""
        why = self.problem(value)
        if why:
            raise ConfigError(f"{name or self.key} {why}, not {_shown(value)}")
        return value

    def parse(self, raw: Any) -> Any:
        """Coerce a string (CLI/env) or TOML value to this setting's type and check it."""
        value, why = self.judge(raw)
        if why:
            raise ConfigError(f"{self.key} {why}, not {_shown(raw)}")
        return value

    def describe(self) -> str | None:
        """The allowed values in a few words, for `config show`; None when any value of
        the type will do."""
        allowed = self.allowed
        if allowed:
            return "one of " + ", ".join(allowed)
        if self.min is not None and self.max is not None:
            return f"{number(self.min)} to {number(self.max)}"
        return None


def _shown(value: Any) -> str:
    """A bad value as the user wrote it, kept short for a one-line error: numbers bare
    (a long one clipped: no 300-digit lines), other text quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return number(value)
    if isinstance(value, str):
        text = value.strip()
        try:
            float(text)
            return number(text)
        except ValueError:
            pass
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


SETTINGS: dict[str, Setting] = {}
# Pairs (lower, upper) of settings whose values must keep that order.
ORDERED: list[tuple[str, str]] = []


def register(
    key: str,
    type_: type,
    default: Any,
    help: str,
    choices: tuple[str, ...] | Callable[[], Sequence[str]] | None = None,
    *,
    min: float | None = None,
    max: float | None = None,
) -> None:
    SETTINGS[key] = Setting(key, type_, default, help, choices, min, max)


def register_order(lower: str, upper: str) -> None:
    """``lower``'s value must not exceed ``upper``'s (checked on set and on load)."""
    ORDERED.append((lower, upper))


def _interview_choices(name: str) -> Callable[[], Sequence[str]]:
    """The content layer's list (``ROLES``, ``LEVELS``...: the ones the bank and the
    interview check), read when a value is checked."""

    def choices() -> Sequence[str]:
        from icraft.content import bank

        return getattr(bank, name)  # type: ignore[no-any-return]

    return choices


# Declared here so `icraft config` knows every key without importing every module.
register("llm.provider", str, "offline", "LLM provider for the interviewer, judge and diff")
register("llm.model", str, "", "model name for the LLM provider (empty: the provider's default)")
register("llm.fallback", list, ["offline"], "providers to fall back to, in order, when the LLM fails")
register("llm.timeout", float, 30.0, "seconds before an LLM call times out", min=1, max=600)
register("llm.base_url", str, "", "base URL of an openai-compatible server (Ollama, vLLM, LM Studio)")
register("llm.key_name", str, "openai-compatible", "stored key name used with llm.base_url")
register("stt.provider", str, "local", "speech-to-text: deepgram, openai, local")
register("stt.local_model", str, "tiny.en", "faster-whisper model name or path for local STT")
register("tts.provider", str, "local", "text-to-speech: elevenlabs, openai, deepgram, local, none")
register("tts.fallback", list, ["local", "none"], "text-to-speech fallback chain")
register("tts.voice", str, "", "voice for the text-to-speech provider (empty: its default)")
register("tts.timeout", float, 4.0, "seconds without audio before text-to-speech falls back to the next provider",
         min=0.5, max=60)
register("voice.input_device", str, "", "microphone name (see `icraft devices`); empty: system default")
register("voice.min_silence_ms", int, 700, "silence that ends a short, finished answer", min=100, max=5000)
register("voice.max_silence_ms", int, 2500, "longest silence budget for long or unfinished answers", min=100,
         max=10000)
register_order("voice.min_silence_ms", "voice.max_silence_ms")
register("voice.vad", str, "auto", "voice activity detector; auto: Silero VAD when installed, else energy",
         ("auto", "silero", "energy"))
register("interview.minutes", int, 30, "default interview length in minutes", min=1, max=240)
register("interview.role", str, "backend", "default role", _interview_choices("ROLES"))
register("interview.level", str, "mid", "default level", _interview_choices("LEVELS"))
register("interview.type", str, "mixed", "default interview type", _interview_choices("INTERVIEW_CHOICES"))
register("lint.fail_under", int, 0, "default --fail-under for icraft lint (0: never fail)", min=0, max=100)
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


class Config(dict[str, Any]):
    """The effective settings. Reading a setting whose file or environment value is
    invalid raises that value's one-line error (naming the fix), so a bad value stops
    the commands that use it, with a message about it, and no others."""

    def __init__(self, values: dict[str, Any], invalid: dict[str, ConfigError]) -> None:
        super().__init__(values)
        self.invalid = invalid

    def __getitem__(self, key: str) -> Any:
        if key in self.invalid:
            raise self.invalid[key]
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        return self[key] if key in self else default  # noqa: SIM401 (dict.get would skip the check)


def _unset_hint(key: str) -> str:
    return f"run `icraft config unset {key}` to use the default, {format_value(SETTINGS[key].default)}"


def format_value(value: Any) -> str:
    """A value as `config get` prints it and `config set` accepts it back."""
    if isinstance(value, list):
        return ",".join(map(str, value)) or '""'
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value) if value != "" else '""'


def resolve() -> tuple[dict[str, Any], dict[str, ConfigError]]:
    """(values, invalid): defaults < config file < environment, with every value
    checked against its setting's constraints. An invalid value keeps the default in
    ``values`` and its error, which says where it was set and how to fix it, in
    ``invalid`` (`config show` lists them; :func:`load` raises them on use)."""
    values = {k: s.default for k, s in SETTINGS.items()}
    invalid: dict[str, ConfigError] = {}
    for k, v in read_file().items():
        s = SETTINGS.get(k)
        if s is None:  # unknown keys in the file are ignored here, flagged by `config show`
            continue
        value, why = s.judge(v)
        if why:
            invalid[k] = ConfigError(f"the config file sets {k} = {_shown(v)}, but it {why}", _unset_hint(k))
        else:
            values[k] = value
    for k, s in SETTINGS.items():
        if s.env in os.environ:
            value, why = s.judge(os.environ[s.env])
            if why:
                invalid[k] = ConfigError(
                    f"{s.env}={_shown(value)}, but {k} {why}", f"fix or unset {s.env}; it overrides the config file"
                )
            else:
                values[k] = value
                invalid.pop(k, None)
    for lower, upper in ORDERED:
        if lower in invalid or upper in invalid or values[lower] <= values[upper]:
            continue
        where = {k: SETTINGS[k].env if SETTINGS[k].env in os.environ else k for k in (lower, upper)}
        fix = f"unset {where[lower]}" if where[lower] != lower else f"`icraft config unset {lower}`"
        e = ConfigError(
            f"{lower} ({number(values[lower])}) must not be more than {upper} ({number(values[upper])})",
            f"change {where[lower]} or {where[upper]}, e.g. {fix}",
        )
        invalid[lower] = invalid[upper] = e
    return values, invalid


def load() -> Config:
    """Effective configuration: defaults < config file < environment (see :class:`Config`)."""
    return Config(*resolve())


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
    """Check ``raw`` against the setting's constraints (and its order with a paired
    setting's effective value), then store it. Nothing is written when it fails."""
    value = setting(key).parse(raw)
    values, invalid = resolve()
    for lower, upper in ORDERED:
        if key == lower and upper not in invalid and value > values[upper]:
            raise ConfigError(
                f"{key} must not be more than {upper} ({number(values[upper])}), not {number(value)}",
                f"raise {upper} first: `icraft config set {upper} {number(value)}`",
            )
        if key == upper and lower not in invalid and value < values[lower]:
            raise ConfigError(
                f"{key} must not be less than {lower} ({number(values[lower])}), not {number(value)}",
                f"lower {lower} first: `icraft config set {lower} {number(value)}`",
            )
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


__all__ = [
    "ORDERED", "SETTINGS", "Config", "Setting", "format_value", "get", "load", "origin", "register",
    "register_order", "resolve", "set_value", "setting", "unset",
]
