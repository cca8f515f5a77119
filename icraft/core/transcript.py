"""Transcript domain model: words, turns, transcripts and the answers inside them.

Invariant that everything downstream relies on: a turn's ``words`` are exactly the
whitespace-separated tokens of its ``text``, in order, each carrying its character
offsets into ``text``. Timed sources (Deepgram, Whisper) build the text by joining
their (punctuated) words with single spaces; untimed sources tokenize the text. So a
span is always both a word-index range and a character range, and the quote shown
to the user is always ``turn.text[char_start:char_end]`` — cut, never generated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from operator import attrgetter
from typing import Any, Callable, Iterable, Iterator, Sequence

from icraft.core.errors import InputError

INTERVIEWER = "interviewer"
CANDIDATE = "candidate"
SPEAKERS = (INTERVIEWER, CANDIDATE)

_TOKEN = re.compile(r"\S+")

# Unicode format characters (category Cf): zero-width spaces and joiners, left-to-right
# and right-to-left marks, embeddings and isolates, byte-order marks, soft hyphens. They
# are invisible, but a right-to-left mark before "Interviewer:" hid the label and a
# zero-width space after "I" hid the word from every rule. Readers drop them and
# compose characters (NFC), so every stored text, offset and quote is of the clean text.
# Where Cf characters are (Unicode 15); filtered by the running Python's own database,
# so the table is exactly its Cf set (a test checks every code point).
_CF_RANGES = (
    (0x00AD, 0x00AD), (0x0600, 0x0605), (0x061C, 0x061C), (0x06DD, 0x06DD), (0x070F, 0x070F),
    (0x0890, 0x0891), (0x08E2, 0x08E2), (0x180E, 0x180E), (0x200B, 0x200F), (0x202A, 0x202E),
    (0x2060, 0x2064), (0x2066, 0x206F), (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0x110BD, 0x110BD),
    (0x110CD, 0x110CD), (0x13430, 0x1343F), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
)
_FORMAT_CHARS: dict[int, None] | None = None


def format_chars() -> dict[int, None]:
    """The Unicode format characters (category Cf), as a ``str.translate`` table that drops them."""
    global _FORMAT_CHARS
    if _FORMAT_CHARS is None:
        import unicodedata

        _FORMAT_CHARS = dict.fromkeys(
            c for lo, hi in _CF_RANGES for c in range(lo, hi + 1) if unicodedata.category(chr(c)) == "Cf"
        )
    return _FORMAT_CHARS


def clean(text: str) -> str:
    """``text`` in NFC without Unicode format characters (category Cf); ASCII as is."""
    if text.isascii():
        return text
    import unicodedata

    text = text.translate(format_chars())
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def clean_with_offsets(text: str) -> tuple[str, list[int]]:
    """(``clean(text)``, where each of its characters came from in ``text``): position
    ``i`` of the clean text is position ``offsets[i]`` of the original, and
    ``offsets[len(clean)] == len(text)``. Exact at every whitespace-separated token's
    start and end (where quotes start and end); inside a token whose characters NFC
    composed, positions map to the nearest original one. Whitespace is never removed or
    composed, so the clean text keeps the original's line breaks."""
    out = clean(text)
    if out == text:
        return text, list(range(len(text) + 1))
    offsets: list[int] = []
    for m in re.finditer(r"\S+|\s+", text):
        piece = m.group()
        if piece[0].isspace():
            offsets.extend(range(m.start(), m.end()))
            continue
        kept = clean(piece)
        if len(kept) == len(piece):
            offsets.extend(range(m.start(), m.end()))
        else:
            step = (m.end() - m.start()) / max(1, len(kept))
            offsets.extend(m.start() + int(i * step) for i in range(len(kept)))
    offsets.append(len(text))
    if len(offsets) != len(out) + 1:  # NFC joined across tokens (never for whitespace): no exact map
        return out, [min(len(text), round(i * len(text) / max(1, len(out)))) for i in range(len(out) + 1)]
    return out, offsets
_HAS_SPACE = re.compile(r"\s").search
_NORM_STRIP = re.compile(r"^[^\w']+|[^\w']+$")


