"""A command group that imports a command's module only when that command is used.

`icraft --help`, `icraft --version` and shell completion of command names need only
each command's name and one-line help, so those come from a static table
(``name -> LazyCommand(module, short_help)``) and no command module is imported for
them. A module is imported, and its ``register(app)`` run, the first time its
command is resolved: when it is invoked, when its own ``--help`` is asked, or when
completion goes inside it. ``tests/test_cli_lazy.py`` checks that the table and the
real commands agree, so the two cannot drift apart.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from difflib import get_close_matches
from typing import Any, NamedTuple

import typer
import typer.main
from typer.core import TyperGroup

PACKAGE = "icraft.cli"


class LazyCommand(NamedTuple):
    """Where a command lives and the one line `icraft --help` shows for it."""

    module: str  # a module of icraft.cli exposing register(app)
    short_help: str


def load_command(module: str, name: str, *, rich_markup_mode: Any = None) -> Any:
    """Import ``icraft.cli.<module>``, run its ``register`` on a scratch app and
    return the Click command it registered under ``name``."""
    holder = typer.Typer(rich_markup_mode=rich_markup_mode, add_completion=False)
    importlib.import_module(f"{PACKAGE}.{module}").register(holder)
    # get_group, not get_command: a module with one command must still come back
    # as a group holding it, so the command keeps its own name and settings.
    command = typer.main.get_group(holder).commands.get(name)
    if command is None:  # a wrong table entry: a bug, reported by the error boundary
        raise LookupError(f"{PACKAGE}.{module}.register() added no command named {name!r}")
    return command


class LazyGroup(TyperGroup):
    """A Typer group whose subcommands come from the class attribute ``table``.

    Typer requires the group class to derive from its ``TyperGroup`` (it vendors its
    own Click), so this overrides the four places Click would otherwise build every
    command: listing, lookup, the help's command list and name completion.
    """

    table: Mapping[str, LazyCommand] = {}

    def list_commands(self, ctx: Any) -> list[str]:
        return [*self.table, *(n for n in self.commands if n not in self.table)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = self.commands.get(cmd_name)
        if command is None and cmd_name in self.table:
            command = load_command(self.table[cmd_name].module, cmd_name, rich_markup_mode=self.rich_markup_mode)
            self.commands[cmd_name] = command
        return command

    def _short_helps(self) -> list[tuple[str, str]]:
        rows = [(name, entry.short_help) for name, entry in self.table.items()]
        rows += [
            (name, cmd.get_short_help_str())
            for name, cmd in self.commands.items()
            if name not in self.table and not cmd.hidden
        ]
        return rows

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = self._short_helps()
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def shell_complete(self, ctx: Any, incomplete: str) -> list[Any]:
        from typer.core import CompletionItem

        items = [CompletionItem(name, help=text) for name, text in self._short_helps() if name.startswith(incomplete)]
        # Skip TyperGroup.shell_complete, which would import every module; its base
        # (Click's Command) completes this group's own options.
        return items + super(TyperGroup, self).shell_complete(ctx, incomplete)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """TyperGroup's "Did you mean" looks only at commands already built; look at all."""
        try:
            return self._click_resolve_command(ctx, args)
        except typer.TyperException as e:  # Click's UsageError
            matches = get_close_matches(args[0], self.list_commands(ctx)) if args and self.suggest_commands else []
            if matches:
                e.message = f"{e.message.rstrip('.')}. Did you mean {', '.join(repr(m) for m in matches)}?"
            raise
