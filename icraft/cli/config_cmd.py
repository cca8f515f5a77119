"""`icraft config show|get|set|unset|path`."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from icraft.cli.options import JsonFlag, JsonFormat, wants_json

config_app = typer.Typer(
    help="Show and change settings (TOML in your config dir; ICRAFT_* environment variables override).",
    no_args_is_help=True,
)

KeyArg = Annotated[str, typer.Argument(help="Dotted key, e.g. llm.provider (see `icraft config show`).")]


@config_app.command("show")
def show(json_out: JsonFlag = False, fmt: JsonFormat = None) -> None:
    """Every setting: its value, where it comes from and what it allows.

    An invalid value (a hand-edited file, an ICRAFT_* variable) is shown as it was set, marked invalid, with how to fix it.
    """
    from icraft import config

    json_out = wants_json(json_out, fmt)
    values, invalid = config.resolve()
    raw = config.read_file()
    rows = []
    for k, s in config.SETTINGS.items():
        origin = config.origin(k)
        bad = invalid.get(k)
        shown = values[k]
        if bad is not None:
            shown = os.environ[s.env] if origin.startswith("env") else raw.get(k, values[k])
        rows.append({
            "key": k, "value": shown, "origin": origin, "help": s.help, "env": s.env, "allowed": s.describe(),
            "error": str(bad) if bad is not None else None,
        })
    unknown = config.unknown_keys()
    if json_out:
        from icraft.cli.output import print_json

        print_json({"path": str(config.config_path()), "settings": rows, "unknown_keys": unknown})
        return
    from rich.markup import escape

    from icraft.cli.output import Col, notice, print_table

    cols = [Col("key"), Col("value", wrap=True, min_width=12), Col("from", style="dim"),
            Col("what it does", style="dim", wrap=True, min_width=20)]
    print_table(f"icraft settings ({config.config_path()})", cols, [
        [r["key"], escape(config.format_value(r["value"]) + (" (invalid)" if r["error"] else "")), escape(r["origin"]),
         escape(r["help"] + (f" ({r['allowed']})" if r["allowed"] else ""))] for r in rows])
    for k in unknown:
        notice(f"warning: unknown key '{k}' in the config file is ignored ({config._suggest(k)})")
    for message in dict.fromkeys(r["error"] for r in rows if r["error"]):
        notice(f"warning: {message}")


@config_app.command("get")
def get(key: KeyArg, json_out: JsonFlag = False, fmt: JsonFormat = None) -> None:
    """Print one setting's effective value.

    With --json: its key, value and where it comes from (file, environment or default).
    """
    from icraft import config

    value = config.get(key)
    if wants_json(json_out, fmt):
        from icraft.cli.output import print_json

        print_json({"key": key, "value": value, "origin": config.origin(key)})
        return
    from icraft.cli.output import echo

    echo(config.format_value(value))


# ignore_unknown_options: a negative value (`set x -5`) is a value, not an unknown option.
@config_app.command("set", context_settings={"ignore_unknown_options": True})
def set_(key: KeyArg, value: Annotated[str, typer.Argument(help="New value (lists: comma-separated).")]) -> None:
    """Store a setting in the config file.

    The value is checked first: its type, its choices, and for provider settings that the provider exists. Lists are comma-separated.

    \b
    Examples:
      icraft config set llm.provider anthropic
      icraft config set llm.fallback openai,offline
      icraft config set interview.level senior
    """
    from icraft import config
    from icraft.cli.output import notice

    _check_provider_ids(key, config.setting(key).parse(value))
    stored = config.set_value(key, value)
    notice(f"{key} = {config.format_value(stored)}")
    s = config.setting(key)
    if s.env in os.environ:
        notice(f"note: {s.env} is set in the environment and overrides this value")


# Settings whose values name providers, and the registry kind they are looked up in.
PROVIDER_SETTINGS = {
    "llm.provider": "llm", "llm.fallback": "llm", "stt.provider": "stt", "tts.provider": "tts", "tts.fallback": "tts",
}


def _check_provider_ids(key: str, value: object) -> None:
    """A typo in a provider name is caught when it is set (with the nearest id), not at the
    next interview, where it would only show as a fallback notice."""
    kind = PROVIDER_SETTINGS.get(key)
    if kind is None:
        return
    from icraft.core.errors import ConfigError
    from icraft.providers import ProviderUnavailable
    from icraft.providers.registry import get_spec

    for name in value if isinstance(value, list) else [value]:
        try:
            get_spec(str(name), kind)
        except ProviderUnavailable as e:
            raise ConfigError(f"{key}: {e.message}", e.hint) from None


@config_app.command("unset")
def unset(key: KeyArg) -> None:
    """Remove a setting from the config file (back to its default)."""
    from icraft import config

    config.unset(key)


@config_app.command("path")
def path(json_out: JsonFlag = False, fmt: JsonFormat = None) -> None:
    """Print the config file's path.

    With --json: the path and whether the file exists yet.
    """
    from icraft.paths import config_path

    where = config_path()
    if wants_json(json_out, fmt):
        from icraft.cli.output import print_json

        print_json({"path": str(where), "exists": where.is_file()})
        return
    from icraft.cli.output import echo

    echo(str(where))


def register(app: typer.Typer) -> None:
    app.add_typer(
        config_app, name="config", short_help="Show and change settings (config file, ICRAFT_* variables)."
    )