def normalize(token: str) -> str:
    """Lower-case a token and strip surrounding punctuation ("Sale," -> "sale")."""
    return _NORM_STRIP.sub("", token.lower()).replace("\u2019", "'")


@dataclass(frozen=True, slots=True)
class Word:
    """One token of a turn. Timings are milliseconds from the start of the recording."""

    text: str
    char_start: int
    char_end: int
    start_ms: int | None = None
    end_ms: int | None = None
    confidence: float | None = None

    @property
    def norm(self) -> str:
        return normalize(self.text)

    @property
    def timed(self) -> bool:
        return self.start_ms is not None and self.end_ms is not None


# Word's slots, set directly: a frozen dataclass's __init__ sets each field through
# object.__setattr__ (~1.3 us a word); these descriptors do it in ~0.4 us. A turn of
# typed text builds one Word per token, so this was a sixth of linting a typed answer.
_NEW = object.__new__
_SET_WORD = tuple(getattr(Word, f).__set__ for f in Word.__slots__)


def _word(text: str, char_start: int, char_end: int, start_ms: int | None = None,
          end_ms: int | None = None, confidence: float | None = None) -> Word:
    """``Word(text, char_start, char_end, ...)``, built faster (Word has no __post_init__)."""
    w = _NEW(Word)
    st, cs, ce, sm, em, co = _SET_WORD
    st(w, text)
    cs(w, char_start)
    ce(w, char_end)
    sm(w, start_ms)
    em(w, end_ms)
    co(w, confidence)
    return w


@dataclass(frozen=True, slots=True)
class TimedToken:
    """Input to :meth:`Turn.from_tokens`: what a speech recogniser gives per word."""

    text: str
    start_ms: int | None = None
    end_ms: int | None = None
    confidence: float | None = None


# The interview phases whose candidate turns are not scored: an interview scores its core
# questions and the replies to its follow-ups, not the warm-up or the candidate's questions.
UNSCORED_PHASES = {"greeting": "greeting", "warmup": "warm-up answer",
                   "candidate_questions": "your question to the interviewer", "closing": "closing"}


@dataclass(frozen=True, slots=True)
class TurnMeta:
    """What the session a turn comes from knew about it beyond its words (an interview's
    export keeps it in icraft JSON, docs/FORMATS.md), so that linting the export judges
    each answer as the session did: the interview ``phase`` it was said in ("warmup",
    "core", "followup", ...); for a candidate's turn the ``question_type`` it was scored
    as, the rules a follow-up reply was checked against (``checks``; None: every rule),
    and ``scored`` False when the session scored nothing in it (a request to repeat the
    question, a reply to a follow-up that checks no rule)."""

    phase: str | None = None
    question_type: str | None = None
    checks: tuple[str, ...] | None = None
    scored: bool = True

    def unscored(self) -> str | None:
        """Why the turn is not scored (an answer to the warm-up, ``scored`` False), else None."""
        if self.phase in UNSCORED_PHASES:
            return f"{UNSCORED_PHASES[self.phase]}: the interview does not score it"
        return None if self.scored else "not scored in its session (a request, or a reply no rule checks)"


