"""The conversation driver: the one loop every practice mode runs through, whatever
the front end.

An exchange is always the same: the candidate's turn is shown and stored
(``runner.receive``), the dialogue reacts (``runner.react``: lint, and a model's wording
when one is configured), the outcome is stored (``runner.commit``) and shown. End of
input closes the session early. :meth:`Conversation.respond` is that exchange and
:meth:`Conversation.run` the loop; nothing else in icraft repeats them.

- **Input ports** produce the candidate's turns: :class:`LinePort` (typed or piped
  lines), ``voice.dialogue.VoicePort`` (listening, end of turn, transcription; it speaks
  the reply too), and the Textual editor, which calls :meth:`Conversation.respond` on
  Ctrl+S instead of running the loop (the app's event loop is its loop).
- **Output ports** show what happens (:class:`Output`): text lines
  (:class:`icraft.modes.plain.TextOutput`), the Textual screen. Optional ``state(name)``
  ("listening", "thinking", "speaking", "ended") and ``stages(timings)`` hooks serve the
  spoken front ends.
- **Hand-off**: every database write and every output call goes through ``hand_off(fn,
  *args)``. In the CLI it calls ``fn`` directly; in Textual, where the loop runs in a
  thread worker, it is ``App.call_from_thread`` (the connection and the widgets live on
  the UI thread). The dialogue's reaction is never handed off: it may wait for a model.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, Callable, Protocol

from icraft.modes.base import Step

if TYPE_CHECKING:  # pragma: no cover
    from icraft.core.transcript import Turn
    from icraft.modes.runner import SessionRunner

HandOff = Callable[..., Any]
Reader = Callable[[], "str | None"]


def direct(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """The hand-off of a single-threaded front end."""
    return fn(*args, **kwargs)


class Output(Protocol):
    def heard(self, text: str) -> None:
        """The candidate's turn, as it was understood ("" for silence)."""

    def show(self, step: Step) -> None:
        """What the other side says, and what was judged."""


class InputPort(Protocol):
    def opening(self, conversation: Conversation, step: Step) -> None:
        """The first step was shown (a spoken port says it)."""

    def exchange(self, conversation: Conversation) -> Step:
        """Obtain one turn, hand it to ``conversation.respond`` and return its step."""


class Conversation:
    """A session's runner and the front end's output, talking."""

    def __init__(self, runner: SessionRunner, output: Output, *, hand_off: HandOff = direct) -> None:
        self.runner = runner
        self.output = output
        self.hand_off = hand_off
        self.turn_ids: list[int] = []  # the stored candidate turns of the current exchange

    def state(self, name: str) -> None:
        hook = getattr(self.output, "state", None)
        if hook is not None:
            self.hand_off(hook, name)

    def open(self) -> Step:
        """Begin a new session (the dialogue's greeting may be phrased by a model: it is
        not handed off) and show it."""
        step = self.hand_off(self.runner.started, self.runner.dialogue.start())
        self.hand_off(self.output.show, step)
        return step

    def respond(self, answer: Turn | str | None, *, elapsed_ms: int | None = None) -> Step:
        """One exchange; ``None`` is the end of input, which closes the session early."""
        h = self.hand_off
        if answer is None:
            step = h(self.runner.stop_early)
        else:
            h(self.output.heard, answer if isinstance(answer, str) else answer.text)
            pending = h(self.runner.receive, answer, elapsed_ms=elapsed_ms)
            if pending.turn_id is not None:
                self.turn_ids.append(pending.turn_id)
            self.state("thinking")
            step = h(self.runner.commit, pending, self.runner.react(pending))
        h(self.output.show, step)
        return step

    def timed(self, timings: dict[str, Any]) -> None:
        """Per-stage times of the exchange just made (a spoken turn), stored with its turns."""
        ids, self.turn_ids = self.turn_ids, []
        for turn_id in ids:
            self.hand_off(self.runner.merge_timings, turn_id, timings)
        hook = getattr(self.output, "stages", None)
        if ids and hook is not None:
            self.hand_off(hook, timings)

    def run(self, first: Step, port: InputPort) -> Step:
        """The loop: show ``first``, then exchange turns until the session is done."""
        self.hand_off(self.output.show, first)
        port.opening(self, first)
        step = first
        while not step.done:
            step = port.exchange(self)
        return step


class LinePort:
    """Typed or piped lines: ``read()`` returns one answer, or None at the end of input;
    the time the candidate took is measured around it."""

    def __init__(self, read: Reader, clock: Callable[[], float] = time.monotonic) -> None:
        self.read = read
        self.clock = clock

    def opening(self, conversation: Conversation, step: Step) -> None:
        return None

    def exchange(self, conversation: Conversation) -> Step:
        t0 = self.clock()
        text = self.read()
        if text is None:
            return conversation.respond(None)
        return conversation.respond(text, elapsed_ms=int((self.clock() - t0) * 1000))
