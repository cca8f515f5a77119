"""The mode registry: session kinds and the :class:`~icraft.modes.base.Mode` behind each.

Built-in modes are named here by module and loaded on first use (so listing kinds
imports no mode). Third parties register more through the ``icraft.modes`` entry-point
group, like providers: the entry point names a ``register(register)`` hook that calls
``register(Mode(...))`` once per mode. A plug-in that fails to load, or claims a kind
that is taken, is reported by :func:`plugin_errors` and never breaks icraft.
"""

from __future__ import annotations

from importlib import import_module
from typing import Callable

from icraft.core.errors import InputError
from icraft.modes.base import Mode

ENTRY_POINT_GROUP = "icraft.modes"

# kind -> "module:attribute" of its Mode. A new built-in mode adds one line here.
BUILTIN: dict[str, str] = {
    "interview": "icraft.modes.interview:MODE",
    "negotiation": "icraft.modes.negotiation:MODE",
    "cue": "icraft.modes.cue:MODE",
    "coding": "icraft.modes.coding:MODE",
}

_MODES: dict[str, Mode] = {}
_PLUGINS_LOADED = False
_ERRORS: list[str] = []


def register(mode: Mode, *, plugin: str | None = None) -> None:
    """Add a mode; a kind that is already registered is kept and the newcomer reported."""
    if mode.kind in _MODES or (plugin is not None and mode.kind in BUILTIN):
        _ERRORS.append(f"{plugin or 'icraft'}: mode {mode.kind!r} is already registered; ignored")
        return
    _MODES[mode.kind] = mode


def _plugins() -> None:
    global _PLUGINS_LOADED
    if _PLUGINS_LOADED:
        return
    _PLUGINS_LOADED = True
    from importlib.metadata import entry_points

    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            hook: Callable[[Callable[[Mode], None]], None] = ep.load()
            hook(lambda mode, name=ep.name: register(mode, plugin=name))
        except Exception as e:  # a third-party plug-in must not break icraft; it is reported
            _ERRORS.append(f"plug-in {ep.name} ({ep.value}) failed to load: {type(e).__name__}: {e}")


def get(kind: str) -> Mode:
    """The mode of a session kind; an unknown kind is a clear input error."""
    if kind not in _MODES and kind in BUILTIN:
        module, attr = BUILTIN[kind].split(":")
        _MODES[kind] = getattr(import_module(module), attr)
    if kind not in _MODES:
        _plugins()
    if kind not in _MODES:
        raise InputError(f"unknown session kind {kind!r}", f"known kinds: {', '.join(kinds())}")
    return _MODES[kind]


def kinds() -> list[str]:
    """Every registered kind: built-ins first, then plug-ins, each in registration order."""
    _plugins()
    return list(dict.fromkeys([*BUILTIN, *_MODES]))


def plugin_errors() -> list[str]:
    _plugins()
    return list(_ERRORS)


def reset() -> None:
    """Forget loaded modes and plug-ins (tests)."""
    global _PLUGINS_LOADED
    _MODES.clear()
    _ERRORS.clear()
    _PLUGINS_LOADED = False