@dataclass(frozen=True, slots=True)
class Turn:
    speaker: str
    text: str
    words: tuple[Word, ...]
    # True when word timings were interpolated from cue/segment timings (VTT, SRT).
    approximate: bool = False
    # What its session knew about the turn (phase, how it was scored); None for most sources.
    meta: TurnMeta | None = None

    @classmethod
    def from_text(cls, speaker: str, text: str) -> Turn:
        """An untimed turn: tokenize text on whitespace."""
        text = clean(text).strip()
        seen: dict[str, str] = {}  # one string per distinct token: a long answer repeats its words
        words = tuple(
            _word(seen.setdefault(tok, tok), m.start(), m.end()) for m in _TOKEN.finditer(text) if (tok := m.group())
        )
        return cls(speaker=speaker, text=text, words=words)

    @classmethod
    def from_tokens(
        cls, speaker: str, tokens: Iterable[TimedToken], *, approximate: bool = False
    ) -> Turn:
        """A (possibly) timed turn built from recogniser tokens joined by single spaces.

        Tokens containing whitespace are split so the tokenization invariant holds; the
        pieces share the token's timing proportionally to their length.
        """
        parts: list[str] = []
        words: list[Word] = []
        seen: dict[str, str] = {}  # one string per distinct word, as in from_text
        pos = 0
        for tok in tokens:
            text = tok.text if tok.text.isascii() else clean(tok.text)
            text = seen.setdefault(text, text)
            if text and not _HAS_SPACE(text):  # fast path: one token, one word
                if parts:
                    pos += 1
                parts.append(text)
                end = pos + len(text)
                words.append(_word(text, pos, end, tok.start_ms, tok.end_ms, tok.confidence))
                pos = end
                continue
            pieces = text.split()
            if not pieces:
                continue
            for piece, (s, e) in zip(pieces, _share_timing(tok, pieces)):
                if parts:
                    pos += 1
                parts.append(piece)
                words.append(_word(piece, pos, pos + len(piece), s, e, tok.confidence))
                pos += len(piece)
        return cls(speaker=speaker, text=" ".join(parts), words=tuple(words), approximate=approximate)

    @property
    def timed(self) -> bool:
        return bool(self.words) and all(w.timed for w in self.words)

    @property
    def start_ms(self) -> int | None:
        return self.words[0].start_ms if self.timed else None

    @property
    def end_ms(self) -> int | None:
        return self.words[-1].end_ms if self.timed else None

    @property
    def duration_ms(self) -> int | None:
        """First word's start to last word's end; None when untimed."""
        return self.words[-1].end_ms - self.words[0].start_ms if self.timed else None  # type: ignore[operator]

    def with_text(self, text: str) -> Turn:
        """Replace the text, keeping the timings of words that did not change.

        Used for transcript correction: an unchanged word (same token, same relative
        order) keeps its timing; an edited or inserted word gets none, so the turn is
        then only partially timed and timing rules say so.
        """
        new = Turn.from_text(self.speaker, text)
        old_tokens = [w.text for w in self.words]
        new_tokens = [w.text for w in new.words]
        import difflib

        kept: dict[int, Word] = {}
        matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
        for block in matcher.get_matching_blocks():
            for k in range(block.size):
                kept[block.b + k] = self.words[block.a + k]
        words = tuple(
            replace(w, start_ms=kept[i].start_ms, end_ms=kept[i].end_ms, confidence=kept[i].confidence)
            if i in kept
            else w
            for i, w in enumerate(new.words)
        )
        return replace(new, words=words, approximate=self.approximate, meta=self.meta)


def _share_timing(tok: TimedToken, pieces: Sequence[str]) -> list[tuple[int | None, int | None]]:
    if len(pieces) == 1 or tok.start_ms is None or tok.end_ms is None:
        return [(tok.start_ms, tok.end_ms)] * len(pieces)
    # Boundaries from the running character total, so the last piece ends exactly
    # at the token's end and rounding never pushes a piece past it.
    total = sum(len(p) for p in pieces)
    start, dur = tok.start_ms, tok.end_ms - tok.start_ms
    out: list[tuple[int | None, int | None]] = []
    done = 0
    t = start
    for p in pieces:
        done += len(p)
        e = start + round(dur * done / total)
        out.append((t, e))
        t = e
    return out


@dataclass(frozen=True, slots=True)
class Answer:
    """A candidate answer: one candidate turn and the interviewer turn that prompted it."""

    index: int  # 0-based position among the transcript's answers
    turn_index: int  # index of the candidate turn in Transcript.turns
    turn: Turn
    question: Turn | None


@dataclass(frozen=True, slots=True)
class Transcript:
    turns: tuple[Turn, ...]
    # Free-form metadata: source_format, question_type, role, level, title...
    meta: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for t in self.turns:
            if t.speaker not in SPEAKERS:
                raise InputError(f"unknown speaker {t.speaker!r}; expected one of {', '.join(SPEAKERS)}")

    @property
    def timed(self) -> bool:
        cands = [t for t in self.turns if t.speaker == CANDIDATE and t.words]
        return bool(cands) and all(t.timed for t in cands)

    @property
    def approximate(self) -> bool:
        return any(t.approximate for t in self.turns)

    def answers(self) -> list[Answer]:
        """Candidate turns with their questions. Consecutive candidate turns are
        separate answers only if an interviewer turn separates them; readers merge
        adjacent same-speaker turns, so this is one answer per question."""
        out: list[Answer] = []
        question: Turn | None = None
        for i, t in enumerate(self.turns):
            if t.speaker == INTERVIEWER:
                question = t
            elif t.words:
                out.append(Answer(len(out), i, t, question))
                question = None
        return out

    def __iter__(self) -> Iterator[Turn]:
        return iter(self.turns)

    def word_count(self) -> int:
        return sum(len(t.words) for t in self.turns)


