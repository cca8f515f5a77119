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
    r"what was the question|pardon|sorry\?|what do you mean|(not sure|don'?t know) what you mean|"
    r"(could|can) you (clarify|explain (the|that) question))",
    re.I,
)
# A skip says "I don't know" and/or asks to move on, and nothing else. Each phrase is
# removed from the turn; if any was there and what is left holds no word of an attempt
# (only the _EMPTY_WORDS below), the turn is a skip. "I'm not sure, maybe it was fine" and
# "not sure, probably just add more servers" keep words of an attempt: they are answers,
# weak ones, and are scored as such.
_SKIP_PHRASES = re.compile(
    r"\b(?:(?:i )?(?:really |honestly |just )?(?:don'?t|do not|dunno) know|dunno|no idea|no clue|"
    r"(?:i'?m |i am )?not (?:really |quite |too )?sure|i have no (?:idea|clue)|"
    r"i can'?t (?:answer|say)|i (?:can'?t|cannot|don'?t) remember|i'?d rather not (?:answer|say)|"
    r"(?:i'?d rather |let'?s |can we |could we )?(?:skip|pass)|move on|go on|"
    r"(?:move|go) (?:on )?to the next(?: one| question)?|next(?: one| question)?)\b",
    re.I,
)
# Words that carry no attempt at an answer: politeness, hesitation, and the frame of a
# request ("can we ... this one, please").
_EMPTY_WORDS = frozenset(
    "i i'm im me sorry honestly to be honest really um umm uh uhh er erm hmm hm well so ok okay oh "
    "yeah actually frankly just the a this that it one question answer about can could we us let's "
    "lets please then here now at all any anything on for off top of my head".split()
)
_WORDS = re.compile(r"[a-z0-9']+")
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
    if _is_skip(t):
        return Intent.SKIP
    if _NONE.search(t) and len(t.split()) <= 5:
        return Intent.NONE
    return Intent.ANSWER


def _is_skip(t: str) -> bool:
    low = t.lower().replace("\u2019", "'")
    rest, n = _SKIP_PHRASES.subn(" ", low)
    return n > 0 and all(w in _EMPTY_WORDS for w in _WORDS.findall(rest))


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
