"""What a candidate's turn *is* before it is an answer: a request to repeat, a skip,
a request for time, nothing at all, or a real answer.

Only short turns are classified as control requests: "I don't know the exact number,
but we cut latency by half" is an answer, not a skip. The rules are plain regular
expressions so the behaviour is predictable and testable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from icraft.core.numbering import AnswerNumbers


class Intent(StrEnum):
    ANSWER = "answer"
    EMPTY = "empty"
    REPEAT = "repeat"
    SKIP = "skip"
    MOMENT = "moment"
    NONE = "none"  # "no", "nothing": declining (used when the candidate is asked for questions)


# Longest turn (in words) that can still be a control request rather than an answer.
_CONTROL_MAX_WORDS = 10

_REPEAT = re.compile(
    r"\b(repeat|say (that|it) again|come again|rephrase|didn'?t (catch|hear|get) (that|it|the question)|"
    r"what was the question|pardon|sorry\?)",
    re.I,
)
_SKIP = re.compile(
    r"^(i )?(really )?(don'?t|do not) know\b|^(no idea|skip|pass|next( question)?|not sure|i'?m not sure|"
    r"i have no idea|can we skip|let'?s skip|i'?d rather skip|move on|i can'?t answer)",
    re.I,
)
_MOMENT = re.compile(
    r"\b(give me a (moment|minute|second|sec)|one (moment|minute|second|sec)|just a (moment|minute|second|sec)|"
    r"let me think|need (a|some) (moment|minute|time|second)|hold on|hang on|thinking)\b",
    re.I,
)
_NONE = re.compile(
    r"^(no|nope|nothing|none|no questions?|not really|i'?m good|that'?s all|all good|no,? thanks?( you)?|"
    r"no,? that'?s (it|all)|no more( questions)?)\b",
    re.I,
)
_TRAILING = re.compile(r"[\s.!?,]+$")

# What a turn is when it asks the interviewer for something (or says nothing) rather
# than answering: handled the same way in every phase, never scored, and not an answer
# to number or rewind. NONE is not here: "no" answers a core question (and is scored).
CONTROL = frozenset({Intent.EMPTY, Intent.REPEAT, Intent.MOMENT, Intent.SKIP})


def classify(text: str) -> Intent:
    """Classify one candidate turn. Long turns are always answers."""
    t = _TRAILING.sub("", text.strip())
    if not t or t == ".":
        return Intent.EMPTY
    if len(t.split()) > _CONTROL_MAX_WORDS:
        return Intent.ANSWER
    if _REPEAT.search(t):
        return Intent.REPEAT
    if _MOMENT.search(t):
        return Intent.MOMENT
    if _SKIP.search(t):
        return Intent.SKIP
    if _NONE.search(t) and len(t.split()) <= 5:
        return Intent.NONE
    return Intent.ANSWER


def is_control(text: str) -> bool:
    """Whether a candidate turn is a request ("can you repeat the question", "give me a
    moment", "skip") or empty. Depends on the text only, so a stored turn can be told
    apart later (sessions show, rewind) exactly as the engine told it apart live."""
    return classify(text) in CONTROL


def answer_numbers(candidate_texts: Iterable[str]) -> AnswerNumbers:
    """How a session's answers are numbered for people, from its candidate turns' texts in
    order: requests keep their stored index but get no number (core.numbering)."""
    from icraft.core.numbering import AnswerNumbers

    return AnswerNumbers(map(is_control, candidate_texts))