# An interviewer's backchannel: a turn of nothing but acknowledgements ("Mhm.", "Okay.",
# "Right, right.", "Yeah, I see."), said while the candidate is still answering.
_BACKCHANNEL = re.compile(
    r"^\W*(?:(?:m+h+m+|mm-?hmm|uh-?huh|um-?hum|hmm+|okay|ok|right|yeah|yep|yes|sure|i\ssee|got\sit|gotcha|cool|"
    r"great|nice|interesting|wow|oh|ah|alright|all\sright|makes\ssense|go\son|go\sahead|please\scontinue|"
    r"that\smakes\ssense|understood|totally|exactly|of\scourse)\W*){1,4}$",
    re.IGNORECASE,
)


def is_backchannel(text: str) -> bool:
    """Whether an interviewer's turn is only an acknowledgement ("mhm", "okay", "right")."""
    text = text.strip()
    # Anything asked ("Go on?", "Right?") is left to be a question.
    return bool(text) and not text.endswith("?") and _BACKCHANNEL.match(text.replace("\u2019", "'")) is not None


def fold_backchannels(turns: Sequence[Turn]) -> list[Turn]:
    """``turns`` without the interviewer's backchannels that interrupt an answer: a
    backchannel-only interviewer turn between two candidate turns is dropped, so
    :func:`merge_adjacent` joins the candidate's fragments back into the one answer
    they are (judging "and then we sharded it" as a reply to "Mhm." split one story
    into fragments judged as follow-ups). Only a real question starts a new answer."""
    kept: list[Turn] = []
    for i, t in enumerate(turns):
        if (
            t.speaker == INTERVIEWER
            and kept
            and kept[-1].speaker == CANDIDATE
            and i + 1 < len(turns)
            and turns[i + 1].speaker == CANDIDATE
            and is_backchannel(t.text)
        ):
            continue
        kept.append(t)
    return kept


def last_core_question(turns: Sequence[Any], phase: Callable[[Any], str | None] = attrgetter("phase")) -> Any | None:
    """The last interviewer turn of an interview's core phase among ``turns`` (stored turns,
    views or :class:`Turn` s with ``phase=`` reading their meta), else None: the question a
    core answer answers. A follow-up that asks for the whole answer again ("Can you answer
    that one directly?") is not it: the interview judges the reply against the question it
    asked. One rule for the engine, ``sessions edit`` and ``rewind``."""
    return next((t for t in reversed(turns) if t.speaker == INTERVIEWER and phase(t) == "core"), None)


def merge_adjacent(turns: Iterable[Turn]) -> tuple[Turn, ...]:
    """Join consecutive turns of the same speaker into one (readers use this).

    Each run is joined once (linear), not turn by turn onto a growing text and word
    tuple (quadratic in the run: 100k one-speaker cues took minutes)."""
    runs: list[list[Turn]] = []
    for t in turns:
        if not t.words:
            continue
        if runs and runs[-1][0].speaker == t.speaker:
            runs[-1].append(t)
        else:
            runs.append([t])
    return tuple(run[0] if len(run) == 1 else _join(run) for run in runs)


def _join(run: list[Turn]) -> Turn:
    words: list[Word] = []
    offset = 0
    for t in run:
        if offset:
            words.extend(
                replace(w, char_start=w.char_start + offset, char_end=w.char_end + offset) for w in t.words
            )
        else:
            words.extend(t.words)
        offset += len(t.text) + 1
    # The run keeps what its session knew of its last turn that says (an interviewer's
    # greeting joined with the warm-up question is the warm-up).
    meta = next((t.meta for t in reversed(run) if t.meta is not None), None)
    return Turn(
        run[0].speaker, " ".join(t.text for t in run), tuple(words), any(t.approximate for t in run), meta
    )
