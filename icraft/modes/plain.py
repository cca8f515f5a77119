"""The plain, line-based front end of every mode (``--plain``, or any time stdin is not
a terminal).

Input: in a terminal an answer may span several lines and ends with an empty line
or a line holding only "."; from a pipe or file every line is one answer. End of
input closes the session early (the questions answered are scored). Output:
``Interviewer [phase]: ...`` lines (the mode names its speaker), ``You: ...`` for
piped answers, and after each scored answer one line with its score and findings.
"""

from __future__ import annotations

import time
from typing import Callable, TextIO

from icraft.delivery.timing import unreliable, unreliable_note
from icraft.modes.base import Step
from icraft.modes.driver import Conversation, LinePort, Reader
from icraft.modes.runner import SessionRunner


def line_reader(stream: TextIO) -> Reader:
    """One line = one answer (piped input). None at end of input."""

    def read() -> str | None:
        line = stream.readline()
        return None if line == "" else line.rstrip("\r\n")

    return read


def multiline_reader(stream: TextIO, out: TextIO) -> Reader:
    """Lines until an empty line or "." (interactive input). None at end of input."""

    def read() -> str | None:
        lines: list[str] = []
        out.write("> ")
        out.flush()
        while True:
            line = stream.readline()
            if line == "":
                return "\n".join(lines) if lines else None
            line = line.rstrip("\r\n")
            if line.strip() in ("", "."):
                return "\n".join(lines)
            lines.append(line)
            out.write("  ")
            out.flush()

    return read


def say(step: Step, out: TextIO, speaker: str = "Interviewer") -> None:
    for u in step.utterances:
        out.write(f"\n{speaker} [{u.phase}]: {u.text}\n")
    out.flush()


def unjudged_followup(step: Step) -> bool:
    """A follow-up answer too short for any rule it was checked against: its "100" means
    nothing was judged, not that nothing was missing."""
    return (
        step.result is not None
        and step.checked_rules is not None
        and not set(step.checked_rules) & set(step.result.judged)
    )


def findings_line(step: Step) -> str | None:
    if step.result is None:
        return None
    label = step.label or f"{'answer' if step.core else 'follow-up'} {step.number or (step.answer_index or 0) + 1}"
    head = f"  [{label}"
    if unreliable(step.result.delivery):  # hundreds of "uh" made of a tone: flagged, not scored
        return f"{head}: not judged: {unreliable_note(step.result.delivery)}]"  # type: ignore[arg-type]
    if step.result.refused:  # an answer in another language, or one word: not scored
        refused = step.result.refused
        return f"{head}: {refused if refused.startswith('too short') else 'not judged: ' + refused}]"
    if unjudged_followup(step):
        return head + ": too short to judge]"
    rules = [f.rule_id for f in step.result.findings if f.measurable]
    return f"{head}: {step.result.score.overall}/100" + (f"; {', '.join(rules)}]" if rules else "; no findings]")


class TextOutput:
    """Text lines on ``out``. ``echo`` repeats each answer as ``You: ...`` (piped input
    is not on the screen, and the output then reads as the transcript); ``silence`` is
    what an empty spoken answer is shown as (None: empty answers are not echoed)."""

    def __init__(self, out: TextIO, *, speaker: str = "Interviewer", show_findings: bool = True,
                 echo: bool = False, silence: str | None = None) -> None:
        self.out = out
        self.speaker = speaker
        self.show_findings = show_findings
        self.echo = echo
        self.silence = silence

    def heard(self, text: str) -> None:
        text = text.strip() or (self.silence or "")
        if self.echo and text:
            lead = "" if self.silence is None else "\n"  # a spoken answer follows the live line
            self.out.write(f"{lead}You: {text}\n")

    def show(self, step: Step) -> None:
        line = findings_line(step) if self.show_findings else None
        if line:
            self.out.write(line + "\n")
        say(step, self.out, self.speaker)


def run(
    runner: SessionRunner,
    first: Step,
    *,
    read: Reader,
    out: TextIO,
    show_findings: bool = True,
    echo: bool = False,
    clock: Callable[[], float] = time.monotonic,
) -> Step:
    """Talk until the session is done (or input ends); returns the last step."""
    output = TextOutput(out, speaker=runner.mode.speaker, show_findings=show_findings, echo=echo)
    return Conversation(runner, output).run(first, LinePort(read, clock))
