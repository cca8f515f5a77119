"""The vocabulary of a practice conversation, shared by every mode: what the other side
says (:class:`Utterance`), a dialogue's answer to one event (:class:`Step`), the pure
:class:`Dialogue` protocol and the one-shot :class:`Analyzer`.

A Dialogue does no I/O and touches no database: it takes the candidate's turns and
returns Steps. Its whole state is a JSON-able dict (``snapshot()``); constructing it
again with ``state=`` restores it, and given the same state and turns it decides the
same (replay after a crash and ``--continue`` rely on this). The modes' dialogues (the
interview's engine, the cue drill) are written against these types; the registry entry
that runs them, :class:`~icraft.modes.base.Mode`, is in ``icraft.modes``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, runtime_checkable

if TYPE_CHECKING:  # pragma: no cover
    from icraft.core.findings import AnswerResult
    from icraft.core.transcript import Turn

DONE = "done"


@dataclass(frozen=True)
class Utterance:
    """One thing the other side says. ``question_id`` is set when it asks a bank question."""

    text: str
    phase: str  # a mode's phase name (the interview's are a StrEnum)
    kind: str  # greeting, question, followup, repeat, moment, reprompt, ack, reply, resume, closing...
    question_id: str | None = None


@dataclass(frozen=True)
class Step:
    """A dialogue's answer to one event: what to say, the phase it leaves the session in
    (``"done"`` when it is over, so no answer is expected), and what was judged."""

    utterances: tuple[Utterance, ...]
    phase: str
    intent: Any = None  # the mode's reading of the turn (the interview's Intent), if any
    # Position of the candidate's turn among the session's candidate turns; None for an empty
    # turn or a request (repeat, a moment, skip), which is not an answer.
    answer_index: int | None = None
    answered_phase: str | None = None  # the phase the candidate's turn belonged to
    question_id: str | None = None  # the question the candidate's turn answered
    result: AnswerResult | None = None  # set when the turn was scored (the runner stores it)
    core: bool = False  # the scored turn answered a core question (not a follow-up)
    checked_rules: tuple[str, ...] | None = None  # a follow-up answer is checked against these only
    # How the live score line names the scored turn when its position among the candidate's
    # turns is not what the candidate saw (a coding round's "follow-up 2", its code
    # submissions between); None: "answer N" / "follow-up N" from answer_index.
    label: str | None = None
    # The number the candidate sees for the scored turn ("answer 1" is the first real
    # answer: requests before it are not counted; core.numbering), set by the runner.
    number: int | None = None

    @property
    def done(self) -> bool:
        return self.phase == DONE

    @property
    def said(self) -> str:
        """The utterances as one spoken line."""
        return " ".join(u.text for u in self.utterances)


@runtime_checkable
class Dialogue(Protocol):
    """A practice conversation as a pure state machine (see the module docstring)."""

    kind: str

    def start(self) -> Step: ...

    def answer(self, turn: Turn, *, elapsed_ms: int | None = None) -> Step: ...

    def finish_early(self) -> Step: ...

    def resume_prompt(self) -> Step: ...

    def snapshot(self) -> dict[str, Any]: ...

    @property
    def phase(self) -> str: ...

    @property
    def pending_question_id(self) -> str | None: ...

    @property
    def answer_phase(self) -> str: ...

    @property
    def elapsed_ms(self) -> int: ...


R = TypeVar("R")


class Analyzer(Protocol, Generic[R]):
    """The one-shot form of a mode: a document in, a typed result and skill evidence out
    (a job posting). Pure, like a Dialogue."""

    kind: str

    def analyze(self, text: str) -> R: ...
