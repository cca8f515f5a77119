"""Playing a practice session in the terminal, for every mode: the front end is chosen
once (full screen, spoken, or plain lines) and each runs the same conversation driver
(:mod:`icraft.modes.driver`). A paused session (Ctrl-C, Ctrl-Q, a fault of the machine)
always ends with how to continue it."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Iterator, TextIO

if TYPE_CHECKING:  # pragma: no cover
    from icraft.modes.base import Step
    from icraft.modes.runner import SessionRunner


def continue_hint(runner: SessionRunner) -> str:
    command = runner.mode.command or runner.mode.kind
    return f"continue it with `icraft {command} --continue {runner.session_id}`"


@contextmanager
def says_how_to_continue(runner: SessionRunner) -> Iterator[None]:
    """A fault of the machine mid-session (disk full, read-only, file size limit): every turn
    before it is stored, so the one-line error ends with how to continue."""
    from icraft.core.errors import EnvironmentFault

    try:
        yield
    except EnvironmentFault as e:
        e.hint = f"{e.hint}; then {continue_hint(runner)}"
        raise


def unfinished(row: Any, command: str, *, json_out: bool, **so_far: Any) -> bool:
    """Say in one line that a session ended without a result; True when it did. An empty one
    (nothing said: saved as abandoned) or a paused one has no report, so with --json a script
    still gets one JSON document: ``completed`` false, the status, why (and, paused, how to
    continue) and ``so_far`` (the mode's public part, never anything a finished session alone reveals)."""
    from icraft.cli.output import notice, print_json

    empty = bool(row.meta.get("empty"))
    if not empty and row.status == "completed":
        return False
    again = f"icraft {command} --continue {row.id}"
    if empty:
        notice(f"nothing was answered: {row.kind} {row.id} is not saved as completed (no score, no skill moves)")
    else:
        notice(f"{row.kind} {row.id} paused; continue it with `{again}`")
    if json_out:  # an empty session has ended (no `continue`): a paused one goes on from its last turn
        how = {"reason": "nothing was answered"} if empty else {"reason": "paused", "continue": again}
        print_json({"session_id": row.id, "completed": False, "status": row.status, **how, **so_far})
    return True


def model_chain(notify: Any, session: str) -> Any:
    """One fallback chain (llm.provider, llm.fallback, offline) for a whole session whose
    lines a model words; None when no provider is configured. A provider failing is one
    notice; the last one says the ``session`` goes on with built-in wording."""
    from icraft import config

    if config.get("llm.provider") in ("", "offline"):
        return None
    from icraft.providers import FallbackChain

    chain = FallbackChain()

    def tell(message: str) -> None:
        notify(f"{message} ({session} goes on with built-in wording)" if chain.offline else message)

    chain.notify = tell
    return chain


def plain_notice(message: str) -> None:
    """A provider notice on stderr, in the line front ends."""
    from icraft.cli.output import notice

    notice(f"icraft: {message}")


def use_tui(*, plain: bool, out: TextIO) -> bool:
    """The full-screen UI: an interactive terminal, no --plain, and stdout is not data (--json)."""
    from icraft.cli.output import is_interactive

    return not plain and out is sys.stdout and is_interactive()


def play(runner: SessionRunner, first: Step | None, *, tui: bool, voiced: Any = None, held: list[str] | None = None,
         out: TextIO = sys.stdout, show_findings: bool = True) -> None:
    """Run the session in the chosen front end until it is done or paused."""
    with says_how_to_continue(runner):
        if tui:
            _tui(runner, first, held or [], voiced)
            return
        assert first is not None, "the line and spoken front ends start from a step"
        try:
            if voiced is not None:
                _spoken(runner, first, voiced, out=out, show_findings=show_findings)
            else:
                _lines(runner, first, out=out, show_findings=show_findings)
        except KeyboardInterrupt:
            from icraft.cli.output import notice

            notice(f"\n{runner.mode.kind} paused; {continue_hint(runner)}")
            raise


def _tui(runner: SessionRunner, first: Step | None, held: list[str], voiced: Any) -> None:
    """The full-screen UI (spoken with ``voiced``); a paused session is reported by the
    command. A microphone or speech provider failing mid-session leaves it paused, and its
    one-line error is raised once the screen is back."""
    from icraft.tui.interview_app import build_app

    session = voiced[0] if voiced is not None else None
    try:
        app = build_app(runner, first, notices=held, voice=session)
        app.run()
    finally:
        if voiced is not None:
            from icraft.voice.dialogue import release

            release(*voiced)
    if app.voice_error is not None:
        from icraft.cli.output import notice

        notice(f"{runner.mode.kind} paused; {continue_hint(runner)}")
        raise app.voice_error


def _spoken(runner: SessionRunner, first: Step, voiced: Any, *, out: TextIO, show_findings: bool) -> None:
    """``--voice`` / ``--audio-in`` without the full screen; the audio devices are released
    however it ends."""
    from icraft.voice.dialogue import release, run

    session, sink = voiced
    try:
        run(runner, first, session=session, out=out, show_findings=show_findings)
    finally:
        release(session, sink)


def _lines(runner: SessionRunner, first: Step, *, out: TextIO, show_findings: bool) -> None:
    """The line dialogue: multi-line answers in a terminal, one answer per line from a pipe."""
    from icraft.cli.output import is_interactive
    from icraft.modes import plain

    typed = is_interactive()  # typed answers are on the screen already; piped ones are echoed
    read = plain.multiline_reader(sys.stdin, out) if typed else plain.line_reader(sys.stdin)
    plain.run(runner, first, read=read, out=out, show_findings=show_findings, echo=not typed)
