"""The plain, line-based interview dialogue (``icraft interview --plain``, or any
time stdin is not a terminal).

Input: in a terminal an answer may span several lines and ends with an empty line
or a line holding only "."; from a pipe or file every line is one answer. End of
input closes the interview early (the questions answered are scored). Output:
``Interviewer [phase]: ...`` lines, ``You: ...`` for piped answers, and after each
scored answer one line with its score and findings, on the given stream.
"""

from __future__ import annotations

import time
from typing import Callable, TextIO

from icraft.delivery.timing import impossible_rate, impossible_rate_note
from icraft.interview.engine import Step
from icraft.interview.runner import InterviewRunner

Reader = Callable[[], "str | None"]


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


def say(step: Step, out: TextIO) -> None:
    for u in step.utterances:
        out.write(f"\nInterviewer [{u.phase.value}]: {u.text}\n")
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
    label = "answer" if step.core else "follow-up"
    head = f"  [{label} {(step.answer_index or 0) + 1}"
    if impossible_rate(step.result.delivery):  # hundreds of "uh" made of a tone: flagged, not scored
        return f"{head}: not judged: {impossible_rate_note(step.result.delivery)}]"  # type: ignore[arg-type]
    if unjudged_followup(step):
        return head + ": too short to judge]"
    rules = [f.rule_id for f in step.result.findings if f.measurable]
    return f"{head}: {step.result.score.overall}/100" + (f"; {', '.join(rules)}]" if rules else "; no findings]")


def run(
    runner: InterviewRunner,
    first: Step,
    *,
    read: Reader,
    out: TextIO,
    show_findings: bool = True,
    echo: bool = False,
    clock: Callable[[], float] = time.monotonic,
) -> Step:
    """Talk until the interview is done (or input ends); returns the last step. ``echo``
    repeats each answer as a ``You: ...`` line: piped input is not on the screen, and the
    output then reads as the transcript."""
    step = first
    say(step, out)
    while not step.done:
        t0 = clock()
        text = read()
        if text is None:
            step = runner.stop_early()
            say(step, out)
            break
        if echo and text.strip():
            out.write(f"You: {text.strip()}\n")
        step = runner.submit(text, elapsed_ms=int((clock() - t0) * 1000))
        line = findings_line(step) if show_findings else None
        if line:
            out.write(line + "\n")
        say(step, out)
    return step
