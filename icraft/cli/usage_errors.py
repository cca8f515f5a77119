"""Usage errors in icraft's words.

Typer parses the command line with Click and checks option values with Click's types
(before 0.29, the versions pyproject.toml allows: 0.29 loads pydantic on every start) or
with pydantic (0.29 on); their
messages ("Invalid value for '--format' / '-f': Value error, 'xml' is not one of ...",
"Input should be a valid integer, unable to parse string as an integer", "No such
option: --jsn (Possible options: --json)") are rephrased here into the one-line style
of every other icraft error: what is wrong, with the value given, then the help to read.
Anything not recognised keeps Click's text, on one line.
"""

from __future__ import annotations

import re
from typing import Any

_CHOICES = re.compile(r"'(?P<value>.*)' is not one of (?P<choices>.*?)\.?$")
# Click's own messages for a value its type refused (Typer before 0.29 checks values with Click)
_NOT_IN_RANGE = re.compile(r"(?P<value>.*) is not in the range .*$")
_NOT_VALID = re.compile(r"'(?P<value>.*)' is not a valid (?P<kind>[\w ]+?)\.?$")


def usage_line(e: Any, argv: list[str]) -> str:
    """One line for a Click/Typer usage error, ending with the help to read (``argv``:
    the command line after the program name)."""
    ctx = getattr(e, "ctx", None)
    where = f"`{ctx.command_path if ctx is not None else _command_path(argv)} --help`"
    message = _rephrase(e)
    if message is None:
        message = " ".join(e.format_message().split())
    return f"{message} (see {where})"


def _command_path(argv: list[str]) -> str:
    """The command the command line names, for errors Click raises without a context
    (an option missing its value): `icraft usage --since` -> "icraft usage"."""
    import typer.main

    from icraft.cli.main import app

    command, path = typer.main.get_command(app), ["icraft"]
    for word in argv:
        sub = command.get_command(None, word) if hasattr(command, "get_command") and not word.startswith("-") else None
        if sub is None:
            break
        command = sub
        path.append(word)
    return " ".join(path)


def _name(param: Any) -> str:
    """How the user wrote the parameter: its longest option name, or an argument's NAME."""
    opts = [o for o in getattr(param, "opts", ()) if o.startswith("-")]
    if opts:
        return max(opts, key=len)
    return (getattr(param, "metavar", None) or param.name or "value").upper()


def _rephrase(e: Any) -> str | None:
    from typer._click import exceptions as click

    if isinstance(e, click.NoSuchOption):
        close = [p for p in (e.possibilities or ()) if p.startswith("-")]
        return f"unknown option {e.option_name}" + (f"; did you mean {', '.join(close)}?" if close else "")
    if isinstance(e, click.MissingParameter) and e.param is not None:
        name = _name(e.param)
        return f"{name} is required" if name.startswith("-") else f"missing {name}"
    if isinstance(e, click.BadParameter) and e.param is not None:
        return _bad_value(e)
    if isinstance(e, click.BadOptionUsage):
        text = e.format_message()
        if "requires an argument" in text:
            return f"{e.option_name} needs a value"
        if "does not take a value" in text:
            return f"{e.option_name} is a switch and takes no value"
    message = e.format_message()
    m = re.match(r"Got unexpected extra arguments? ?\(?s?\)? ?\((?P<args>.*)\)$", message)
    if m:
        words = m.group("args").split()
        return f"unexpected argument{'s' if len(words) > 1 else ''} {' '.join(repr(w) for w in words)}"
    m = re.match(r"No such command '(?P<name>[^']*)'\.?(?P<rest>.*)$", message)
    if m:
        rest = m.group("rest").strip()  # the group's "Did you mean 'drill'?"
        return f"unknown command '{m.group('name')}'" + (f"; {rest[0].lower()}{rest[1:]}" if rest else "")
    return None


def _bad_value(e: Any) -> str | None:
    """A value the option's type refused: pydantic's error, read from its structure (Typer
    0.29 on), else Click's message (before it); worded by :func:`_worded`."""
    name = _name(e.param)
    cause = e.__cause__
    errors = cause.errors() if cause is not None and hasattr(cause, "errors") else []
    if not errors:
        return _click_value(name, e)
    err = errors[0]
    kind, value, ctx = err.get("type", ""), err.get("input"), err.get("ctx") or {}
    shown = repr(value if isinstance(value, str) else str(value))
    if kind == "value_error":
        m = _CHOICES.match(str(ctx.get("error", "")))
        return _worded(name, "choice", shown, choices=m.group("choices")) if m else \
            f"{name}: {ctx.get('error') or err.get('msg')}"
    if kind in _KINDS:
        return _worded(name, _KINDS[kind], shown)
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        low, high = getattr(e.param, "min", None), getattr(e.param, "max", None)
        if low is None and high is None and kind in ("greater_than", "less_than"):
            return f"{name} must be {'more' if kind == 'greater_than' else 'less'} than " \
                   f"{ctx.get('gt', ctx.get('lt'))}, not {value}"
        if low is None and high is None:
            low, high = ctx.get("ge"), ctx.get("le")
        return _worded(name, "range", str(value), low=low, high=high)
    return f"{name}: {str(err.get('msg', '')).removeprefix('Value error, ')}"


# pydantic's error types, and the words Click's messages name types with, by what they ask for
_KINDS = {"int_parsing": "whole", "int_from_float": "whole", "float_parsing": "number", "bool_parsing": "bool"}
_CLICK_KINDS = (("int", "whole"), ("float", "number"), ("bool", "bool"))


def _worded(name: str, kind: str, shown: str, *, choices: str = "", low: Any = None, high: Any = None) -> str:
    """One wording for a refused value, whoever refused it."""
    if kind == "choice":
        listed = ", ".join(c.strip(" '") for c in choices.split(","))
        return f"{name} must be one of {listed}, not {shown}"
    if kind == "range":
        if low is not None and high is not None:
            return f"{name} must be between {low} and {high}, not {shown}"
        return f"{name} must be at least {low}, not {shown}" if low is not None else \
            f"{name} must be at most {high}, not {shown}"
    return {"whole": f"{name} must be a whole number, not {shown}", "number": f"{name} must be a number, not {shown}",
            "bool": f"{name} must be true or false, not {shown}"}[kind]


def _click_value(name: str, e: Any) -> str | None:
    """A value Click's type refused, from Click's message and the parameter's type."""
    text = str(getattr(e, "message", "") or "")
    m = _CHOICES.match(text)
    if m:
        return _worded(name, "choice", repr(m.group("value")), choices=m.group("choices"))
    m = _NOT_IN_RANGE.match(text)
    if m:
        kind = getattr(e.param, "type", None)
        return _worded(name, "range", m.group("value"), low=getattr(kind, "min", None), high=getattr(kind, "max", None))
    m = _NOT_VALID.match(text)
    if m:
        kind = next((k for prefix, k in _CLICK_KINDS if m.group("kind").startswith(prefix)), None)
        if kind is not None:
            return _worded(name, kind, repr(m.group("value")))
    return None
