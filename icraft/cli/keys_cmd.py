"""`icraft keys set|list|remove`: API keys, stored encrypted, never shown."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from icraft.cli.options import JsonFlag, JsonFormat, wants_json

keys_app = typer.Typer(
    help=(
        "Store API keys for providers (anthropic, openai, deepgram, elevenlabs, or the name in "
        "llm.key_name). Keys go to the OS keyring, or an encrypted owner-only file when there is "
        "none; they are never printed. Environment variables (ANTHROPIC_API_KEY...) also work."
    ),
    no_args_is_help=True,
)

NameArg = Annotated[str, typer.Argument(help="Key name, e.g. anthropic, openai, deepgram, elevenlabs.")]


@keys_app.command("set", short_help="Store a key (hidden input; scripts pipe it on stdin).")
def set_(name: NameArg) -> None:
    """Store a key (hidden input in a terminal; scripts pipe it on stdin).

    The key goes to the OS keyring, or the encrypted owner-only key file when there is none; it is never printed.

    \b
    Examples:
      icraft keys set anthropic
      printf %s "$KEY" | icraft keys set openai
    """
    from icraft.core.errors import InputError
    from icraft.providers import keys

    keys.check_name(name)
    if sys.stdin.isatty():
        value = typer.prompt(f"Key for {name}", hide_input=True, show_default=False)
    else:
        line = sys.stdin.readline()
        if not line.strip():
            raise InputError("no key on stdin", f"pipe the key in, or run `icraft keys set {name}` in a terminal")
        value = line
    where = keys.set_key(name, value)
    typer.echo(f"stored key '{name}' in the {'OS keyring' if where == 'keyring' else 'encrypted key file'}", err=True)


@keys_app.command("list", short_help="Key names and where each comes from; never the value.")
def list_(json_out: JsonFlag = False, fmt: JsonFormat = None) -> None:
    """Key names and where each comes from (keyring, file, environment); never the value."""
    from icraft.providers import keys

    json_out = wants_json(json_out, fmt)
    found = keys.list_keys(_configured_key_names())
    if json_out:
        from icraft.cli.output import print_json

        print_json({"store": keys.store_name(), "keys": [k.to_dict() for k in found]})
        return
    from icraft.cli.output import Col, console, print_table

    if not found:
        console().print(f"no keys (they would be stored in: {keys.store_name()}); `icraft keys set anthropic`")
        return
    cols = [Col("name"), Col("from"), Col("value", drop=1), Col("fingerprint"), Col("environment variable")]
    print_table(f"API keys (new keys go to: {keys.store_name()})", cols,
                [[k.name, k.source, "********", k.fingerprint, k.env_var] for k in found])


@keys_app.command("remove", short_help="Forget a stored key (an environment variable still applies).")
def remove(name: NameArg) -> None:
    """Forget a stored key (an environment variable, if set, still applies)."""
    from icraft.core.errors import NotFoundError
    from icraft.providers import keys

    if not keys.remove_key(name):
        raise NotFoundError(f"no stored key '{name}'", "run `icraft keys list` to see the stored ones")
    typer.echo(f"removed key '{name}'", err=True)
    var = keys.env_var_for(name)
    import os

    if os.environ.get(var):
        typer.echo(f"note: {var} is still set in the environment and will be used", err=True)


def _configured_key_names() -> tuple[str, ...]:
    from icraft import config

    return (config.get("llm.key_name"),)


def register(app: typer.Typer) -> None:
    app.add_typer(keys_app, name="keys", short_help="Store, list and remove API keys for the providers.")
