"""When is the interviewer asking a question?

A question ends at a "?" or at the end-of-turn decision. Small talk ("how's your day
going?", "can you hear me?") and backchannels ("mm-hmm", "right, makes sense") never
trigger a card; leading pleasantries are cut off the question that follows them
("Great, thanks. So what's your biggest weakness?" asks about the weakness).

:class:`QuestionStream` takes a stream of words (voice partials, or typed lines) and
says what to show: a provisional question from partial words (enough content to
match), then the firm questions when a "?" or the end of the turn closes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from icraft.cue.text import content, normalize

_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n+")
# Whole utterances that are acknowledgements, greetings or check-ins (normalized form).
_SMALL_TALK = re.compile(
    r"^(?:(?:ok|okay|alright|all right|right|yeah|yes|yep|sure|cool|great|perfect|nice|good|awesome|excellent"
    r"|interesting|wonderful|fantastic|fair enough|i see|got it|makes sense|that makes sense|sounds good|mhm|mm hmm"
    r"|uh huh|hmm|thanks|thank you|thank you so much|great answer|good answer|nice answer|hi|hello|hey"
    r"|good morning|good afternoon|good evening|nice to meet you|pleasure to meet you|welcome"
    r"|let us get started|let us begin|let us start|let us move on|moving on|next question"
    r"|that is all from me|that is great|that was great|that is helpful|that was really helpful|that was helpful"
    r"|that is really helpful|cool cool|no worries|of course|exactly|absolutely|definitely|totally"
    r"|for that|for sharing|for your time|for that answer|really|so|and|well|very|a lot|so much)\b[\s,]*)+$"
)
_CHECK_IN = re.compile(
    r"^(?:hi |hello |hey )?(?:how are you(?: doing)?(?: today)?|how is (?:your day|it going|your week|everything)"
    r"(?: going)?(?: so far)?(?: today)?|how has your day been|how was your weekend|can you hear me(?: okay| ok| well)?"
    r"|can you see my screen|is my audio (?:ok|okay)|are you ready(?: to (?:start|begin))?|shall we (?:start|begin)"
    r"|do you want to get started|is now still a good time|did you find us (?:ok|okay))$"
)
_LEAD = r"(?:(?:so|and|okay|ok|well|alright|now|right|then|great|maybe|just|next|first|to start|finally)\s+)*"
_ASKS = re.compile(
    r"(?:^|, )" + _LEAD + r"(?:what|why|how|when|where|who|whom|which|whose|tell|describe|explain|walk|talk|give|share|can|could"
    r"|would|will|do|does|did|have|has|had|is|are|was|were|should|design|build|imagine|suppose|let us"
    r"|say|in your|if you|any|anything|name|list|compare|introduce)\b"
)
MIN_WORDS = 3  # words a question needs without a "?"
# Short prompts to go on, not questions with a prepared answer.
_GO_ON = frozenset({"and then", "why", "how so", "really", "such as", "like what", "for example", "what else",
                    "anything else", "and after that", "what then", "go on", "and", "so", "how", "what", "is that so",
                    "why is that", "why not", "meaning", "which one", "tell me about that", "tell me about it",
                    "tell me more", "tell me more about that", "tell me more about it", "can you elaborate",
                    "could you elaborate", "elaborate", "say more", "can you say more", "what happened",
                    "what happened next", "what did you do", "what did you do next", "and what happened",
                    "can you give an example", "can you give me an example", "for instance"})
MIN_PROVISIONAL_WORDS = 2  # content words before a partial may show a provisional card


def small_talk(text: str) -> bool:
    """True for a backchannel, a pleasantry or a check-in: never a card."""
    n = normalize(text)
    if not n:
        return True
    return bool(_SMALL_TALK.match(n) or _CHECK_IN.match(n))


def _question_text(sentences: list[str]) -> str:
    """The sentences left once leading small talk is cut off."""
    while sentences and small_talk(sentences[0]):
        sentences = sentences[1:]
    return " ".join(sentences).strip()


def is_question(text: str, *, closed: bool = False) -> bool:
    """Whether ``text`` (pleasantries already cut) asks something: it ends with "?" (``closed``)
    or opens like a question or a prompt ("tell me...", "design..."), and has enough content."""
    if not text or small_talk(text):
        return False
    n = normalize(text)
    if n in _GO_ON or n.strip(" ,.") in _GO_ON:
        return False
    if closed or text.rstrip().endswith("?"):
        return len(n.split()) >= 2
    if len(n.split()) < MIN_WORDS:
        return False
    return bool(_ASKS.search(_clauses(text))) or " tell me " in f" {n} " or "walk me through" in n


def _clauses(text: str) -> str:
    """``text`` normalized with its commas kept, so a question opening a later clause is seen."""
    return ", ".join(normalize(part) for part in text.split(","))


def questions(turn: str) -> list[str]:
    """The questions in one finished turn (a typed line, or a spoken turn's final text):
    split at every "?", pleasantries cut, small talk dropped."""
    out: list[str] = []
    pieces = re.split(r"(?<=\?)", turn)
    for piece in pieces:
        closed = piece.rstrip().endswith("?")
        q = _question_text([s for s in _SENTENCES.split(piece.strip()) if s.strip()])
        if q and is_question(q, closed=closed):
            out.append(q)
    return out


@dataclass(frozen=True)
class Heard:
    """A question heard in the stream: ``final`` once a "?" or the end of the turn closed it."""

    text: str
    final: bool


class QuestionStream:
    """Voice partials (the whole turn's text so far, revised as it grows) or typed lines in,
    provisional and firm questions out. One instance per listening session."""

    def __init__(self) -> None:
        self._done = 0  # characters of the current turn already emitted as firm questions
        self._provisional: str | None = None

    def partial(self, text: str) -> list[Heard]:
        """The turn's text so far: firm questions closed by "?", then a provisional one."""
        out: list[Heard] = []
        tail = text[self._done:]
        cut = tail.rfind("?")
        if cut >= 0:
            for q in questions(tail[: cut + 1]):
                out.append(Heard(q, True))
            self._done += cut + 1
            tail = tail[cut + 1:]
            self._provisional = None
        q = _question_text([s for s in _SENTENCES.split(tail.strip()) if s.strip()])
        if q and not small_talk(q) and len(content(q)) >= MIN_PROVISIONAL_WORDS and q != self._provisional:
            self._provisional = q
            out.append(Heard(q, False))
        return out

    def end_turn(self, text: str) -> list[Heard]:
        """The turn's final text: its questions not yet emitted as firm, then reset."""
        tail = text[self._done:] if len(text) >= self._done else text
        self._done = 0
        self._provisional = None
        return [Heard(q, True) for q in questions(tail)]
