"""Shell completion of option values and ids (`icraft --install-completion`).

Each completer is called only when the shell asks (TAB), imports what it needs then,
and lists only what is cheap: the fixed choices (question types, roles, levels,
formats), the bundled coding problems and negotiation scenarios, and the newest
sessions of the store, read-only (a missing database is not created). A completer
never fails the shell: a problem lists nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
Completer = Callable[[str], list[tuple[str, str | None]]]  # Typer passes what is typed so far

SESSIONS_LISTED = 100  # the newest sessions offered for an id


def _items(pairs: Iterable[tuple[str, str | None]], incomplete: str) -> list[tuple[str, str | None]]:
    """(value, help) pairs that start with what is typed; Typer makes them completion items."""
    return [(value, help) for value, help in pairs if value.startswith(incomplete)]


def choices(values: Callable[[], Iterable[str]]) -> Completer:
    """A completer of fixed values, read when completion runs."""

    def complete(incomplete: str) -> list[tuple[str, str | None]]:
        return _items(((v, None) for v in values()), incomplete)

    return complete


def _interview_types() -> tuple[str, ...]:
    from icraft.content.bank import INTERVIEW_CHOICES

    return (*INTERVIEW_CHOICES, "coding")


def _question_types() -> tuple[str, ...]:
    from icraft.rubric import QUESTION_TYPES

    return tuple(QUESTION_TYPES)


def _roles() -> tuple[str, ...]:
    from icraft.content.bank import ROLES

    return ROLES


def _levels() -> tuple[str, ...]:
    from icraft.content.bank import LEVELS

    return LEVELS


def _formats() -> tuple[str, ...]:
    from icraft.formats import FORMATS

    return FORMATS


interview_types = choices(_interview_types)
question_types = choices(_question_types)
roles = choices(_roles)
levels = choices(_levels)
formats = choices(_formats)


def problems(incomplete: str) -> list[tuple[str, str | None]]:
    """The coding problems' ids, each with its title."""
    from icraft.coding import bank

    try:
        return _items(((p.id, p.title) for p in bank.problems().values()), incomplete)
    except Exception:  # noqa: BLE001 - completion never breaks the shell
        return []


def scenarios(incomplete: str) -> list[tuple[str, str | None]]:
    """The bundled negotiation scenarios' ids, each with its role and level."""
    from icraft.negotiation import scenario

    try:
        return _items(((s.id, f"{s.role}, {s.level}") for s in scenario.load_all()), incomplete)
    except Exception:  # noqa: BLE001
        return []


def sessions(kind: str | None = None, *, in_progress: bool = False) -> Completer:
    """A completer of stored session ids (newest first, with their titles): all, or one
    kind's; ``in_progress``: only those that can be continued."""

    def complete(incomplete: str) -> list[tuple[str, str | None]]:
        from icraft.paths import db_path
        from icraft.store import sessions as store
        from icraft.store.db import open_read_only

        path = db_path()
        if not path.is_file():
            return []
        try:
            conn = open_read_only(path)
            try:
                rows = store.list_sessions(conn, kind=kind, limit=SESSIONS_LISTED)
            finally:
                conn.close()
        except Exception:  # noqa: BLE001 - a locked or damaged database: nothing to offer
            return []
        return _items(((r.id, r.title or r.kind) for r in rows
                       if not in_progress or r.status in ("in_progress", "abandoned")), incomplete)

    return complete


def sessions_or_files(incomplete: str) -> list[tuple[str, str | None]]:
    """Stored session ids (`rewind` and `diff` take an id or a file). A start that looks
    like a path ("./", "~/x", "a.txt"), or no id that matches, lists nothing, and the
    installed completion (``complete -o default``) falls back to the shell's file names."""
    if "/" in incomplete or "." in incomplete or incomplete.startswith("~"):
        return []
    return sessions()(incomplete)
